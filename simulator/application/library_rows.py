"""The library as a trainee reads it: each case with its failure points in words, whether they have done it or
have it in progress, and their last grade; in an order that starts easy, with a sensible first case.

One function, `library_rows`, from the scenarios' summaries and the trainee's sessions, whatever holds them:
the library's index entries (nothing parsed) and what the store sums up of the trainee's sessions. Both kinds
of input are described by the fields read here and no more.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

import attrs

from simulator.domain.catalogue import FAILURE_POINTS_BY_ID, Difficulty, Grade

if TYPE_CHECKING:
    from simulator.application.library_index import Entry

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
    def of(cls, entry: Entry) -> CaseSummary:
        """From the library's entry for the file (its index: nothing parsed)."""
        return cls(entry.id, entry.title, entry.summary, tuple(entry.failure_points), Difficulty(entry.difficulty),
                   entry.minutes, entry.author, entry.path)


class CaseMark(Protocol):
    """What the library reads of the trainee's play of one case: the store's ``CaseTally`` has these fields."""

    @property
    def finished(self) -> int: ...  # sessions finished

    @property
    def unfinished(self) -> int: ...  # sessions waiting to be resumed

    @property
    def last_grade(self) -> Grade | None: ...  # the overall grade of the one finished last


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


def library_rows(cases: Iterable[CaseSummary], marks: Mapping[str, CaseMark]) -> list[LibraryRow]:
    """A row per case, introductory cases first (then intermediate, then advanced), each level in the
    library's own order, with what the trainee has done of it (``marks``, by case id; marks of cases not in
    ``cases`` are ignored)."""
    rows = []
    for case in cases:
        mark = marks.get(case.id)
        progress = Progress.NEW if mark is None else Progress.IN_PROGRESS if mark.unfinished \
            else Progress.DONE if mark.finished else Progress.NEW
        rows.append(LibraryRow(case, tuple(point_name(p) for p in case.failure_points), progress,
                               mark.finished if mark else 0, mark.last_grade if mark else None))
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
