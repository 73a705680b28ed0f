"""Deciding how to pick up a stored session again. Pure: the caller reads the
session, its events and its stored scenario from the store and the library from
disk, and gets back a plan saying what is possible and why, in words a trainee
can read.

The scenario file may have changed (or gone) since the session started. A
session's digest names the exact file it was played against, and the store
keeps that file's text, so the version played can still be replayed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import attrs

from simulator.application.library import Library
from simulator.domain.engine import ReplayError, SessionState, replay
from simulator.domain.events import Event
from simulator.scenarios.loader import Loaded, load_bytes

from .records import ScenarioSource, SessionRecord, SourceKind


@attrs.frozen
class Ready:
    """The library holds the very file the session was played against."""

    loaded: Loaded
    state: SessionState
    message: str


@attrs.frozen
class ScenarioChanged:
    """The library's file differs from the one played. The caller may carry on
    with the recorded version (``recorded_state``) or, if the events still fit,
    with the new one (``current_state``); either may be None."""

    current: Loaded
    current_state: SessionState | None
    recorded: Loaded | None
    recorded_state: SessionState | None
    message: str


@attrs.frozen
class ScenarioMissing:
    """No scenario with the session's id is in the library now."""

    recorded: Loaded | None
    recorded_state: SessionState | None
    message: str


@attrs.frozen
class CannotReplay:
    """The right scenario is at hand but the events do not replay on it (the
    rules changed in a newer version of the simulator, or the log was edited)."""

    loaded: Loaded
    error: str
    message: str


ResumePlan = Ready | ScenarioChanged | ScenarioMissing | CannotReplay


def recorded_scenario(record: SessionRecord, source: ScenarioSource | None) -> Loaded | None:
    """The scenario as played, rebuilt from the stored text; None if it was not
    kept or no longer loads (a later, stricter loader may refuse an old file)."""
    if source is None or source.digest != record.scenario_digest:
        return None
    if source.kind is SourceKind.FILE and hashlib.sha256(source.data).hexdigest() != record.scenario_digest:
        return None
    scenario = load_bytes(record.scenario_path, source.data)
    if isinstance(scenario, list) or scenario.id != record.scenario_id:
        return None
    return Loaded(record.scenario_path, scenario, record.scenario_digest)


def _replayed(loaded: Loaded | None, events: Sequence[Event]) -> SessionState | None:
    if loaded is None:
        return None
    try:
        return replay(loaded.scenario, events)
    except ReplayError:
        return None


def plan_resume(
    record: SessionRecord, events: Sequence[Event], library: Library, source: ScenarioSource | None
) -> ResumePlan:
    current = library.find(record.scenario_id)
    recorded = recorded_scenario(record, source)
    name = f"'{record.scenario_title}'"
    steps = f"{len(events)} step{'s' * (len(events) != 1)}"
    if current is not None and current.digest == record.scenario_digest:
        try:
            state = replay(current.scenario, events)
        except ReplayError as err:
            return CannotReplay(current, str(err), f"This session of {name} cannot be replayed on this version of "
                                                  f"the simulator ({err}).")
        return Ready(current, state, f"Resuming {name} where you left off ({steps}).")
    recorded_state = _replayed(recorded, events)
    keep = (" You can carry on with the version you started." if recorded_state is not None
            else " The version you played was not kept, so it cannot be replayed.")
    if current is None:
        return ScenarioMissing(recorded, recorded_state,
                               f"{name} ({record.scenario_id}) is no longer in the library." + keep)
    current_state = _replayed(current, events)
    fits = (f" Your {steps} also fit the new version." if current_state is not None
            else " Your steps do not fit the new version.")
    return ScenarioChanged(current, current_state, recorded, recorded_state,
                           f"{name} has been changed since this session started." + keep + fits)


def played_version(plan: ResumePlan) -> tuple[Loaded, SessionState] | None:
    """The best scenario and state for reporting on what the trainee did: the
    version they played if it can be had, else a newer one their events fit."""
    if isinstance(plan, Ready):
        return plan.loaded, plan.state
    if isinstance(plan, CannotReplay):
        return None
    if plan.recorded is not None and plan.recorded_state is not None:
        return plan.recorded, plan.recorded_state
    if isinstance(plan, ScenarioChanged) and plan.current_state is not None:
        return plan.current, plan.current_state
    return None
