"""The library can never silently lose coverage (the scenario-library issue's minimums)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from simulator.domain.catalogue import FAILURE_POINTS
from simulator.scenarios.coverage import coverage_markdown, criterion_matrix, failure_point_matrix, longest_path
from tests.bundled import bundled_library

LIBRARY = [loaded.scenario for loaded in bundled_library().scenarios]
DOC = Path(__file__).parent.parent.parent / "docs" / "scenarios.md"


def test_at_least_twelve_scenarios() -> None:
    assert len(LIBRARY) >= 12


def test_each_failure_point_is_the_focus_of_two_and_each_strength_of_one() -> None:
    strengths = {fp.id for fp in FAILURE_POINTS if fp.strength}
    for point, scenarios in failure_point_matrix(LIBRARY).items():
        assert len(scenarios) >= (1 if point in strengths else 2), f"{point}: {scenarios}"


def test_each_criterion_is_scored_in_three_scenarios() -> None:
    for criterion, scenarios in criterion_matrix(LIBRARY).items():
        assert len(scenarios) >= 3, f"{criterion}: {scenarios}"


def test_four_scenarios_branch_across_three_stages() -> None:
    branching = [s.id for s in LIBRARY if longest_path(s) >= 3 and len({o.next for st in s.stages for o in st.options}) > 2]
    assert len(branching) >= 4, branching


def test_difficulty_spreads_from_introductory_to_advanced() -> None:
    spread = Counter(s.difficulty.value for s in LIBRARY)
    assert all(spread[level] >= 2 for level in ("introductory", "intermediate", "advanced")), spread


def test_the_published_matrix_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == coverage_markdown(LIBRARY), (
        "regenerate: python -m simulator.scenarios.coverage > docs/scenarios.md")
