"""Re-branching: going back to a decision a trainee made and trying another option.

The new attempt is a session of its own. It starts with the events that came before the decision (the engine
replays them, so it is where the trainee was at that moment) and is saved linked to the original: its parent,
and the index of the decision's event, where the two part. The original is never changed; both keep their own
debriefs. At a stage with several decisions, each is a place to re-branch: the ones made before it stay made.

For the app and the command line alike; pure but for reading a stored session (``branch_source``).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from simulator.application.history import History, resumable
from simulator.application.library import Library
from simulator.application.resume import plan_resume
from simulator.application.session import Origin, Session
from simulator.application.stored import read_session
from simulator.domain.engine import SessionState, apply, start
from simulator.domain.events import Decide, Event
from simulator.domain.model import Option, Scenario
from simulator.domain.twins import as_twin
from simulator.scenarios.loader import Loaded
from simulator.store.errors import StoreError


class RebranchError(Exception):
    """A re-branch that cannot be made, with a message a trainee can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@attrs.frozen(kw_only=True)
class DecisionMade:
    """A decision in a session's log: a place to re-branch."""

    index: int  # the index of its `decide` event: where a re-branch parts
    stage: str
    decision: str  # which of the stage's decisions ("" for a stage's only one)
    option: Option  # what was chosen
    title: str  # the stage's title, or the decision's label at a stage with several
    alternatives: tuple[Option, ...]  # the options open at that moment, other than the one chosen


def decisions_made(scenario: Scenario, events: Sequence[Event]) -> list[DecisionMade]:
    """Every decision in ``events`` (which must replay on ``scenario``), in order, with what else was open."""
    found: list[DecisionMade] = []
    state = start(scenario)
    for index, event in enumerate(events):
        if isinstance(event, Decide):
            found.append(_made(state, index, event))
        state = apply(state, event)
    return found


def _made(state: SessionState, index: int, event: Decide) -> DecisionMade:
    scenario = state.scenario
    stage, option = scenario.option_by_id[event.option]
    decision = scenario.decision_of_option[event.option]
    title = f"{stage.title}: {decision.label}" if stage.decisions else stage.title
    alternatives = tuple(o for o in state.open_options(decision) if o.id != option.id)
    return DecisionMade(index=index, stage=stage.id, decision=decision.id, option=option, title=title,
                        alternatives=alternatives)


def rebranch(loaded: Loaded, trainee: str, events: Sequence[Event], at: int, *, twin: str = "",
             parent: int | None = None) -> Session:
    """A new session of ``loaded`` (as ``twin`` tells it) holding ``events[:at]``: the moment before the decision
    at ``at``. ``parent``: the stored session ``events`` are from, if stored. Raises RebranchError."""
    if not 0 <= at < len(events) or not isinstance(events[at], Decide):
        raise RebranchError(f"event {at} is not a decision of this session, so there is nothing to re-branch at")
    session = Session(loaded, trainee, twin=twin, origin=Origin(parent, at))
    for event in events[:at]:
        session.submit(event)
    return session


@attrs.frozen
class BranchSource:
    """A stored session as a re-branch starts from it: the scenario (the version it was played on where kept),
    its events, and the twin it drew."""

    session_id: int
    loaded: Loaded
    events: tuple[Event, ...]
    twin: str
    scenario_title: str

    @property
    def told(self) -> Scenario:
        return as_twin(self.loaded.scenario, self.twin)

    def decisions(self) -> list[DecisionMade]:
        return decisions_made(self.told, self.events)


def branch_source(history: History, session_id: int, library: Library) -> BranchSource:
    """A stored session to re-branch from, read and replayed once. Raises RebranchError."""
    store = history.store
    if store is None:
        raise RebranchError("the history is not available, so no stored session can be re-branched")
    try:
        stored = read_session(store, session_id)
    except StoreError as err:
        raise RebranchError(err.message) from err
    plan = plan_resume(stored.record, stored.events, library, stored.source)
    found = resumable(plan)
    if found is None:
        raise RebranchError(plan.message)
    return BranchSource(session_id, found[0], stored.events, stored.record.twin, stored.record.scenario_title)
