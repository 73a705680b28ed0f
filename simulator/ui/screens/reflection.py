"""After the debrief: the trainee's reflection, saved with the session. It
feeds the exports (the CPD record's "what I learned", "how this changes my
practice" and "peer reflection" boxes) and is never written for them."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, Static, TextArea

from simulator.application.reflection import Reflection
from simulator.application.session import Session
from simulator.ui import safe
from simulator.ui.keymap import key_for
from simulator.ui.screens.base import AboutSession, AppScreen, quitting
from simulator.ui.typed_ahead import TypingTextArea

QUESTIONS = (
    ("noticed", "1. What I noticed: in the case, and in how I worked it"),
    ("decided", "2. What I decided, and why"),
    ("practice", "3. What I would do differently; how this changes my practice"),
    ("peer", "4. Peer reflection (optional): what came of talking it over with a colleague"),
)


class ReflectionScreen(AppScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", tooltip="Keep your reflection with this session", id="reflection.save"),
        Binding("escape", "skip", "Not now", tooltip="Back to the library without writing a reflection",
                id="reflection.skip"),
    ]
    AUTO_FOCUS = "#noticed"

    class Saved(AboutSession):
        """Keep this reflection with the session (it stays on screen until the app says it is kept). ``earlier``
        is the saved reflection the screen started from: one saved since, elsewhere, is not replaced unasked."""

        def __init__(self, session: Session, reflection: Reflection, earlier: Reflection) -> None:
            super().__init__(session)
            self.reflection = reflection
            self.earlier = earlier

    class Left(AboutSession):
        """Back to the library, with nothing more to keep."""

    class DraftChanged(AboutSession):
        """The reflection as typed so far, not yet saved: to keep as a draft."""

        def __init__(self, session: Session, reflection: Reflection) -> None:
            super().__init__(session)
            self.reflection = reflection

    def __init__(self, session: Session, earlier: Reflection | None = None, draft: Reflection | None = None) -> None:
        """``earlier``: the reflection saved before; ``draft``: one typed and not saved (after a crash), shown
        in its place."""
        super().__init__(classes="reflection")
        self.session = session
        self.earlier = earlier or Reflection()
        self.draft = draft

    def compose_body(self) -> ComposeResult:
        earlier = self.draft or self.earlier
        texts = {"noticed": earlier.noticed, "decided": earlier.decided, "practice": earlier.practice_change,
                 "peer": earlier.peer_reflection}
        with VerticalScroll(id="reflection"):
            yield Static("Reflect on this case", classes="heading")
            save = key_for(self.app, "reflection.save", "ctrl+s")
            yield Static(f"A few lines each is plenty. Tab moves to the next box; {save} keeps it with this session "
                         "(the CPD export uses it); Escape leaves it for now.", markup=False)
            for key, question in QUESTIONS:
                yield Label(question, classes="question")
                yield TypingTextArea(clean_text(texts[key]), id=key, soft_wrap=True, classes="reflection-box")
            with Horizontal(classes="buttons"):
                yield Button(f"Save ({save})", id="save", variant="primary", compact=True)
                yield Button("Not now (esc)", id="skip", compact=True)

    def on_mount(self) -> None:
        if quitting(self):
            return
        self.sub_title = f"Reflection: {safe.one_line(self.session.scenario.title)}"
        # Focusing the first box scrolls it to the top; the heading and first question belong above it.
        self.call_after_refresh(self.query_one("#reflection", VerticalScroll).scroll_home, animate=False)

    @on(TextArea.Changed)
    def _typed(self) -> None:
        if self.is_mounted:
            self.post_message(self.DraftChanged(self.session, self.reflection()))

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
        self.post_message(self.Saved(self.session, reflection, self.earlier))

    @on(Button.Pressed, "#skip")
    def action_skip(self) -> None:
        from simulator.ui.screens.confirm import ConfirmScreen

        if self.reflection().empty or self.reflection() == self.earlier:
            self.post_message(self.Left(self.session))
            return

        def leave(sure: bool | None) -> None:
            if sure:
                self.post_message(self.Left(self.session))

        self.app.push_screen(ConfirmScreen("Leave without saving?", "What you have written here is not kept."),
                             leave)


def clean_text(text: str) -> str:
    """Text for a TextArea: control characters out (the widget shows text literally)."""
    return safe.clean(text)
