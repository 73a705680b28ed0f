"""Harmful steps: actions the key marks as doing harm, at any time or when taken before another step
(domain.md §6: telling an alleged abuser before the strategy discussion has planned the enquiry, a family
member as interpreter, an examination without medical cause, repeated interviews). A harmful step holds the
criterion it breaches at requires improvement at best, or is a critical error when the key says so."""

from __future__ import annotations

from ..catalogue import Grade
from ..engine import SessionState
from ..model import HarmfulAction
from .grades import BAND_TOP
from .naming import plain
from .results import Critical, HarmfulStep
from .sheet import Cap, Sheet


def harmful_steps(state: SessionState) -> tuple[HarmfulStep, ...]:
    scenario = state.scenario
    found = []
    for h in scenario.key.harmful:
        taken = next((d for d in state.done if d.action == h.action), None)
        if taken is None or not _too_soon(state, h, taken.stage):
            continue
        found.append(HarmfulStep(h.id, h.action, h.criterion, plain(h.message), h.never_event, taken.stage))
    return tuple(found)


def _too_soon(state: SessionState, h: HarmfulAction, stage: str) -> bool:
    """Whether the action came before the step it must wait for: an action not yet taken, or a stage not yet
    reached, when it was taken."""
    if h.before is None:
        return True
    if h.before in state.scenario.action_by_id:
        order = [d.action for d in state.done]
        return h.before not in order[: order.index(h.action)]
    path = [d.stage for d in state.decisions] + ([state.stage] if state.stage else [])
    return h.before not in path or stage not in path or path.index(stage) < path.index(h.before)


def add_harm(state: SessionState, sheet: Sheet, steps: tuple[HarmfulStep, ...]) -> tuple[Critical, ...]:
    scenario = state.scenario
    criticals = []
    for step in steps:
        label = plain(scenario.action_by_id[step.action].label)
        why = f"You took a harmful step: '{label}'. {step.message}"
        limit = BAND_TOP[Grade.INADEQUATE] if step.never_event else BAND_TOP[Grade.REQUIRES_IMPROVEMENT]
        sheet.cap(step.criterion, Cap(limit, why, source="harm"))
        sheet.note(step.criterion, why)
        if step.never_event:
            criticals.append(Critical(step.rule, step.criterion, f"'{label}': {step.message}"))
    return tuple(criticals)
