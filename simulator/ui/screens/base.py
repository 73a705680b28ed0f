"""What every full screen of the app shares: the header, the screen's own widgets, the footer; and the way
it talks to the app.

A screen never calls the app. It posts a message, nested on its own class (``CaseScreen.Finished``), saying
what happened, and the app decides what follows (``simulator.ui.session_flow``). So no screen imports the
app, and a screen's type says all it needs: the session or history it was given. Dialogs (``ModalScreen``)
answer with ``dismiss`` instead, to whoever pushed them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
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


class AppScreen(NoticeHost, Screen[None]):
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
