from __future__ import annotations

from simulator.domain.catalogue import Outcome
from simulator.domain.rulebook import WORKING_TOGETHER_2010, WORKING_TOGETHER_2023


def test_timescales_differ_by_edition() -> None:
    assert WORKING_TOGETHER_2023.timescale("assessment").working_days == 45
    assert WORKING_TOGETHER_2010.timescale("assessment").working_days == 10
    assert WORKING_TOGETHER_2010.timescale("core-assessment").working_days == 35


def test_level_names_are_the_areas_own() -> None:
    cheshire = WORKING_TOGETHER_2023.with_levels(("Universal", "Targeted", "Complex", "Specialist"))
    assert cheshire.level_of(Outcome.EARLY_HELP) == "Targeted"
    assert cheshire.level_of(Outcome.SECTION_47) == "Specialist"
    assert cheshire.level_of(Outcome.CLOSE) is None
    assert WORKING_TOGETHER_2023.with_levels(None) is WORKING_TOGETHER_2023
