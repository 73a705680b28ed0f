"""What happened next, after a decision: the next stage's opening or the
ending. Dismisses with nothing; the case screen carries on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from simulator.application.session import Submitted
from simulator.domain.engine import ending_text, narrative
from simulator.domain.events import Decide
from simulator.ui import safe
from simulator.ui.notices import NoticeBar, NoticeHost
from simulator.ui.screens.base import DismissedOnce
from simulator.ui.widgets.footer import AppFooter
from simulator.ui.words import duration


def outcome_text(plan: Sequence[Submitted]) -> Content:
    """What the trainee decided (every part of a plan) and what followed: the next stage's opening or the ending,
    as this session's route and facts have it."""
    before, after = plan[0].before, plan[-1].after
    scenario = after.scenario
    parts = []
    for submitted in plan:
        event = submitted.event
        assert isinstance(event, Decide)
        option = scenario.option_by_id[event.option][1]
        parts.append(Content.assemble(("You decided: ", "bold"), safe.line(option.label, "italic")))
    passed = after.clock - before.clock
    if passed > 0:
        parts.append(Content(f"{duration(passed)} pass."))
    parts.append(Content(""))
    if after.ending is not None:
        ending = scenario.ending_by_id[after.ending]
        parts += [
            Content.assemble(("The case ends: ", "bold underline"), safe.line(ending.title, "bold underline")),
            safe.markdown(ending_text(after, ending)),
        ]
    elif after.current_stage is not None:
        stage = after.current_stage
        parts += [
            Content.assemble(("Next: ", "bold underline"), safe.line(stage.title, "bold underline")),
            safe.markdown(narrative(after, stage)),
        ]
        revealed = [e for submitted in plan for e in submitted.revealed]
        if revealed:
            found = "; ".join(scenario.evidence_by_id[e].short for e in revealed)
            parts += [Content(""), Content.assemble(("New on file: ", "bold"), safe.line(found),
                                                    ". Press e in the case to see it.")]
    return safe.join(parts)


class OutcomeScreen(DismissedOnce, NoticeHost, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "carry_on", "Continue", show=False, id="outcome.continue_enter"),
        Binding("escape", "carry_on", "Continue", id="outcome.continue"),
    ]
    AUTO_FOCUS = "#carry-on"

    def __init__(self, plan: Sequence[Submitted]) -> None:
        super().__init__(classes="dialog-screen")
        self.plan = tuple(plan)

    def compose(self) -> ComposeResult:
        ended = self.plan[-1].after.finished
        with Vertical(id="outcome", classes="dialog"):
            yield Static("What happened next", classes="title")
            with VerticalScroll(classes="reading"):
                yield Static(outcome_text(self.plan), id="outcome-text")
            with Horizontal(classes="buttons"):
                label = "See the debrief" if ended else "Continue the case"
                yield Button(label, id="carry-on", variant="primary", compact=True)
            yield NoticeBar()
        yield AppFooter()

    @on(Button.Pressed, "#carry-on")
    def action_carry_on(self) -> None:
        self.dismiss(None)
