"""Whose record it is: a record in another case's words, or about the other child, is not a record of the
decision (an educator's variants of the experts' own transcripts were graded outstanding)."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.domain.catalogue import Grade
from simulator.domain.engine import replay
from simulator.domain.events import Decide, Event, event_from_json
from simulator.domain.model import Scenario
from simulator.domain.reasoning.words import read_text
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.record_subject import about_someone_else
from simulator.domain.scoring.results import RecordReview
from simulator.domain.twins import as_twin
from simulator.scenarios.loader import load_file
from tests.bundled import bundled_library, expert_session

TESTS = Path(__file__).resolve().parent.parent
LIBRARY = {loaded.scenario.id: loaded.scenario for loaded in bundled_library().scenarios}


def _records(events: list[Event]) -> list[str]:
    return [e.rationale for e in events if isinstance(e, Decide)]


def test_a_record_in_another_case_s_words_is_not_a_record_of_this_decision() -> None:
    """The tooth-decay good practice with the assessment's record swapped for the neglect case's: it names
    Stacey, Riley and Mia and nobody in Isla's case, shares plenty of common words (school, breakfast, mum), and
    was graded outstanding with Isla's point 'made' by a sentence about Riley."""
    case, events = expert_session("tooth-decay-twins")
    neglect = _records(expert_session("neglect-start-again")[1])[-1]
    swapped = [attrs.evolve(e, rationale=neglect) if isinstance(e, Decide) and e.stage == "assessment" else e
               for e in events]
    assert swapped != events
    debrief = score(replay(case, swapped))
    record = next(d.record for d in debrief.decisions if d.stage == "assessment" and d.record)
    assert record.elsewhere.startswith("is about another case: it names ")
    assert "Stacey" in record.elsewhere and "Riley" in record.elsewhere
    assert not [p for p in record.points if p.made] and not record.wrong
    assert debrief.criteria["management-oversight"].grade.rank <= Grade.REQUIRES_IMPROVEMENT.rank
    assert "is about another case" in debrief.criteria["management-oversight"].reason
    assert debrief.overall.rank <= Grade.REQUIRES_IMPROVEMENT.rank
    assert score(replay(case, events)).overall is Grade.OUTSTANDING  # the expert's own record, as it was


def test_a_record_about_the_other_child_is_not_a_record_of_this_child_s_route() -> None:
    household = load_file(TESTS / "data" / "format2" / "household.yaml")
    assert not isinstance(household, list)
    case = household.scenario
    about_jade = ("Jade has lived with Dawn for seven weeks by an informal agreement; Dawn's care is good and "
                  "Jade wants to stay. A private fostering visit within seven working days, Jade seen alone.")
    events = [Decide(stage="referral", decision="jade-route", option="j-pf", rationale=about_jade),
              Decide(stage="referral", decision="tyler-route", option="t-strategy", rationale=about_jade)]
    jade, tyler = (d.record for d in score(replay(case, events)).decisions)
    assert jade is not None and tyler is not None
    assert not jade.elsewhere
    assert tyler.elsewhere == "is about Jade, not Tyler: it never names Tyler."
    assert tyler.score < min(0.45, jade.score)


