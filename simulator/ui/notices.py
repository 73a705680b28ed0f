"""Notices: what the app tells the trainee in passing ("Action taken: ...", "Note kept.", a store problem).

Textual's toasts float over the bottom right of the screen: at 80x24 three of them hid most of the evidence,
and one raised in the library stayed on top of the next case's decision. So a notice here is a line of the
screen it belongs to (``NoticeBar``, above the footer, or at the foot of a dialog): it takes room of its own
and covers nothing, and it goes when it times out or when its screen closes. A screen that has no bar (the
command palette, Textual's own dialogs) gets a toast as before.

Notices travel as a message to the app (``Noticed``), so any thread may raise one and it lands on the screen
that is on top when it is handled, unless it names its screen. The text is ``Content`` built by
``simulator.ui.safe``: never markup.
"""

from __future__ import annotations

import time
import weakref
from typing import Any, ClassVar, Literal

import attrs
from textual.app import App
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

Severity = Literal["information", "warning", "error"]
MOST_SHOWN = 2  # notices on one screen at once: the newest, and a problem still being read
# A cue that does not depend on colour, and the word a screen reader says.
MARKS: dict[str, tuple[str, str]] = {"information": ("›", "bold"), "warning": ("!", "bold reverse"),
                                     "error": ("✖", "bold reverse")}


@attrs.frozen(eq=False)
class Notice:
    text: Content
    title: str
    severity: Severity
    until: float  # time.monotonic() when it goes

    @property
    def message(self) -> str:
        return self.text.plain

    def mark(self) -> Content:
        mark, style = MARKS[self.severity]
        return Content.assemble((f" {mark} ", style))

    def body(self) -> Content:
        if self.title:
            return Content.assemble((self.title, "bold"), ": ", self.text)
        return self.text


class Noticed(Message):
    """A notice to show: on ``screen`` while it is open, or (None) on the screen on top."""

    def __init__(self, notice: Notice, screen: Screen[object] | None = None) -> None:
        super().__init__()
        self.notice = notice
        self.screen = screen


class NoticeHost:
    """A screen that shows its notices in a `NoticeBar` of its own."""

    HAS_NOTICE_BAR: ClassVar[bool] = True


_live: weakref.WeakKeyDictionary[Screen[object], list[Notice]] = weakref.WeakKeyDictionary()


def make(text: Content, *, title: str = "", severity: Severity = "information", timeout: float | None = None
         ) -> Notice:
    return Notice(text, title, severity, time.monotonic() + (App.NOTIFICATION_TIMEOUT if timeout is None
                                                             else timeout))


def notices_on(screen: Screen[object]) -> list[Notice]:
    """The notices showing on ``screen`` now, oldest first."""
    now = time.monotonic()
    kept = [n for n in _live.get(screen, []) if n.until > now]
    if kept:
        _live[screen] = kept
    else:
        _live.pop(screen, None)
    return kept


def all_notices(app: App[Any]) -> list[Notice]:
    """Every notice showing on an open screen of ``app`` (tests look here)."""
    return [n for screen in app.screen_stack for n in notices_on(screen)]


def show(app: App[Any], notice: Notice, screen: Screen[object] | None = None) -> None:
    """Put ``notice`` on ``screen`` (if it is still open), else on the screen on top. Runs on the app's thread."""
    if screen is None:
        screen = app.screen
    elif screen not in app.screen_stack:
        return  # its screen has closed: it would outlive it
    if not isinstance(screen, NoticeHost):
        # Textual's toast (the app's own notify would send it back here).
        App.notify(app, notice.text.plain, title=notice.title, severity=notice.severity,
                   timeout=max(0.0, notice.until - time.monotonic()), markup=False)
        return
    # The newest replaces what was there, but a problem stays until it times out.
    kept = [n for n in notices_on(screen) if n.severity == "error"]
    _live[screen] = [*kept, notice][-MOST_SHOWN:]
    for bar in screen.query(NoticeBar):
        bar.show()


def clear(app: App[Any]) -> None:
    for screen in app.screen_stack:
        _live.pop(screen, None)
        for bar in screen.query(NoticeBar):
            bar.show()


class NoticeBar(Vertical):
    """The screen's notices, newest last, each with its mark in a column of its own (a long one wraps under
    its text, not under the mark). Hidden when there are none."""

    DEFAULT_CSS = """
    NoticeBar {
        height: auto;
        max-height: 4;
        background: $panel;
        display: none;
    }
    NoticeBar.-warning { background: $warning-muted; }
    /* A problem says what to do about it, with a path in it: room to be read whole. */
    NoticeBar.-error { background: $error-muted; max-height: 6; }
    NoticeBar > Horizontal { height: auto; }
    NoticeBar .notice-mark { width: 4; height: 1; }
    NoticeBar .notice-text { width: 1fr; height: auto; padding-right: 1; }
    """

    def __init__(self) -> None:
        super().__init__(id="notices")
        self._timer: Timer | None = None
        self._shown: list[Notice] = []

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        notices = notices_on(self.screen)
        self.display = bool(notices)
        self.set_class(any(n.severity == "warning" for n in notices), "-warning")
        self.set_class(any(n.severity == "error" for n in notices), "-error")
        if notices != self._shown:
            self._shown = list(notices)
            self.remove_children()
            self.mount_all(Horizontal(Static(n.mark(), classes="notice-mark", markup=False),
                                      Static(n.body(), classes="notice-text", markup=False)) for n in notices)
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if notices:
            wait = max(0.05, min(n.until for n in notices) - time.monotonic())
            self._timer = self.set_timer(wait, self.show)
