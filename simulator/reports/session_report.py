"""Everything an export says about one session, worked out once and purely:
the replayed state, the debrief, and a timeline that puts each event on the
simulated clock. Every export format renders this and computes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from simulator.domain.catalogue import OUTCOME_LABELS
from simulator.domain.engine import Refused, ReplayError, SessionState, apply, start
from simulator.domain.events import CONFIDENCE_LABELS, Decide, Event, Flag, FlagKind, Note, TakeAction, Unflag
from simulator.domain.model import Scenario
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.results import Debrief

from .facts import SessionFacts, TimedEvent


@attrs.frozen(kw_only=True)
class TimelineEntry:
    seq: int
    at: datetime | None  # wall-clock time it was recorded
    day: float  # simulated working days elapsed when it began
    ends: float  # ... and when it was over (actions take time; a decision may let time pass)
    stage: str  # the stage's title at the time, or "" once the case has ended
    kind: str  # action, flag, unflag, decision, note
    summary: str  # one plain-text line
    details: tuple[str, ...] = ()  # further plain-text lines


@attrs.frozen(kw_only=True)
class SessionReport:
    record: SessionFacts
    scenario: Scenario
    events: tuple[TimedEvent, ...]
    state: SessionState
    debrief: Debrief
    timeline: tuple[TimelineEntry, ...]
    note: str = ""  # e.g. why the report uses a different version of the scenario

    @property
    def mean_score(self) -> float | None:
        scores = [r.score for r in self.debrief.criteria.values()]
        return sum(scores) / len(scores) if scores else None


def build_report(
    record: SessionFacts, scenario: Scenario, events: Sequence[TimedEvent], note: str = ""
) -> SessionReport:
    """Replay and score the session, in one pass. Raises the engine's
    ReplayError, naming the event, if one does not fit the scenario: callers
    try the versions a session may have been played on (see
    simulator.application.export)."""
    state = start(scenario)
    entries = []
    for index, logged in enumerate(events):
        try:
            after = apply(state, logged.event)
        except Refused as refused:
            raise ReplayError(index, str(refused)) from None
        entries.append(_entry(state, after, logged))
        state = after
    return SessionReport(record=record, scenario=scenario, events=tuple(events), state=state,
                         debrief=score(state), timeline=tuple(entries), note=note)


def _plural(n: float, word: str) -> str:
    return f"{n:g} {word}{'s' * (n != 1)}"


def _entry(before: SessionState, after: SessionState, logged: TimedEvent) -> TimelineEntry:
    stage = before.current_stage
    kind, summary, details = _describe(before, after, logged.event)
    return TimelineEntry(seq=logged.seq, at=logged.at, day=before.clock, ends=after.clock,
                         stage=stage.title if stage is not None else "", kind=kind, summary=summary, details=details)


def _describe(before: SessionState, after: SessionState, event: Event) -> tuple[str, str, tuple[str, ...]]:
    scenario = before.scenario
    evidence = scenario.evidence_by_id
    if isinstance(event, TakeAction):
        action = scenario.action_by_id[event.action]
        found = [evidence[r.evidence].short for r in after.revealed[len(before.revealed):]]
        found_line = "Found: " + "; ".join(found) + "." if found else "Found nothing new."
        return "action", f"Action: {action.label}", (f"Took {_plural(action.cost, 'working day')}.", found_line)
    if isinstance(event, Flag):
        as_ = "a risk" if event.as_ is FlagKind.RISK else "protective"
        return "flag", f"Flagged as {as_}: {evidence[event.evidence].short}", ()
    if isinstance(event, Unflag):
        return "unflag", f"Removed the flag from: {evidence[event.evidence].short}", ()
    if isinstance(event, Note):
        return "note", "Note", (event.text,)
    return "decision", _decision_summary(before, event), _decision_details(before, after, event)


def _decision_summary(before: SessionState, event: Decide) -> str:
    stage, option = before.scenario.option_by_id[event.option]
    return f"Decision at {stage.title}: {option.label}"


def _decision_details(before: SessionState, after: SessionState, event: Decide) -> tuple[str, ...]:
    scenario = before.scenario
    _, option = scenario.option_by_id[event.option]
    lines = [f"Outcome: {OUTCOME_LABELS[option.outcome]}."]
    lines.append(f"Rationale: {event.rationale}" if event.rationale.strip() else "No rationale recorded.")
    if event.cites:
        lines.append("Evidence cited: " + "; ".join(scenario.evidence_by_id[c].short for c in event.cites) + ".")
    if event.confidence is not None:
        lines.append(f"Confidence: {CONFIDENCE_LABELS[event.confidence]}.")
    waited = after.clock - before.clock
    if waited:
        lines.append(f"{_plural(waited, 'working day')} passed.")
    if after.ending is not None:
        lines.append(f"The case ended: {scenario.ending_by_id[after.ending].title}.")
    elif after.current_stage is not None:
        lines.append(f"Next: {after.current_stage.title}.")
    return tuple(lines)
