"""A session as a pure fold over its events: ``state = replay(scenario, events)``.

``apply`` either returns the next state or raises ``Refused`` with a reason a
trainee (or a trainer reading `score` output) can act on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from .conditions import holds
from .events import Decide, Event, Flag, FlagKind, Note, TakeAction, Unflag
from .model import Action, Ending, Option, Scenario, Stage, StageDecision


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
    decision: str = ""  # which of the stage's decisions; "" for a stage's only one
    facts_before: frozenset[str] = frozenset()


@attrs.frozen
class FactSet:
    fact: str
    day: float
    by: str  # the action or option that set it


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
    facts_set: tuple[FactSet, ...] = ()

    @property
    def finished(self) -> bool:
        return self.ending is not None

    @property
    def facts(self) -> frozenset[str]:
        return frozenset(f.fact for f in self.facts_set)

    @property
    def chosen(self) -> frozenset[str]:
        return frozenset(d.option for d in self.decisions)

    def holds(self, conditions: tuple[str, ...]) -> bool:
        return not conditions or holds(conditions, self.facts, self.chosen)

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
        return tuple(a for a in self.scenario.actions_at(self.stage) if self.open_now(a))

    def open_now(self, action: Action) -> bool:
        """Whether an action of the current stage can be taken now: not taken yet, and its ``when`` holds."""
        return action.id not in self.done_ids and self.holds(action.when)

    def pending_decisions(self) -> tuple[StageDecision, ...]:
        """The current stage's decisions not yet made, in order."""
        stage = self.current_stage
        if stage is None:
            return ()
        made = {d.decision for d in self.decisions if d.stage == stage.id}
        return tuple(d for d in stage.decision_list if d.id not in made)

    def open_options(self, decision: StageDecision) -> tuple[Option, ...]:
        return tuple(o for o in decision.options if self.holds(o.when))

    def options(self) -> tuple[Option, ...]:
        """The options open now: the first pending decision's (a stage's only decision, most often)."""
        pending = self.pending_decisions()
        return self.open_options(pending[0]) if pending else ()


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


def narrative(state: SessionState, stage: Stage) -> str:
    """The stage's narrative as this session reads it: the first variant whose conditions hold, else its own."""
    return next((v.text for v in stage.variants if state.holds(v.when)), stage.narrative)


def ending_text(state: SessionState, ending: Ending) -> str:
    return next((v.text for v in ending.variants if state.holds(v.when)), ending.text)


def _set_facts(state: SessionState, facts: tuple[str, ...], by: str, clock: float) -> tuple[FactSet, ...]:
    known = state.facts
    new = tuple(FactSet(f, clock, by) for f in dict.fromkeys(facts) if f not in known)
    return state.facts_set + new if new else state.facts_set


# Each step makes one new state (attrs.evolve), never one per field it changes: replaying a session is a
# fold of these, and `score` replays thousands.
def _enter(state: SessionState, target: str, clock: float) -> SessionState:
    """Enter stage or ending ``target`` at ``clock``."""
    scenario = state.scenario
    if target in scenario.ending_by_id:
        return attrs.evolve(state, stage=None, ending=target, clock=clock)
    stage = scenario.stage_by_id[target]
    return attrs.evolve(state, stage=target, clock=clock, stage_entered=clock,
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
        if not state.holds(action.when):
            raise Refused(f"action {action.id!r} is not open now")
        finished = state.clock + action.cost
        done = (*state.done, Done(action.id, state.stage or "", state.clock, finished))
        return attrs.evolve(state, done=done, clock=finished,
                            facts_set=_set_facts(state, action.sets, action.id, finished),
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
    which = _which_decision(state, stage, event)
    option = next((o for o in which.options if o.id == event.option), None)
    if option is None:
        choices = ", ".join(o.id for o in which.options)
        what = f"decision {which.id!r}" if which.id else f"stage {stage.id!r}"
        raise Refused(f"{what} has no option {event.option!r} (it has: {choices})")
    if not state.holds(option.when):
        raise Refused(f"option {option.id!r} is not open now")
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
        decision=which.id,
        facts_before=state.facts,
    )
    state = attrs.evolve(state, decisions=(*state.decisions, decision),
                         facts_set=_set_facts(state, option.sets, option.id, state.clock))
    if state.pending_decisions():
        return state
    return _leave(state, stage)


def _which_decision(state: SessionState, stage: Stage, event: Decide) -> StageDecision:
    pending = state.pending_decisions()
    if not stage.decisions:
        if event.decision not in (None, "", stage.id):
            raise Refused(f"stage {stage.id!r} has one decision; there is no decision {event.decision!r}")
        return pending[0]
    if event.decision is None:
        names = ", ".join(d.id for d in pending)
        raise Refused(f"stage {stage.id!r} has several decisions: say which (\"decision\": one of {names})")
    found = next((d for d in stage.decisions if d.id == event.decision), None)
    if found is None:
        raise Refused(f"stage {stage.id!r} has no decision {event.decision!r}")
    if found not in pending:
        raise Refused(f"decision {found.id!r} at stage {stage.id!r} has already been made")
    return found


def _leave(state: SessionState, stage: Stage) -> SessionState:
    """Every decision at the stage is made: on to where the first chosen option that leads somewhere leads (in
    the order of the stage's decisions), or the stage's own `next`; the longest wait among them passes first."""
    scenario = state.scenario
    chosen = [scenario.option_by_id[d.option][1] for d in state.decisions if d.stage == stage.id]
    order = {d.id: i for i, d in enumerate(stage.decision_list)}
    made = sorted((d for d in state.decisions if d.stage == stage.id), key=lambda d: order[d.decision])
    leading = next((scenario.option_by_id[d.option][1].next for d in made
                    if scenario.option_by_id[d.option][1].next), None)
    target = leading or stage.next
    if target is None:
        raise Refused(f"stage {stage.id!r} leads nowhere")  # lint makes sure every stage leads somewhere
    return _enter(state, target, state.clock + max(o.elapses for o in chosen))


def replay(scenario: Scenario, events: Iterable[Event], *, at: str | None = None) -> SessionState:
    """The state after ``events``, from the case's start or, for an author's jump, from stage ``at``
    (``Refused`` when the scenario has no such stage)."""
    state = start(scenario) if at is None else start_at(scenario, at)
    # Notes change nothing but the notes (``apply`` never refuses one): gathered and added once, as adding
    # each to a tuple would copy all before it (a session of many notes replayed in quadratic time).
    notes: list[str] = []
    for index, event in enumerate(events):
        if isinstance(event, Note):
            notes.append(event.text)
            continue
        try:
            state = apply(state, event)
        except Refused as refused:
            raise ReplayError(index, str(refused)) from None
    return attrs.evolve(state, notes=(*state.notes, *notes)) if notes else state
