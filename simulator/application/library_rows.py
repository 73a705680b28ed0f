"""The library as a trainee reads it: each case with its failure points in words, whether they have done it or
have it in progress, and their last grade; in an order that starts easy, with a sensible first case.

One function, `library_rows`, from the scenarios' summaries and the trainee's sessions, whatever holds them:
today the loaded files and the store's records, tomorrow a cached index of the library (issue 15). Both kinds
of input are described by the fields read here and no more.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

import attrs

from simulator.domain.catalogue import FAILURE_POINTS_BY_ID, Grade
from simulator.domain.model import Difficulty

if TYPE_CHECKING:
    from simulator.scenarios.loader import Loaded

LEVELS = tuple(Difficulty)  # the order a trainee meets them in


@attrs.frozen
class CaseSummary:
    """What the library lists about one case."""

    id: str
    title: str
    summary: str
    failure_points: tuple[str, ...]  # ids, as in the file
    difficulty: Difficulty
    minutes: int
    author: str = ""
    path: str = ""

    @classmethod
    def of(cls, loaded: Loaded) -> CaseSummary:
        """From a loaded scenario file."""
        s = loaded.scenario
        return cls(s.id, s.title, s.summary, tuple(s.failure_points), s.difficulty, s.minutes, s.author,
                   loaded.path)


class SessionFacts(Protocol):
    """What the library reads of one session: the store's ``SessionRecord`` has these fields."""

    @property
    def scenario_id(self) -> str: ...

    @property
    def status(self) -> enum.Enum: ...  # active, finished or abandoned (SessionStatus)

    @property
    def overall(self) -> Grade | None: ...

    @property
    def updated_at(self) -> datetime: ...


class Progress(enum.StrEnum):
    NEW = "new"
    IN_PROGRESS = "in progress"  # an unfinished session waits to be resumed
    DONE = "done"  # finished at least once, none waiting


@attrs.frozen
class LibraryRow:
    case: CaseSummary
    points: tuple[str, ...]  # the failure points in words, in the file's order
    progress: Progress
    finished: int  # how many times the trainee has finished it
    last_grade: Grade | None  # the overall grade of the last one finished

    def haystack(self) -> str:
        """What a search looks in, folded: the words a trainee reads, and the ids a trainer types."""
        c = self.case
        return " ".join((c.title, c.summary, c.id, c.author, *c.failure_points, *self.points)).casefold()


def point_name(point: str) -> str:
    """A failure point in a few words ("Closed too early"); an unknown id as it is."""
    found = FAILURE_POINTS_BY_ID.get(point)
    return (found.name or found.text) if found is not None else point


def point_text(point: str) -> str:
    """A failure point as the inspection put it, whole."""
    found = FAILURE_POINTS_BY_ID.get(point)
    return found.text if found is not None else point


def library_rows(cases: Iterable[CaseSummary], sessions: Iterable[SessionFacts]) -> list[LibraryRow]:
    """A row per case, introductory cases first (then intermediate, then advanced), each level in the
    library's own order. Sessions of cases not in ``cases`` are ignored; abandoned ones count for nothing."""
    finished: dict[str, int] = {}
    last: dict[str, tuple[datetime, Grade | None]] = {}
    waiting: set[str] = set()
    for s in sessions:
        status = str(getattr(s.status, "value", s.status))
        if status == "active":
            waiting.add(s.scenario_id)
        elif status == "finished":
            finished[s.scenario_id] = finished.get(s.scenario_id, 0) + 1
            if s.scenario_id not in last or s.updated_at >= last[s.scenario_id][0]:
                last[s.scenario_id] = (s.updated_at, s.overall)
    rows = []
    for case in cases:
        progress = Progress.IN_PROGRESS if case.id in waiting else Progress.DONE if case.id in finished \
            else Progress.NEW
        rows.append(LibraryRow(case, tuple(point_name(p) for p in case.failure_points), progress,
                               finished.get(case.id, 0), last.get(case.id, (None, None))[1]))
    level = {d: n for n, d in enumerate(LEVELS)}
    return sorted(rows, key=lambda r: level.get(r.case.difficulty, len(LEVELS)))


def first_row(rows: Sequence[LibraryRow]) -> int | None:
    """Where the library's cursor starts: on a case in progress, else the first introductory case not yet
    done, else the first introductory case, else the first case."""
    def waiting(row: LibraryRow) -> bool:
        return row.progress is Progress.IN_PROGRESS

    def first_steps(row: LibraryRow) -> bool:
        return row.case.difficulty is Difficulty.INTRODUCTORY and row.progress is Progress.NEW

    def introductory(row: LibraryRow) -> bool:
        return row.case.difficulty is Difficulty.INTRODUCTORY

    wanted: list[Callable[[LibraryRow], bool]] = [waiting, first_steps, introductory]
    for fits in wanted:
        found = next((n for n, row in enumerate(rows) if fits(row)), None)
        if found is not None:
            return found
    return 0 if rows else None
