"""A trainee's session with one scenario: the one place events go through.

Screens never apply events themselves: they call ``Session.submit``, which
applies the event through the engine, appends it to the log and tells every
listener. The history store subscribes here, so whatever the app does is
saved by the same path, in order. Pure Python: no Textual, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from simulator.domain.clocks import ClockReading, read_clocks
from simulator.domain.engine import SessionState, apply, replay, start, start_at
from simulator.domain.events import Event
from simulator.domain.model import Scenario
from simulator.domain.rulebook import DEFAULT_RULEBOOK, RULEBOOKS, Rulebook, Timescale
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.results import Debrief
from simulator.domain.twins import as_twin
from simulator.scenarios.loader import Loaded

# A timescale counts as nearly due once this share of it is used.
NEARLY_DUE = 0.75


@attrs.frozen
class Submitted:
    """One accepted event, with the states either side of it."""

    index: int
    event: Event
    before: SessionState
    after: SessionState

    @property
    def revealed(self) -> tuple[str, ...]:
        """Evidence ids this event brought to light, in order."""
        return tuple(r.evidence for r in self.after.revealed[len(self.before.revealed) :])


Listener = Callable[["Session", Submitted], None]


@attrs.frozen
class Origin:
    """Where a re-branched session comes from: the stored session it was branched from (None when that was not
    stored) and the index of its first event that may differ (the events before it are that session's)."""

    parent: int | None
    parted_at: int


class Session:
    """Holds the event log for one play of one scenario.

    ``submit`` raises ``simulator.domain.engine.Refused`` (and records
    nothing) when the scenario cannot accept the event.
    """

    def __init__(self, loaded: Loaded, trainee: str = "", *, start_stage: str | None = None, twin: str = "",
                 origin: Origin | None = None) -> None:
        """``loaded`` is the scenario file as the library has it; ``twin``, for a twin case, the twin this session
        tells it as (``scenario``). ``origin``: a re-branch's parent and where it parts."""
        self.loaded = loaded
        self.trainee = trainee
        # An author's jump straight to a stage: a try-out, not an attempt at the case.
        self.start_stage = start_stage
        self.twin = twin
        self.origin = origin
        self._told = as_twin(loaded.scenario, twin)
        self._state = start(self._told) if start_stage is None else start_at(self._told, start_stage)
        self._events: list[Event] = []
        self._listeners: list[Listener] = []
        self._scored: tuple[SessionState, Debrief] | None = None

    @classmethod
    def resumed(cls, loaded: Loaded, trainee: str, events: Sequence[Event], state: SessionState, *,
                twin: str = "") -> Session:
        """A session picked up from the store: ``state`` is ``events`` replayed on
        ``loaded`` as ``twin`` tells it (the resume plan did that), kept as it is rather than replayed again."""
        session = cls(loaded, trainee, twin=twin)
        session._events = list(events)
        session._state = state
        return session

    @property
    def scenario(self) -> Scenario:
        """The case as this session tells it: the file's scenario, or the twin drawn."""
        return self._told

    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(self._events)

    @property
    def author_jump(self) -> bool:
        return self.start_stage is not None

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` after every accepted event; returns an unsubscribe function."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def submit(self, event: Event) -> Submitted:
        after = apply(self._state, event)
        submitted = Submitted(len(self._events), event, self._state, after)
        self._events.append(event)
        self._state = after
        for listener in tuple(self._listeners):
            listener(self, submitted)
        return submitted

    def switch_version(self, loaded: Loaded) -> SessionState:
        """Carry on with another version of the scenario: the events so far replayed against it.

        Raises ``ReplayError`` when an event no longer fits (``Refused`` when a jumped-to stage is gone),
        and then changes nothing.
        """
        told = as_twin(loaded.scenario, self.twin)
        state = replay(told, self._events, at=self.start_stage)
        self.loaded = loaded
        self._told = told
        self._state = state
        return state

    def debrief(self) -> Debrief:
        """The debrief of the state now, worked out once however many screens ask for it."""
        if self._scored is None or self._scored[0] is not self._state:
            self._scored = (self._state, score(self._state))
        return self._scored[1]

    def restarted(self) -> Session:
        """A fresh session on the same scenario for the same trainee."""
        return Session(self.loaded, self.trainee, start_stage=self.start_stage)


def clock_status(used: float, limit: float | None) -> str:
    """`none`, `in-time`, `nearly-due` or `overdue`: ``used`` working days of ``limit``."""
    if limit is None:
        return "none"
    if used > limit:
        return "overdue"
    return "nearly-due" if used >= NEARLY_DUE * limit else "in-time"


@attrs.frozen
class StageClock:
    """Where the current stage stands against its statutory timescale."""

    day: float  # the simulated clock, in working days since the referral
    used: float  # working days spent at this stage
    timescale: Timescale | None
    rulebook_title: str

    @property
    def limit(self) -> float | None:
        return None if self.timescale is None else self.timescale.working_days

    @property
    def left(self) -> float | None:
        return None if self.limit is None else self.limit - self.used

    @property
    def status(self) -> str:
        """`none`, `in-time`, `nearly-due` or `overdue`."""
        return clock_status(self.used, self.limit)

    def after(self, cost: float) -> StageClock:
        return attrs.evolve(self, day=self.day + cost, used=self.used + cost)


def _rulebook(scenario: Scenario) -> Rulebook:
    return RULEBOOKS.get(scenario.rulebook, RULEBOOKS[DEFAULT_RULEBOOK])


def case_clocks(state: SessionState) -> tuple[ClockReading, ...]:
    """The case's own clocks that have started (format 2), under the scenario's rulebook."""
    return read_clocks(state, _rulebook(state.scenario))


def stage_clock(state: SessionState) -> StageClock:
    """The clock for the current stage, under the scenario's rulebook."""
    scenario = state.scenario
    rulebook = _rulebook(scenario)
    stage = state.current_stage
    timescale = None
    if stage is not None and stage.timescale is not None:
        timescale = rulebook.timescale(stage.timescale)
    return StageClock(state.clock, state.clock - state.stage_entered, timescale, rulebook.title)
