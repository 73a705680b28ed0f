"""The decision: the stage's options, a rationale, the evidence it relies on,
and how confident the trainee is. Dismisses with a ``Decide`` event for the
case screen to submit, or ``None`` when cancelled."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from simulator.domain.engine import SessionState
from simulator.domain.events import CONFIDENCE_LABELS, Decide
from simulator.ui import case_text, safe
from simulator.ui.notices import NoticeBar, NoticeHost
from simulator.ui.widgets.choice_list import ChoiceList
from simulator.ui.widgets.footer import AppFooter


class DecisionScreen(NoticeHost, ModalScreen[Decide | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "confirm", "Confirm", tooltip="Record this decision; it cannot be changed",
                id="decision.confirm"),
        Binding("escape", "cancel", "Cancel", tooltip="Go back to the case without deciding", id="decision.cancel"),
    ]
    AUTO_FOCUS = "#options"

    def __init__(self, state: SessionState) -> None:
        super().__init__(classes="dialog-screen")
        self.state = state
        stage = state.current_stage
        assert stage is not None
        self.stage = stage

    def compose(self) -> ComposeResult:
        state, stage = self.state, self.stage
        evidence = state.scenario.evidence_by_id
        with Vertical(id="decision", classes="dialog"):
            yield Static(Content.assemble(("Decision: ", "bold"), safe.line(stage.title, "bold")), classes="title")
            with VerticalScroll(id="decision-body"):
                yield Label("1. What do you decide?  (enter or space to choose)", classes="question")
                yield ChoiceList([(o.id, case_text.option_line(o)) for o in stage.options], id="options")
                yield Label("2. Your rationale: why, on the evidence", classes="question")
                yield TextArea(id="rationale", placeholder="For example: what the evidence shows, which "
                               "threshold it meets and why, and what you will check next…", soft_wrap=True)
                yield Label("3. The evidence you rely on  (space to tick; your flagged items start ticked)",
                            classes="question")
                yield ChoiceList(
                    [(r.evidence, safe.line(evidence[r.evidence].short)) for r in state.revealed],
                    multiple=True,
                    chosen=[r.evidence for r in state.revealed if r.evidence in state.flags],
                    id="cites",
                )
                yield Label("4. How confident are you?", classes="question")
                yield ChoiceList(
                    [(str(level), Content(word.capitalize())) for level, word in CONFIDENCE_LABELS.items()],
                    id="confidence",
                )
            with Horizontal(classes="buttons"):
                yield Button("Confirm (ctrl+s)", id="confirm", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
            yield NoticeBar()
        yield AppFooter()

    def decision(self) -> Decide | None:
        chosen = self.query_one("#options", ChoiceList).chosen
        if not chosen:
            return None
        confidence = self.query_one("#confidence", ChoiceList).chosen
        return Decide(
            stage=self.stage.id,
            option=chosen[0],
            rationale=self.query_one("#rationale", TextArea).text.strip(),
            cites=self.query_one("#cites", ChoiceList).chosen,
            confidence=int(confidence[0]) if confidence else None,
        )

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        decision = self.decision()
        if decision is None:
            safe.notify(self, "Choose what you decide first (question 1).", severity="warning")
            self.query_one("#options").focus()
            return
        self.dismiss(decision)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
