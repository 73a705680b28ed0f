"""Scoring must discriminate on every bundled scenario (design.md): always
closing, always escalating to the top, and random play each grade below good,
while the key's own best path grades good or outstanding."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from simulator.domain.catalogue import Grade
from simulator.domain.engine import replay
from simulator.domain.events import event_from_json
from simulator.domain.scoring.debrief import score
from simulator.domain.strategies import always_least, always_most, random_play, reference_play
from simulator.scenarios.loader import Loaded, load_paths
from tests.bundled import bundled_library

from ..conftest import MINI

LIBRARY = bundled_library()
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


# The expert set (tests/expert): practitioners' own transcripts on each side of good.
EXPERT = Path(__file__).resolve().parent.parent / "expert"
BELOW_GOOD = {"failure", "probe-filler", "probe-contradicting", "thin-work"}


def _expert(pattern_filter: set[str]) -> list[Path]:
    return sorted(p for p in EXPERT.glob("*/*.json")
                  if json.loads(p.read_text(encoding="utf-8"))["pattern"] in pattern_filter)


def _expert_grade(path: Path) -> Grade:
    data = json.loads(path.read_text(encoding="utf-8"))
    scenario = next(ld.scenario for ld in LIBRARY.scenarios if ld.scenario.id == data["scenario"])
    return score(replay(scenario, [event_from_json(e) for e in data["events"]])).overall


@pytest.mark.parametrize("path", _expert({"good-practice"}), ids=lambda p: p.parent.name)
def test_good_practice_grades_good_or_better(path: Path) -> None:
    assert _expert_grade(path).rank >= Grade.GOOD.rank


@pytest.mark.parametrize("path", _expert(BELOW_GOOD), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_failure_thin_work_filler_and_self_contradiction_grade_below_good(path: Path) -> None:
    assert _expert_grade(path).rank < Grade.GOOD.rank


@pytest.mark.parametrize("path", _expert({"over-escalation"}), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_over_escalation_is_never_inadequate(path: Path) -> None:
    assert _expert_grade(path) is not Grade.INADEQUATE
