"""A session as a pure fold over its events: ``state = replay(scenario, events)``.

``apply`` either returns the next state or raises ``Refused`` with a reason a
trainee (or a trainer reading `score` output) can act on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from .events import Decide, Event, Flag, FlagKind, Note, TakeAction, Unflag
from .model import Action, Option, Scenario, Stage


class Refused(ValueError):
    """The scenario cannot accept this event at this point."""


class ReplayError(ValueError):
    def __init__(self, index: int, reason: str) -> None:
        super().__init__(f"event {index}: {reason}")
        self.index = index
        self.reason = reason


@attrs.frozen
class Revealed:
    evidence: str
    day: float
    stage: str
    new_by: str  # the action id, or "stage" when reaching the stage revealed it


@attrs.frozen
class Done:
    action: str
    stage: str
    started: float
    finished: float


@attrs.frozen(kw_only=True)
class Decision:
    stage: str
    option: str
    rationale: str
    cites: tuple[str, ...]
    confidence: int | None
    stage_entered: float
    day: float
    revealed_before: frozenset[str]
    done_before: frozenset[str]


_NO_FLAGS: Mapping[str, FlagKind] = MappingProxyType({})


@attrs.frozen(kw_only=True)
class SessionState:
    scenario: Scenario = attrs.field(eq=False, repr=False)
    stage: str | None
    ending: str | None = None
    clock: float = 0.0
    stage_entered: float = 0.0
    revealed: tuple[Revealed, ...] = ()
    done: tuple[Done, ...] = ()
    flags: Mapping[str, FlagKind] = _NO_FLAGS
    decisions: tuple[Decision, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def finished(self) -> bool:
        return self.ending is not None

    @property
    def revealed_ids(self) -> frozenset[str]:
        return frozenset(r.evidence for r in self.revealed)

    @property
    def done_ids(self) -> frozenset[str]:
        return frozenset(d.action for d in self.done)

    @property
    def current_stage(self) -> Stage | None:
        return None if self.stage is None else self.scenario.stage_by_id[self.stage]

    def available_actions(self) -> tuple[Action, ...]:
        """Actions the trainee can still take at the current stage."""
        if self.stage is None:
            return ()
        done = self.done_ids
        return tuple(a for a in self.scenario.actions_at(self.stage) if a.id not in done)

    def options(self) -> tuple[Option, ...]:
        stage = self.current_stage
        return () if stage is None else stage.options


def start(scenario: Scenario) -> SessionState:
    return start_at(scenario, scenario.first_stage.id)


def start_at(scenario: Scenario, stage_id: str) -> SessionState:
    """A fresh session that enters ``stage_id`` as the engine enters any stage: the clock at day 0 and
    only what reaching that stage reveals known. An author uses it to try a stage without playing up to
    it; nothing decided before that stage happened."""
    if stage_id not in scenario.stage_by_id:
        raise Refused(f"there is no stage {stage_id!r} in this scenario")
    return _enter(SessionState(scenario=scenario, stage=None), stage_id, 0.0)


def _reveal(state: SessionState, ids: Iterable[str], by: str, clock: float, stage: str | None) -> tuple[
        Revealed, ...]:
    """What is revealed once ``ids`` are, at ``clock`` in ``stage``: those not known already, in order."""
    known = state.revealed_ids
    new = [Revealed(e, clock, stage or "", by) for e in dict.fromkeys(ids) if e not in known]
    return state.revealed + tuple(new) if new else state.revealed


# Each step makes one new state (attrs.evolve), never one per field it changes: replaying a session is a
# fold of these, and `score` replays thousands.
def _enter(state: SessionState, target: str, clock: float,
           decisions: tuple[Decision, ...] | None = None) -> SessionState:
    """Enter stage or ending ``target`` at ``clock``, with ``decisions`` made (by default those made so far)."""
    scenario = state.scenario
    made = state.decisions if decisions is None else decisions
    if target in scenario.ending_by_id:
        return attrs.evolve(state, stage=None, ending=target, clock=clock, decisions=made)
    stage = scenario.stage_by_id[target]
    return attrs.evolve(state, stage=target, clock=clock, stage_entered=clock, decisions=made,
                        revealed=_reveal(state, stage.reveals, "stage", clock, target))


def apply(state: SessionState, event: Event) -> SessionState:
    if isinstance(event, Note):
        return attrs.evolve(state, notes=(*state.notes, event.text))
    if state.finished:
        raise Refused("the case has already ended")
    scenario = state.scenario
    if isinstance(event, TakeAction):
        action = scenario.action_by_id.get(event.action)
        if action is None:
            raise Refused(f"there is no action {event.action!r} in this scenario")
        if action.id in state.done_ids:
            raise Refused(f"action {action.id!r} has already been taken")
        if action.stages and state.stage not in action.stages:
            raise Refused(f"action {action.id!r} is not available at stage {state.stage!r}")
        finished = state.clock + action.cost
        done = (*state.done, Done(action.id, state.stage or "", state.clock, finished))
        return attrs.evolve(state, done=done, clock=finished,
                            revealed=_reveal(state, action.reveals, action.id, finished, state.stage))
    if isinstance(event, Flag):
        _require_revealed(state, event.evidence)
        if state.flags.get(event.evidence) is event.as_:
            raise Refused(f"evidence {event.evidence!r} is already flagged as {event.as_.value}")
        flags = dict(state.flags)
        flags[event.evidence] = event.as_
        return attrs.evolve(state, flags=MappingProxyType(flags))
    if isinstance(event, Unflag):
        _require_revealed(state, event.evidence)
        if event.evidence not in state.flags:
            raise Refused(f"evidence {event.evidence!r} is not flagged")
        flags = {k: v for k, v in state.flags.items() if k != event.evidence}
        return attrs.evolve(state, flags=MappingProxyType(flags))
    return _decide(state, event)


def _require_revealed(state: SessionState, evidence: str) -> None:
    if evidence not in state.scenario.evidence_by_id:
        raise Refused(f"there is no evidence {evidence!r} in this scenario")
    if evidence not in state.revealed_ids:
        raise Refused(f"evidence {evidence!r} has not been revealed yet")


def _decide(state: SessionState, event: Decide) -> SessionState:
    scenario = state.scenario
    if event.stage not in scenario.stage_by_id:
        raise Refused(f"there is no stage {event.stage!r} in this scenario")
    if event.stage != state.stage:
        if any(d.stage == event.stage for d in state.decisions):
            raise Refused(f"stage {event.stage!r} has already been decided")
        raise Refused(f"stage {event.stage!r} is not the current stage (that is {state.stage!r})")
    stage = scenario.stage_by_id[event.stage]
    option = next((o for o in stage.options if o.id == event.option), None)
    if option is None:
        choices = ", ".join(o.id for o in stage.options)
        raise Refused(f"stage {stage.id!r} has no option {event.option!r} (it has: {choices})")
    unknown = [c for c in event.cites if c not in scenario.evidence_by_id]
    if unknown:
        raise Refused(f"cited evidence {unknown[0]!r} does not exist in this scenario")
    decision = Decision(
        stage=stage.id,
        option=option.id,
        rationale=event.rationale,
        cites=tuple(dict.fromkeys(event.cites)),
        confidence=event.confidence,
        stage_entered=state.stage_entered,
        day=state.clock,
        revealed_before=state.revealed_ids,
        done_before=state.done_ids,
    )
    return _enter(state, option.next, state.clock + option.elapses, decisions=(*state.decisions, decision))


def replay(scenario: Scenario, events: Iterable[Event], *, at: str | None = None) -> SessionState:
    """The state after ``events``, from the case's start or, for an author's jump, from stage ``at``
    (``Refused`` when the scenario has no such stage)."""
    state = start(scenario) if at is None else start_at(scenario, at)
    for index, event in enumerate(events):
        try:
            state = apply(state, event)
        except Refused as refused:
            raise ReplayError(index, str(refused)) from None
    return state