@pytest.mark.parametrize("case", sorted(LIBRARY))
def test_no_expert_record_is_told_it_is_about_someone_else(case: str) -> None:
    """Every record the practice educators wrote, in the set and the holdout, for every case."""
    for root in ("expert", "expert_holdout"):
        for path in sorted((TESTS / root / case).glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            scenario = as_twin(LIBRARY[case], data["twin"]) if data.get("twin") else LIBRARY[case]
            debrief = score(replay(scenario, [event_from_json(e) for e in data["events"]]))
            assert not [d.record.elsewhere for d in debrief.decisions if d.record and d.record.elsewhere], path


@given(st.text(max_size=300), st.sampled_from(sorted(LIBRARY)))
def test_a_record_naming_someone_in_the_case_is_never_about_another_case(text: str, case: str) -> None:
    scenario = LIBRARY[case]
    person = scenario.case.people[0].name.split()[0]
    decision = scenario.stages[0].decision_list[0]
    named = f"{text} {person} was seen."
    assert not about_someone_else(scenario, decision, read_text(named)).startswith("is about another case")
    about_someone_else(scenario, decision, read_text(text))  # any text is read without failing


def test_a_record_resting_on_what_nobody_had_found_is_not_outstanding() -> None:
    """An educator's variant: the tooth-decay contact cites Isla's own account and the grandmother's offer, neither
    found yet, and was graded outstanding with three findings."""
    case, events = expert_session("tooth-decay-twins")
    first = next(i for i, e in enumerate(events) if isinstance(e, Decide))
    assert isinstance(events[first], Decide)
    unfound = attrs.evolve(events[first], cites=(*events[first].cites, "home-alone", "grandmother"))
    debrief = score(replay(case, [*events[:first], unfound, *events[first + 1:]]))
    oversight = debrief.criteria["management-oversight"]
    assert oversight.grade is Grade.REQUIRES_IMPROVEMENT
    assert "relies on what you had not found: 'Isla's account of teatime'" in oversight.reason
    assert debrief.overall.rank <= Grade.GOOD.rank


def _with_record(events: list[Event], option: str, rationale: str) -> list[Event]:
    return [attrs.evolve(e, rationale=rationale) if isinstance(e, Decide) and e.option == option else e
            for e in events]


def _record_at(case: Scenario, events: list[Event], option: str) -> RecordReview:
    record = next(d.record for d in score(replay(case, events)).decisions if d.option == option)
    assert record is not None
    return record


def test_a_child_s_name_misspelt_or_given_as_an_age_is_still_that_child() -> None:
    """An educator: "Mariamma" throughout the record of Mariama's trip made it "about Fatou, not Mariama", and
    the points it plainly made were listed as missed; so did calling her "the 9-year-old"."""
    case, events = expert_session("fgm-sister-flight")
    written = next(e.rationale for e in events if isinstance(e, Decide) and e.option == "tr-order")
    misspelt = _record_at(case, _with_record(events, "tr-order", written.replace("Mariama", "Mariamma")), "tr-order")
    assert not misspelt.elsewhere and [p for p in misspelt.points if p.made]
    aged = written.replace("Mariama", "the 9-year-old")
    assert not _record_at(case, _with_record(events, "tr-order", aged), "tr-order").elsewhere


@pytest.mark.parametrize("added", [
    "Discussed with the duty manager, Sarah Jones, who agreed.",  # one person, by two names, once
    "A noise complaint in 2022 at the old address in Merthyr Tydfil, before the move to Pontypridd.",  # places
])
def test_an_anonymised_record_naming_one_colleague_or_two_places_is_not_another_case_s(added: str) -> None:
    case, events = expert_session("closure-is-right")
    anonymised = ("Contact from the school's DSL. O, 8, told a TA at breakfast club he is always hungry and not "
                  "allowed normal food at home. His teacher has seen him thinner since half-term. Mum has not "
                  "answered two calls. Decision: accept for a section 17 child and family assessment. " + added)
    assert not _record_at(case, _with_record(events, "fd-assess", anonymised), "fd-assess").elsewhere


def test_a_common_word_that_is_also_a_name_in_the_case_does_not_make_another_case_s_record_this_one_s() -> None:
    """Ollie's father is Mark: the docs' Leo record ("a finger-shaped mark") in Ollie's case was graded good."""
    case, events = expert_session("closure-is-right")
    leo = ("School report a finger-shaped mark on Leo's arm; police hold a 2010 caution against Sam. His "
           "grandmother sees him daily. Leo says Dad grabbed him when he ran into the road. I will see Leo alone "
           "at school tomorrow, and Sam at home.")
    record = _record_at(case, _with_record(events, "fd-assess", leo), "fd-assess")
    assert record.elsewhere.startswith("is about another case: it names ")
