"""A key's point is made by the point's idea, not by words any record of any case would contain.

The debrief quotes the trainee's sentence as making the point ("Made: ... You wrote: ..."), and a practice
educator reads that quote against the point. Loose terms (``she``, ``alone``, ``plan``, ``school``) make the
quote a sentence about something else: a good record of ANOTHER case, swapped in at a stage of the same kind,
shows how loose a scenario's terms are.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.domain.engine import replay
from simulator.domain.model import Scenario, Stage
from simulator.domain.reasoning.points import PointSet, parse_terms
from simulator.domain.reasoning.words import read_text
from simulator.domain.scoring.records import review_record
from simulator.domain.scoring.results import PointReview
from tests.bundled import bundled_library, expert_session

TESTS = Path(__file__).parent.parent
LIBRARY = {loaded.scenario.id: loaded.scenario for loaded in bundled_library().scenarios}

# Points of each scenario made by the good-practice records of the other scenarios, at stages of the same kind,
# as measured when the terms were tightened: no scenario's terms may grow looser than this. Some sharing is
# right (neglect of health and supervision is the idea of two neglect cases), the rest is left to a later pass.
CROSS_CASE_MADE = {
    "audit-closure-without-voice": 6,
    "bruised-baby-plausible-story": 2,
    "closure-is-right": 0,
    "cse-identified-planning": 11,
    "dash-eleven-strangulation": 2,
    "disguised-compliance-tidy-house": 10,
    "drifting-assessment-delay": 1,
    "fgm-sister-flight": 13,
    "found-out-of-area-twins": 10,
    "manager-reviews-closure": 23,
    "missing-fifteen-closure-review": 7,
    "neglect-start-again": 0,
    "private-fostering-household": 0,
    "school-disclosure-phone-only": 13,
    "sixteen-drifting-asb": 7,
    "toddler-alone-out-of-hours": 18,
    "tooth-decay-twins": 4,
    "vague-school-concern": 1,
}


def _kind(stage: Stage) -> str:
    """What a stage decides, by the timescale it is held to: a front door, a strategy discussion, a conference."""
    return stage.timescale or "untimed"


def _good_records(scenario_id: str) -> Iterator[tuple[str, str]]:
    """The stage and the record of each decision in the scenario's good-practice transcripts."""
    for folder in ("expert", "expert_holdout"):
        for path in sorted((TESTS / folder / scenario_id).glob("good-practice*.json")):
            for event in json.loads(path.read_text(encoding="utf-8"))["events"]:
                if event["type"] == "decide" and event.get("rationale"):
                    yield event["stage"], event["rationale"]


def _stage_kinds(scenario: Scenario) -> dict[str, str]:
    return {stage.id: _kind(stage) for stage in scenario.stages}


def cross_case_made() -> Counter[str]:
    """For each scenario, how many of its points (and wrong points) the other scenarios' good records make."""
    records = {sid: [(_stage_kinds(s)[stage], text) for stage, text in _good_records(sid)]
               for sid, s in LIBRARY.items()}
    made: Counter[str] = Counter()
    for sid, scenario in LIBRARY.items():
        for stage in scenario.stages:
            for decision in stage.decision_list:
                points = decision.record.points + decision.record.wrong
                if not points:
                    continue
                matcher = PointSet(parse_terms(p.terms, scenario.key.synonyms) for p in points)
                for other, theirs in records.items():
                    for kind, text in theirs:
                        if other != sid and kind == _kind(stage):
                            made[sid] += sum(m.made for m in matcher.match(read_text(text)))
    return made


def test_no_scenario_s_points_are_made_more_often_by_other_cases_records() -> None:
    made = cross_case_made()
    looser = {sid: made[sid] for sid in LIBRARY if made[sid] > CROSS_CASE_MADE.get(sid, 0)}
    assert not looser, f"points made by other cases' good records (bound {CROSS_CASE_MADE}): {looser}"


@pytest.mark.parametrize("sentence", [
    "I saw Isla on her own at school on Monday 19 May.",
    "Isla is happy and loves her parents, and being on her own for a bit after school is not unusual at her age.",
])
def test_seeing_isla_on_her_own_is_not_her_saying_she_is_scared(sentence: str) -> None:
    scenario = LIBRARY["tooth-decay-twins"]
    point = next(p for p in scenario.stage_by_id["assessment"].record.points if p.id == "isla-scared")
    assert not PointSet([parse_terms(point.terms, scenario.key.synonyms)]).match(read_text(sentence))[0].made


def _good_practice_point(case: str, option: str, point_id: str) -> PointReview:
    """How the expert's good-practice record, at the decision where it chose OPTION, fares on one point."""
    scenario, events = expert_session(case)
    decision = next(d for d in replay(scenario, events).decisions if d.option == option)
    return next(p for p in review_record(scenario, decision).points if p.id == point_id)


def test_the_good_practice_quote_for_isla_scared_says_she_is_scared() -> None:
    point = _good_practice_point("tooth-decay-twins", "cin-plan", "isla-scared")
    assert point.made
    assert "scared" in point.quote


def test_the_good_practice_record_makes_jade_s_leaving_matter_to_tyler_s_enquiry() -> None:
    """The expert writes 'she won't go home "while Craig's there" ... a possible witness for Tyler' without her name."""
    point = _good_practice_point("private-fostering-household", "j-pf", "why-she-left")
    assert point.made
    assert "Craig" in point.quote and "Tyler" in point.quote
