"""Scoring must discriminate on every bundled scenario (design.md): always
closing, always escalating to the top, and random play each grade below good,
while the key's own best path grades good or outstanding."""

from __future__ import annotations

import statistics

import pytest

from simulator.domain.catalogue import Grade
from simulator.domain.engine import replay
from simulator.domain.scoring import score
from simulator.domain.strategies import always_least, always_most, random_play, reference_play
from simulator.scenarios.loader import Loaded, bundled_dir, load_paths

from ..conftest import MINI

LIBRARY = load_paths([bundled_dir()])
CASES = [*LIBRARY.scenarios, *load_paths([MINI]).scenarios]


def test_the_bundled_library_loads_cleanly() -> None:
    assert [p.format() for p in LIBRARY.problems] == []
    assert len(LIBRARY.scenarios) >= 2


@pytest.fixture(params=CASES, ids=lambda loaded: loaded.scenario.id)
def case(request: pytest.FixtureRequest) -> Loaded:
    loaded: Loaded = request.param
    return loaded


def _grade(loaded: Loaded, events: list[object]) -> Grade:
    return score(replay(loaded.scenario, events)).overall  # type: ignore[arg-type]


def test_the_best_path_grades_good_or_better(case: Loaded) -> None:
    grade = _grade(case, reference_play(case.scenario))
    assert grade.rank >= Grade.GOOD.rank, f"the reference path grades {grade.value}"


def test_always_closing_grades_below_good(case: Loaded) -> None:
    grade = _grade(case, always_least(case.scenario))
    assert grade.rank < Grade.GOOD.rank, f"always choosing the least intensive option grades {grade.value}"


def test_always_escalating_grades_below_good(case: Loaded) -> None:
    grade = _grade(case, always_most(case.scenario))
    assert grade.rank < Grade.GOOD.rank, f"always choosing the most intensive option grades {grade.value}"


def test_random_play_grades_below_good(case: Loaded) -> None:
    ranks = [_grade(case, random_play(case.scenario, seed)).rank for seed in range(100)]
    median = statistics.median(ranks)
    assert median < Grade.GOOD.rank, f"the median of 100 random plays has rank {median}"
