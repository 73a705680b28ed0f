"""The author panel on the case screen: the preview the domain computes for
the session's state, kept current after every event, and the file watched
for saved edits (shown in place when they do not load). A new valid version
of the file is news for the case screen and the app's library:
``NewVersion`` tells them."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from simulator.application.session import Session, Submitted, stage_clock
from simulator.domain.preview import preview
from simulator.scenarios.loader import Loaded
from simulator.ui import safe
from simulator.ui.author import JUMP_KEY, TOGGLE_KEY
from simulator.ui.author.panel_text import jump_text, outcome_text, preview_text
from simulator.ui.author.reload import (
    FileWatch,
    Invalid,
    Outcome,
    Reloaded,
    Restored,
    Unfitting,
    Unreadable,
    check_for_change,
)

WATCH_SECONDS = 1.0
SCREEN_CLASS = "author-preview"


class AuthorPanel(Vertical):
    class NewVersion(Message):
        """The file now holds a new valid version (``loaded``): opening the case again, or a jump, plays it.
        ``switched``: the session carries on in it (every event so far fits it)."""

        def __init__(self, loaded: Loaded, switched: bool) -> None:
            super().__init__()
            self.loaded = loaded
            self.switched = switched

    def __init__(self, session: Session) -> None:
        super().__init__(id="author-panel")
        self.session = session
        self.file_watch = FileWatch(session.loaded.path, session.loaded.digest)
        self.outcome: Outcome | None = None  # what the last change to the file led to
        self._unsubscribe: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(f"AUTHOR PREVIEW  {TOGGLE_KEY} off · {JUMP_KEY} jump to stage", classes="panel-title")
        with VerticalScroll(id="author-scroll", classes="reading"):
            if self.session.author_jump:
                yield Static(jump_text(self.session), id="author-jump")
            yield Static(outcome_text(None, self.session.loaded.path), id="author-status")
            yield Static(self._preview(), id="author-preview")

    def on_mount(self) -> None:
        self.screen.add_class(SCREEN_CLASS)  # the case screen makes room for the panel
        self._unsubscribe = self.session.subscribe(self._accepted)
        self.set_interval(WATCH_SECONDS, self.check_file, name="author-file-watch")

    def on_unmount(self) -> None:
        self.screen.remove_class(SCREEN_CLASS)
        if self._unsubscribe is not None:
            self._unsubscribe()

    def _preview(self) -> Content:
        state = self.session.state
        return preview_text(preview(state), state.scenario, stage_clock(state))

    def _accepted(self, session: Session, submitted: Submitted) -> None:
        self.show_preview()

    def show_preview(self) -> None:
        self.query_one("#author-preview", Static).update(self._preview())

    def check_file(self) -> Outcome | None:
        """Look at the file once (the timer calls this every second); load a saved change in place, or say
        in the panel why it was not loaded. None when nothing changed."""
        if self.app.screen is not self.screen:
            return None  # a dialog is open over the case: its choices belong to the version it showed
        outcome = check_for_change(self.file_watch, self.session, self._ids_taken())
        if outcome is None or (isinstance(outcome, Unreadable) and outcome == self.outcome):
            return outcome
        self.outcome = outcome
        self.query_one("#author-status", Static).update(outcome_text(outcome, self.session.loaded.path))
        if isinstance(outcome, Reloaded | Unfitting):
            self.post_message(self.NewVersion(outcome.loaded, switched=isinstance(outcome, Reloaded)))
        if isinstance(outcome, Reloaded):
            self._show_new_version(outcome)
        elif isinstance(outcome, Restored):
            safe.notify(self, "The file is back to the version you are playing.", title="Author preview")
        else:
            self._say_not_loaded(outcome)
        return outcome

    def _ids_taken(self) -> dict[str, str]:
        """The ids of the library's other files, by id: a version saved under one of them is not loaded."""
        library = getattr(self.app, "library", None)
        if library is None:
            return {}
        mine = self.session.loaded.path
        return {entry.id: entry.path for entry in library.entries if entry.path != mine}

    def _show_new_version(self, outcome: Reloaded) -> None:
        self.show_preview()
        safe.notify(self, f"Reloaded {outcome.loaded.path}: your session carries on in the new version.",
                    title="Author preview")

    def _say_not_loaded(self, outcome: Invalid | Unfitting | Unreadable) -> None:
        why = {Invalid: "it has errors", Unfitting: "the session so far does not fit it",
               Unreadable: "it cannot be read"}[type(outcome)]
        safe.notify(self, f"Not reloaded: {why}. See the author panel; you carry on with the version before.",
                    title="Author preview", severity="warning")
