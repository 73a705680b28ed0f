"""Where each of a case's clocks stands (format 2): when it started, what it allows, whether what stops it has
happened. Timeliness scores these; the case screen shows the ones running. Pure: no I/O."""

from __future__ import annotations

import attrs

from .engine import SessionState
from .model import Clock
from .rulebook import Rulebook


@attrs.frozen
class ClockReading:
    clock: Clock
    started: float  # the day on the case's clock it started
    limit: float  # working days allowed from its start
    stopped: float | None  # the day what stops it happened; None while it runs

    def taken_by(self, now: float) -> float:
        """Working days from its start to its stop, or to ``now`` while it runs."""
        return (self.stopped if self.stopped is not None else now) - self.started

    def left_at(self, now: float) -> float:
        return self.limit - self.taken_by(now)


def happened_at(state: SessionState, ref: str) -> float | None:
    """The day on the case's clock when ``ref`` happened: evidence found, a fact set, an action taken (when it was
    done), a stage reached; None if it has not."""
    for r in state.revealed:
        if r.evidence == ref:
            return r.day
    for f in state.facts_set:
        if f.fact == ref:
            return f.day
    for d in state.done:
        if d.action == ref:
            return d.finished
    reached = {d.stage: d.stage_entered for d in state.decisions}
    if state.stage is not None:
        reached.setdefault(state.stage, state.stage_entered)
    if ref in reached:
        return reached[ref]
    return 0.0 if ref == state.scenario.first_stage.id else None


def read_clock(state: SessionState, clock: Clock, rules: Rulebook) -> ClockReading | None:
    """Where ``clock`` stands; None if what starts it has not happened (nothing to be late for yet)."""
    started = clock.start_day if clock.starts is None else happened_at(state, clock.starts)
    if started is None:
        return None
    if clock.by_day is not None:
        limit = clock.by_day - started
    elif clock.days is not None:
        limit = clock.days
    else:
        limit = rules.timescale(clock.timescale or "").working_days
    return ClockReading(clock, started, limit, happened_at(state, clock.stops))


def read_clocks(state: SessionState, rules: Rulebook) -> tuple[ClockReading, ...]:
    return tuple(r for c in state.scenario.clocks if (r := read_clock(state, c, rules)) is not None)
