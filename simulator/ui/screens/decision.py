"""The decision: the stage's options, a rationale, the evidence it relies on,
and how confident the trainee is. Dismisses with a ``Decide`` event for the
case screen to submit, or ``None`` when cancelled.

What is chosen and typed is a draft until it is confirmed: each change goes to ``on_draft`` (the case
screen keeps it, and the app saves it with the session), and a draft given back fills the screen as it was,
after a cancel, a crash or a kill."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static, TextArea

from simulator.domain.engine import SessionState
from simulator.domain.events import CONFIDENCE_LABELS, Decide
from simulator.ui import case_text, safe
from simulator.ui.widgets.choice_list import ChoiceList
from simulator.ui.widgets.footer import AppFooter


class DecisionScreen(ModalScreen[Decide | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "confirm", "Confirm", tooltip="Record this decision; it cannot be changed"),
        Binding("escape", "cancel", "Cancel", tooltip="Go back to the case without deciding"),
    ]
    AUTO_FOCUS = "#options"

    def __init__(self, state: SessionState, draft: Mapping[str, Any] | None = None,
                 on_draft: Callable[[dict[str, Any]], None] | None = None) -> None:
        """``draft``: what was chosen and typed before (``draft_data``'s shape), to carry on with.
        ``on_draft``: called with the draft after every change."""
        super().__init__(classes="dialog-screen")
        self.state = state
        stage = state.current_stage
        assert stage is not None
        self.stage = stage
        self.draft = _usable(draft, state)
        self.on_draft = on_draft

    def compose(self) -> ComposeResult:
        state, stage = self.state, self.stage
        evidence = state.scenario.evidence_by_id
        with Vertical(id="decision", classes="dialog"):
            yield Static(Content.assemble(("Decision: ", "bold"), safe.line(stage.title, "bold")), classes="title")
            with VerticalScroll(id="decision-body"):
                yield Label("1. What do you decide?  (enter or space to choose)", classes="question")
                draft = self.draft
                yield ChoiceList([(o.id, case_text.option_line(o)) for o in stage.options], id="options",
                                 chosen=[draft["option"]] if draft.get("option") else ())
                yield Label("2. Your rationale: why, on the evidence", classes="question")
                yield TextArea(safe.clean(draft.get("rationale", "")), id="rationale",
                               placeholder="For example: the mark and the account meet the threshold because…",
                               soft_wrap=True)
                yield Label("3. The evidence you rely on  (space to tick; your flagged items start ticked)",
                            classes="question")
                yield ChoiceList(
                    [(r.evidence, safe.line(evidence[r.evidence].short)) for r in state.revealed],
                    multiple=True,
                    chosen=draft["cites"] if "cites" in draft
                    else [r.evidence for r in state.revealed if r.evidence in state.flags],
                    id="cites",
                )
                yield Label("4. How confident are you?", classes="question")
                yield ChoiceList(
                    [(str(level), Content(word.capitalize())) for level, word in CONFIDENCE_LABELS.items()],
                    id="confidence",
                    chosen=[str(draft["confidence"])] if draft.get("confidence") else (),
                )
            with Horizontal(classes="buttons"):
                yield Button("Confirm (ctrl+s)", id="confirm", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
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

    def draft_data(self) -> dict[str, Any]:
        """What is chosen and typed now, as it is kept: option, rationale (as typed), cites, confidence."""
        option = self.query_one("#options", ChoiceList).chosen
        confidence = self.query_one("#confidence", ChoiceList).chosen
        return {"stage": self.stage.id, "option": option[0] if option else None,
                "rationale": self.query_one("#rationale", TextArea).text,
                "cites": list(self.query_one("#cites", ChoiceList).chosen),
                "confidence": int(confidence[0]) if confidence else None}

    @on(OptionList.OptionSelected)
    @on(TextArea.Changed, "#rationale")
    def _changed(self) -> None:
        if self.on_draft is not None and self.is_mounted:
            self.on_draft(self.draft_data())

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


def _usable(draft: Mapping[str, Any] | None, state: SessionState) -> dict[str, Any]:
    """The parts of a kept draft that still fit this stage (a draft is data from the store: checked, not
    trusted)."""
    if not draft or state.current_stage is None or draft.get("stage") != state.current_stage.id:
        return {}
    found: dict[str, Any] = {}
    options = {o.id for o in state.current_stage.options}
    if draft.get("option") in options:
        found["option"] = draft["option"]
    if isinstance(draft.get("rationale"), str):
        found["rationale"] = draft["rationale"]
    revealed = {r.evidence for r in state.revealed}
    cites = draft.get("cites")
    if isinstance(cites, list):
        found["cites"] = [c for c in cites if isinstance(c, str) and c in revealed]
    if draft.get("confidence") in CONFIDENCE_LABELS:
        found["confidence"] = draft["confidence"]
    return found
