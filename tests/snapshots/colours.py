"""The sizes every screen is drawn at, and the app as a terminal with no colour or sixteen colours shows it.

`NO_COLOR=1` is Textual's own: set before the app is made, it draws without colour. A terminal with only the
sixteen standard colours (`TEXTUAL_COLOR_SYSTEM=standard`, many terminals and tmux) gets each colour rounded to
the nearest of them when Rich writes it; a snapshot is drawn in full colour, so `SixteenColours` does the same
rounding on the app's lines first (through `App._filters`, named in docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

from simulator.ui.app import CaseReviewApp

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


class SixteenColours(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out = []
        for text, style, control in segments:
            if style is not None and (style.color is not None or style.bgcolor is not None):
                color = style.color.downgrade(ColorSystem.STANDARD) if style.color is not None else None
                bgcolor = style.bgcolor.downgrade(ColorSystem.STANDARD) if style.bgcolor is not None else None
                style = style + Style.from_color(color, bgcolor)
            out.append(Segment(text, style, control))
        return out


def colour_app(make: Callable[[], CaseReviewApp], colours: str, monkeypatch: pytest.MonkeyPatch) -> CaseReviewApp:
    """The app as ``colours`` shows it: "no_color" or "standard"."""
    if colours == "no_color":
        monkeypatch.setenv("NO_COLOR", "1")
        return make()
    monkeypatch.setenv("TEXTUAL_COLOR_SYSTEM", "standard")
    app = make()
    app._filters.append(SixteenColours())
    return app
