"""Gathering one stored session into a SessionReport: the shell between the
store and the pure exporters."""

from __future__ import annotations

from collections.abc import Callable

from simulator.application.library import Library
from simulator.domain.engine import ReplayError, replay
from simulator.store.database import Store
from simulator.store.resume import Ready, plan_resume, played_version, recorded_scenario

from .session_report import SessionReport, build_report


class ReportError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def load_report(store: Store, session_id: int, library: Library | Callable[[], Library]) -> SessionReport:
    """The session scored against the scenario exactly as it was played when
    the store kept it; otherwise against the library's version, if the events
    fit it, with a note saying so. ``library`` may be a callable, so the library
    is only read from disk when the stored version will not do."""
    record = store.session(session_id)
    logged = store.event_log(session_id)
    events = [item.event for item in logged]
    recorded = recorded_scenario(record, store.scenario_source(session_id))
    if recorded is not None:
        try:
            replay(recorded.scenario, events)
        except ReplayError:
            pass
        else:
            return build_report(record, recorded.scenario, logged)
    plan = plan_resume(record, events, library() if callable(library) else library, None)
    chosen = played_version(plan)
    if chosen is None:
        raise ReportError(f"session {record.id}: {plan.message}")
    loaded, _ = chosen
    note = "" if isinstance(plan, Ready) else (
        f"{plan.message} This report scores the session against the version in the library now.")
    return build_report(record, loaded.scenario, logged, note=note)
