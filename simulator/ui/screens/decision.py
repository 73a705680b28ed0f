"""The decision: the stage's options, a rationale, the evidence it relies on,
and how confident the trainee is. A stage with several decisions (format 2)
shows them together as one plan, each with its own choice and reasons.
Dismisses with the ``Decide`` events for the case screen to submit, in
order, or ``None`` when cancelled.

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
from simulator.domain.model import StageDecision
from simulator.ui import case_text, safe
from simulator.ui.keymap import key_for
from simulator.ui.notices import NoticeBar, NoticeHost
from simulator.ui.screens.base import DismissedOnce, quitting
from simulator.ui.typed_ahead import TypingTextArea
from simulator.ui.widgets.choice_list import ChoiceList
from simulator.ui.widgets.footer import AppFooter

RATIONALE_HINT = ("For example: what the evidence shows, which threshold it meets and why, and what you will check "
                  "next…")
# docs/scoring.md, "The written record": a record that gives no reasons a reader could check holds management
# oversight (and the stage's other record-read criteria) at requires improvement, and the case below good.
EMPTY_RECORD = ("{whose} is empty. A decision recorded without reasons is graded as such: management oversight at "
                "requires improvement at best (inadequate if nothing else shows it), and the case below good. Write "
                "why, or press {key} again to record it as it is.")


class DecisionScreen(DismissedOnce, NoticeHost, ModalScreen[tuple[Decide, ...] | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "confirm", "Confirm", tooltip="Record this decision; it cannot be changed",
                id="decision.confirm"),
        Binding("escape", "cancel", "Cancel", tooltip="Go back to the case without deciding", id="decision.cancel"),
    ]
    AUTO_FOCUS = "#options, #options-0"

    def __init__(self, state: SessionState, draft: Mapping[str, Any] | None = None,
                 on_draft: Callable[[dict[str, Any]], None] | None = None) -> None:
        """``draft``: what was chosen and typed before (``draft_data``'s shape), to carry on with.
        ``on_draft``: called with the draft after every change."""
        super().__init__(classes="dialog-screen")
        self.state = state
        stage = state.current_stage
        assert stage is not None
        self.stage = stage
        self.pending = state.pending_decisions()
        # A plan (several decisions) names each part's widgets by its place; one decision keeps the plain ids.
        self.plan = bool(stage.decisions)
        self.draft = _usable(draft, state)
        self.on_draft = on_draft
        # The rationales as they were when the trainee was told one is empty: a ctrl+s with them still so records
        # the decision as it is. Compared, not a flag reset on change: the box's Changed message can come after.
        self.empty_told: tuple[str, ...] | None = None

    def _ids(self, index: int) -> tuple[str, str]:
        return ("options", "rationale") if not self.plan else (f"options-{index}", f"rationale-{index}")

    def compose(self) -> ComposeResult:
        state, stage = self.state, self.stage
        evidence = state.scenario.evidence_by_id
        with Vertical(id="decision", classes="dialog"):
            yield Static(Content.assemble(("Decision: ", "bold"), safe.line(stage.title, "bold")), classes="title")
            if self.plan:
                yield Static(Content(f"This stage asks for {len(self.pending)} decisions, made together as one "
                                     "plan: each part has its own choice and its own reasons."), classes="plan-intro")
            with VerticalScroll(id="decision-body"):
                if self.plan:
                    yield from self._plan()
                else:
                    yield Label("1. What do you decide?  (enter or space to choose)", classes="question")
                    part = self._part(0)
                    yield ChoiceList([(o.id, case_text.option_line(o)) for o in state.options()], id="options",
                                     chosen=[part["option"]] if part.get("option") else ())
                    yield Label("2. Your rationale: why, on the evidence", classes="question")
                    yield TypingTextArea(safe.clean(part.get("rationale", "")), id="rationale",
                                         placeholder=RATIONALE_HINT, soft_wrap=True)
                number = len(self.pending) + 1 if self.plan else 3
                yield Label(f"{number}. The evidence you rely on  (space to tick; your flagged items start ticked)",
                            classes="question")
                yield ChoiceList(
                    [(r.evidence, safe.line(evidence[r.evidence].short)) for r in state.revealed],
                    multiple=True,
                    chosen=self.draft["cites"] if "cites" in self.draft
                    else [r.evidence for r in state.revealed if r.evidence in state.flags],
                    id="cites",
                )
                whole = ", in the plan as a whole" if self.plan else ""
                yield Label(f"{number + 1}. How confident are you{whole}?", classes="question")
                yield ChoiceList(
                    [(str(level), Content(word.capitalize())) for level, word in CONFIDENCE_LABELS.items()],
                    chosen=[str(self.draft["confidence"])] if self.draft.get("confidence") else (),
                    id="confidence",
                )
            with Horizontal(classes="buttons"):
                confirm = key_for(self.app, "decision.confirm", "ctrl+s")
                cancel = key_for(self.app, "decision.cancel", "esc")
                yield Button(f"Confirm ({confirm})", id="confirm", variant="primary", compact=True)
                yield Button(f"Cancel ({cancel})", id="cancel", compact=True)
            yield NoticeBar()
        yield AppFooter()

    def on_mount(self) -> None:
        if quitting(self):
            return
        if self.plan:
            # Focusing the first choice scrolls it into view before the plan's layout settles, which can hide
            # the question above it: start from the top.
            body = self.query_one("#decision-body", VerticalScroll)
            self.call_after_refresh(body.scroll_home, animate=False)

    def _plan(self) -> ComposeResult:
        scenario = self.state.scenario
        for index, decision in enumerate(self.pending):
            options_id, rationale_id = self._ids(index)
            part = self._part(index)
            yield Label(Content.assemble(f"{index + 1}. ", case_text.decision_title(scenario, decision),
                                         "  (enter or space to choose)"), classes="question")
            yield ChoiceList([(o.id, case_text.option_line(o)) for o in self.state.open_options(decision)],
                             id=options_id, classes="plan-options",
                             chosen=[part["option"]] if part.get("option") else ())
            yield Label("   Your reasons for this part: why, on the evidence", classes="question")
            yield TypingTextArea(safe.clean(part.get("rationale", "")), id=rationale_id, placeholder=RATIONALE_HINT,
                                 soft_wrap=True, classes="plan-rationale")

    def _part(self, index: int) -> Mapping[str, Any]:
        parts = self.draft.get("parts", ())
        return parts[index] if index < len(parts) else {}

    def _unchosen(self) -> tuple[int, StageDecision] | None:
        for index, decision in enumerate(self.pending):
            if not self.query_one(f"#{self._ids(index)[0]}", ChoiceList).chosen:
                return index, decision
        return None

    def _rationales(self) -> tuple[str, ...]:
        return tuple(self.query_one(f"#{self._ids(index)[1]}", TextArea).text for index in range(len(self.pending)))

    def _unreasoned(self) -> tuple[int, StageDecision] | None:
        """The first part whose rationale holds nothing but spaces (what is recorded is stripped)."""
        for index, text in enumerate(self._rationales()):
            if not text.strip():
                return index, self.pending[index]
        return None

    def decisions(self) -> tuple[Decide, ...] | None:
        """The plan as events, in the stage's order; None while any part is unchosen."""
        if self._unchosen() is not None:
            return None
        confidence = self.query_one("#confidence", ChoiceList).chosen
        cites = self.query_one("#cites", ChoiceList).chosen
        events = []
        for index, decision in enumerate(self.pending):
            options_id, rationale_id = self._ids(index)
            events.append(Decide(
                stage=self.stage.id,
                option=self.query_one(f"#{options_id}", ChoiceList).chosen[0],
                rationale=self.query_one(f"#{rationale_id}", TextArea).text.strip(),
                cites=cites,
                confidence=int(confidence[0]) if confidence else None,
                decision=decision.id or None,
            ))
        return tuple(events)

    def draft_data(self) -> dict[str, Any]:
        """What is chosen and typed now, as it is kept: each part's option and rationale (as typed), in the
        stage's order, then the cites and confidence the plan shares."""
        parts = []
        for index, decision in enumerate(self.pending):
            options_id, rationale_id = self._ids(index)
            option = self.query_one(f"#{options_id}", ChoiceList).chosen
            parts.append({"decision": decision.id or None, "option": option[0] if option else None,
                          "rationale": self.query_one(f"#{rationale_id}", TextArea).text})
        confidence = self.query_one("#confidence", ChoiceList).chosen
        return {"stage": self.stage.id, "parts": parts, "cites": list(self.query_one("#cites", ChoiceList).chosen),
                "confidence": int(confidence[0]) if confidence else None}

    @on(OptionList.OptionSelected)
    @on(TextArea.Changed)
    def _changed(self) -> None:
        if self.on_draft is not None and self.is_mounted:
            self.on_draft(self.draft_data())

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        unchosen = self._unchosen()
        if unchosen is not None:
            index, decision = unchosen
            if self.plan:
                safe.notify(self, f"Choose for '{safe.one_line(decision.label)}' first (question {index + 1}).",
                            severity="warning")
            else:
                safe.notify(self, "Choose what you decide first (question 1).", severity="warning")
            self.query_one(f"#{self._ids(index)[0]}").focus()
            return
        unreasoned = self._unreasoned()
        if unreasoned is not None and self.empty_told != self._rationales():
            index, decision = unreasoned
            whose = f"Your reasons for '{safe.one_line(decision.label)}'" if self.plan else "Your rationale"
            safe.notify(self, EMPTY_RECORD.format(whose=whose, key=key_for(self.app, "decision.confirm", "ctrl+s")),
                        severity="warning")
            self.empty_told = self._rationales()
            self.query_one(f"#{self._ids(index)[1]}").focus()
            return
        self.dismiss(self.decisions())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def _usable(draft: Mapping[str, Any] | None, state: SessionState) -> dict[str, Any]:
    """The parts of a kept draft that still fit this stage and its open decisions (a draft is data from the
    store: checked, not trusted)."""
    if not draft or state.current_stage is None or draft.get("stage") != state.current_stage.id:
        return {}
    kept = draft.get("parts")
    by_decision = {p.get("decision"): p for p in kept if isinstance(p, Mapping)
                   and isinstance(p.get("decision"), str | None)} if isinstance(kept, list) else {}
    parts = []
    for decision in state.pending_decisions():
        kept_part = by_decision.get(decision.id or None, {})
        part: dict[str, Any] = {}
        if kept_part.get("option") in {o.id for o in state.open_options(decision)}:
            part["option"] = kept_part["option"]
        if isinstance(kept_part.get("rationale"), str):
            part["rationale"] = kept_part["rationale"]
        parts.append(part)
    found: dict[str, Any] = {"parts": parts}
    revealed = {r.evidence for r in state.revealed}
    cites = draft.get("cites")
    if isinstance(cites, list):
        found["cites"] = [c for c in cites if isinstance(c, str) and c in revealed]
    if draft.get("confidence") in CONFIDENCE_LABELS:
        found["confidence"] = draft["confidence"]
    return found
