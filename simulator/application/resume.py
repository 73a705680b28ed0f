"""Deciding how to pick up a stored session again. Pure: the caller reads the
session, its events and its stored scenario (``stored.read_session``) and the
library, and gets back a plan saying what is possible and why, in words a
trainee can read.

The scenario file may have changed (or gone) since the session started; the
version played can still be replayed from what the store kept. Each version is
replayed at most once, and what the replay gave is kept in the plan: the
session's state, for resuming it, or (``plan_with``) whatever the caller builds
in the same pass, such as a whole report for an export.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Generic, TypeAlias, TypeVar

import attrs

from simulator.application.library import Library
from simulator.application.stored import recorded_scenario
from simulator.domain.engine import ReplayError, SessionState, replay
from simulator.domain.events import Event
from simulator.domain.twins import as_twin
from simulator.scenarios.loader import Loaded
from simulator.store.records import ScenarioSource, SessionRecord

R = TypeVar("R")  # what replaying the events on a version gives: the state, or a report built on the way


@attrs.frozen
class Ready(Generic[R]):
    """The library holds the very file the session was played against."""

    loaded: Loaded
    state: R
    message: str


@attrs.frozen
class ScenarioChanged(Generic[R]):
    """The library's file differs from the one played. The caller may carry on
    with the recorded version (``recorded_state``) or, if the events still fit,
    with the new one (``current_state``); either may be None."""

    current: Loaded
    current_state: R | None
    recorded: Loaded | None
    recorded_state: R | None
    message: str


@attrs.frozen
class ScenarioMissing(Generic[R]):
    """No scenario with the session's id is in the library now: its file is gone, or (``broken``, the file's
    path) it is there but could not be loaded, a mistake to mend in it."""

    recorded: Loaded | None
    recorded_state: R | None
    message: str
    broken: str | None = None


@attrs.frozen
class CannotReplay:
    """The right scenario is at hand but the events do not replay on it (the
    rules changed in a newer version of the simulator, or the log was edited)."""

    loaded: Loaded
    error: str
    message: str


ResumePlan: TypeAlias = Ready[R] | ScenarioChanged[R] | ScenarioMissing[R] | CannotReplay


def plan_resume(
    record: SessionRecord, events: Sequence[Event], library: Library,
    source: ScenarioSource | None, recorded: Callable[[], Loaded | None] | None = None,
) -> ResumePlan[SessionState]:
    """The plan for carrying on: each version's state is ``events`` replayed on it.

    The version played (rebuilt from ``source``, or given by ``recorded`` instead) is parsed only when the
    library's file is not that very version: a resume offer for an unchanged case costs one replay and no
    parse."""
    def as_played() -> Loaded | None:
        return recorded_scenario(record, source)

    return plan_with(record, len(events), library, recorded or as_played,
                     lambda loaded: replay(as_twin(loaded.scenario, record.twin), events))


def plan_with(record: SessionRecord, steps: int, library: Library, recorded: Callable[[], Loaded | None],
              fit: Callable[[Loaded], R]) -> ResumePlan[R]:
    """The plan, where ``fit`` replays the session's ``steps`` events on a version and returns what the
    caller wants of it, raising ReplayError when they do not fit, and ``recorded`` gives the version played
    (asked for only when the library's is another)."""
    current = library.find(record.scenario_id)
    name = f"'{record.scenario_title}'"
    counted = f"{steps} step{'s' * (steps != 1)}"
    if current is not None and current.digest == record.scenario_digest:
        try:
            state = fit(current)
        except ReplayError as err:
            return CannotReplay(current, str(err), f"This session of {name} cannot be replayed on this version of "
                                                  f"the simulator ({err}).")
        return Ready(current, state, f"Resuming {name} where you left off ({counted}).")
    played = recorded()
    recorded_state = _fitted(played, fit)
    keep = (" You can carry on with the version you started." if recorded_state is not None
            else " The version you played was not kept, so it cannot be replayed.")
    if current is None:
        broken = _broken_file(record, library)
        if broken is not None:
            return ScenarioMissing(played, recorded_state, (
                f"The file of {name} ({record.scenario_id}), {broken}, could not be loaded: `case-review validate "
                f"{broken}` says why. This session is kept." + keep), broken)
        return ScenarioMissing(played, recorded_state,
                               f"{name} ({record.scenario_id}) is no longer in the library." + keep)
    current_state = _fitted(current, fit)
    fits = (f" Your {counted} also fit the new version." if current_state is not None
            else " Your steps do not fit the new version.")
    return ScenarioChanged(current, current_state, played, recorded_state,
                           f"{name} has been changed since this session started." + keep + fits)


def _broken_file(record: SessionRecord, library: Library) -> str | None:
    """The session's own file, when the library has it but could not load it; None when it is really gone."""
    entry = library.entry(record.scenario_id)
    if entry is not None and isinstance(library.load(entry), list):
        return entry.path  # listed, and broken since
    played = _where(record.scenario_path)
    return next((p.path for p in library.problems if _where(p.path) == played), None)


def _where(path: str) -> str:
    # The same file, named from where the app was started (a path given relative, or with `..`), is one.
    return os.path.normpath(os.path.abspath(path))


def _fitted(loaded: Loaded | None, fit: Callable[[Loaded], R]) -> R | None:
    if loaded is None:
        return None
    try:
        return fit(loaded)
    except ReplayError:
        return None


def played_version(plan: ResumePlan[R]) -> tuple[Loaded, R] | None:
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
