"""Comparing two stored attempts at one case, for the command line (`case-review compare`) and the app alike:
each session replayed and scored once against the version it was played on (``export.load_report``), then set
side by side (``reports.comparison``)."""

from __future__ import annotations

from collections.abc import Callable

from simulator.application.export import ReportError, load_report
from simulator.application.library import Library
from simulator.reports.comparison import Comparison, compare
from simulator.store.database import Store
from simulator.store.errors import StoreError
from simulator.store.records import SessionRecord


class CompareError(Exception):
    """Two sessions that cannot be compared, with a message a trainee can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def compare_stored(store: Store, first: str | int | SessionRecord, second: str | int | SessionRecord,
                   library: Library | Callable[[], Library]) -> Comparison:
    """Sessions by number, uuid or record, A then B. Raises CompareError."""
    try:
        a, b = (_record(store, ref) for ref in (first, second))
        if a.id == b.id:
            raise CompareError(f"both are session {a.id}: name two different attempts to compare")
        if a.scenario_id != b.scenario_id:
            raise CompareError(f"session {a.id} is of {a.scenario_id!r} and session {b.id} of {b.scenario_id!r}: "
                               "compare two attempts at the same case")
        return compare(load_report(store, a.id, library), load_report(store, b.id, library))
    except (StoreError, ReportError) as err:
        raise CompareError(err.message) from err


def _record(store: Store, ref: str | int | SessionRecord) -> SessionRecord:
    if isinstance(ref, SessionRecord):
        return ref
    return store.session(ref) if isinstance(ref, int) else store.find_session(ref)
