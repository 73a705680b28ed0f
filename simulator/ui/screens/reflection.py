"""After the debrief: the trainee's reflection, saved with the session. It
feeds the exports (the CPD record's "what I learned", "how this changes my
practice" and "peer reflection" boxes) and is never written for them."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Label, Static, TextArea

from simulator.application.reflection import Reflection
from simulator.application.session import Session
from simulator.ui import history_flow, safe
from simulator.ui.widgets.footer import AppFooter

if TYPE_CHECKING:
    from simulator.ui.app import CaseReviewApp

QUESTIONS = (
    ("noticed", "1. What I noticed: in the case, and in how I worked it"),
    ("decided", "2. What I decided, and why"),
    ("practice", "3. What I would do differently; how this changes my practice"),
    ("peer", "4. Peer reflection (optional): what came of talking it over with a colleague"),
)


class ReflectionScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", tooltip="Keep your reflection with this session"),
        Binding("escape", "skip", "Not now", tooltip="Back to the library without writing a reflection"),
    ]
    AUTO_FOCUS = "#noticed"

    def __init__(self, session: Session, earlier: Reflection | None = None) -> None:
        super().__init__(classes="reflection")
        self.session = session
        self.earlier = earlier or Reflection()

    @property
    def case_app(self) -> CaseReviewApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        earlier = self.earlier
        texts = {"noticed": earlier.noticed, "decided": earlier.decided, "practice": earlier.practice_change,
                 "peer": earlier.peer_reflection}
        yield Header()
        with VerticalScroll(id="reflection"):
            yield Static("Reflect on this case", classes="heading")
            yield Static("A few lines each is plenty. Tab moves to the next box; ctrl+s keeps it with this session "
                         "(the CPD export uses it); Escape leaves it for now.", markup=False)
            for key, question in QUESTIONS:
                yield Label(question, classes="question")
                yield TextArea(clean_text(texts[key]), id=key, soft_wrap=True, classes="reflection-box")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Not now (esc)", id="skip", compact=True)
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Reflection: {safe.one_line(self.session.scenario.title)}"
        # Focusing the first box scrolls it to the top; the heading and first question belong above it.
        self.call_after_refresh(self.query_one("#reflection", VerticalScroll).scroll_home, animate=False)

    def reflection(self) -> Reflection:
        def text(key: str) -> str:
            return self.query_one(f"#{key}", TextArea).text

        return Reflection(text("noticed"), text("decided"), text("practice"), text("peer"))

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        reflection = self.reflection()
        if reflection.empty:
            safe.notify(self, "Write something first, or press Escape to leave it for now.", severity="warning")
            return
        history_flow.reflected(self.case_app, self.session, reflection)

    @on(Button.Pressed, "#skip")
    def action_skip(self) -> None:
        from simulator.ui.screens.confirm import ConfirmScreen

        if self.reflection().empty or self.reflection() == self.earlier:
            self.case_app.back_to_library()
            return

        def leave(sure: bool | None) -> None:
            if sure:
                self.case_app.back_to_library()

        self.app.push_screen(ConfirmScreen("Leave without saving?", "What you have written here is not kept."),
                             leave)


def clean_text(text: str) -> str:
    """Text for a TextArea: control characters out (the widget shows text literally)."""
    return safe.clean(text)
