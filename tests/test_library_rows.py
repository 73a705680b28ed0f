"""The library's rows from any source of summaries and sessions: failure points in words, done and in-progress
marks, the last grade, easy cases first and a sensible first case."""

from __future__ import annotations

from simulator.application.library_rows import (
    CaseSummary,
    Progress,
    first_row,
    library_rows,
    point_name,
    point_text,
)
from simulator.domain.catalogue import FAILURE_POINTS, Difficulty, Grade
from simulator.store.records import CaseTally


def _case(cid: str, level: Difficulty, points: tuple[str, ...] = ("delay",)) -> CaseSummary:
    return CaseSummary(cid, f"Case {cid}", "summary", points, level, 20, path=f"/{cid}.yaml")


AUDIT = _case("audit", Difficulty.ADVANCED, ("inconsistent-management", "premature-closure"))
EASY = _case("easy", Difficulty.INTRODUCTORY, ("front-door",))
MIDDLE = _case("middle", Difficulty.INTERMEDIATE)
EASY_TOO = _case("easy-too", Difficulty.INTRODUCTORY)


def test_every_failure_point_has_a_name_in_words() -> None:
    for point in FAILURE_POINTS:
        assert point.name and point.name != point.id and "-" not in point.name, point.id
    assert point_name("premature-closure") == "Closed too early"
    assert point_text("delay").startswith("Assessments started late")
    assert point_name("not-a-point") == "not-a-point"


def test_rows_put_easy_cases_first_and_name_points_in_words() -> None:
    rows = library_rows([AUDIT, EASY, MIDDLE, EASY_TOO], {})
    assert [r.case.id for r in rows] == ["easy", "easy-too", "middle", "audit"]
    assert rows[-1].points == ("Inconsistent management", "Closed too early")
    assert all(r.progress is Progress.NEW and r.finished == 0 and r.last_grade is None for r in rows)
    assert first_row(rows) == 0
    assert "closed too early" in rows[-1].haystack() and "premature-closure" in rows[-1].haystack()


def test_done_in_progress_and_the_last_grade() -> None:
    marks = {
        "easy": CaseTally("easy", 3, 0, Grade.GOOD),
        "middle": CaseTally("middle", 1, 1, Grade.INADEQUATE),  # one waiting: in progress, whatever was done
        "gone-from-the-library": CaseTally("gone-from-the-library", 1, 0, Grade.GOOD),
    }
    rows = {r.case.id: r for r in library_rows([AUDIT, EASY, MIDDLE], marks)}
    assert (rows["easy"].progress, rows["easy"].finished, rows["easy"].last_grade) == (Progress.DONE, 3, Grade.GOOD)
    assert (rows["middle"].progress, rows["middle"].finished) == (Progress.IN_PROGRESS, 1)
    assert (rows["audit"].progress, rows["audit"].finished, rows["audit"].last_grade) == (Progress.NEW, 0, None)


def test_the_first_case_is_the_one_in_progress_else_the_first_easy_one_not_done() -> None:
    assert first_row(library_rows([AUDIT, EASY, MIDDLE], {"middle": CaseTally("middle", 0, 1, None)})) == 1
    done = {"easy": CaseTally("easy", 1, 0, Grade.GOOD)}
    assert first_row(library_rows([EASY, EASY_TOO, AUDIT], done)) == 1
    assert first_row(library_rows([AUDIT, MIDDLE], {})) == 0
    assert first_row([]) is None
