"""What every full screen of the app shares: the header, the screen's own widgets, the footer; and the way
it talks to the app.

A screen never calls the app. It posts a message, nested on its own class (``CaseScreen.Finished``), saying
what happened, and the app decides what follows (``simulator.ui.session_flow``). So no screen imports the
app, and a screen's type says all it needs: the session or history it was given. Dialogs (``ModalScreen``)
answer with ``dismiss`` instead, to whoever pushed them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.message import Message
from textual.screen import Screen

from simulator.ui.notices import NoticeBar, NoticeHost
from simulator.ui.widgets.footer import AppFooter
from simulator.ui.widgets.header import AppHeader

if TYPE_CHECKING:
    from simulator.application.session import Session


def quitting(screen: Screen[Any]) -> bool:
    """Whether the app is quitting. A screen mounted as it quits (Ctrl+Q at launch or as a case opens, a served
    session's browser closed) is taken down before its widgets are, and Textual still runs its ``on_mount``:
    then there is nothing there to fill, and each screen's ``on_mount`` returns at once."""
    return screen.app.return_code is not None


class DismissedOnce:
    """A screen that is dismissed once, however fast the keys that dismiss it come.

    Textual's ``dismiss`` pops whatever screen is on top. A second Enter or click typed before the screen has
    gone reaches it still (its box or button posted the message already), and dismissed it again: that
    popped the screen beneath (the case, the library) or, with the library alone, raised ScreenStackError (a
    traceback). Found by random bursts of keys (``python -m tests.app.fuzz_keys``). Listed first among a
    screen's bases, so that it comes before Textual's.
    """

    def dismiss(self, result: Any = None) -> AwaitComplete:
        screen = cast("Screen[Any]", self)
        if screen.app.screen is not screen:  # gone already
            return cast(AwaitComplete, AwaitComplete.nothing())
        dismissed: AwaitComplete = super().dismiss(result)  # type: ignore[misc]
        return dismissed


class AppScreen(DismissedOnce, NoticeHost, Screen[None]):
    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield from self.compose_body()
        yield NoticeBar()  # in the layout, above the footer: a notice never covers the screen's work
        yield AppFooter()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets, between the header and the footer."""
        yield from ()


class AboutSession(Message):
    """A screen's news about the session it shows."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
