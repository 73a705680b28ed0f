"""Every problem of one file that could not be loaded, from the library's list of them: where each is in the
file, what is wrong and the hint, to read beside the file being mended."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from simulator.ui import safe
from simulator.ui.notices import NoticeBar, NoticeHost
from simulator.ui.screens.base import DismissedOnce
from simulator.ui.widgets.broken_files import BrokenFile, hint_of, shown_path
from simulator.ui.widgets.footer import AppFooter


def problems_text(broken: BrokenFile) -> Content:
    lines: list[Content] = []
    for p in broken.problems:
        lines.append(Content.assemble((f"{p.line}:{p.col} ", "bold"), safe.line(p.message)))
        hint = hint_of(p)
        if hint:
            lines.append(Content.assemble("    ", safe.line(f"hint: {hint}", "dim")))
    if broken.about:
        lines += [Content(""), safe.line(broken.about.format(path=shown_path(broken.path)))]
    return safe.join(lines)


class FileProblemsScreen(DismissedOnce, NoticeHost, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close", id="file_problems.close"),
    ]
    AUTO_FOCUS = "#file-problems-list"

    def __init__(self, broken: BrokenFile) -> None:
        super().__init__(classes="dialog-screen")
        self.broken = broken

    def compose(self) -> ComposeResult:
        count = len(self.broken.problems)
        with Vertical(id="file-problems", classes="dialog"):
            yield Static(Content.assemble(f"{count} problem{'s' * (count != 1)} (line:column) in ",
                                          safe.line(shown_path(self.broken.path), "bold")), classes="title")
            with VerticalScroll(id="file-problems-list", classes="reading"):
                yield Static(problems_text(self.broken))
            yield NoticeBar()
        yield AppFooter()

    def action_close(self) -> None:
        self.dismiss()
