"""Scoring: pinned numbers on the fixture, and the properties design.md asks for."""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.domain.catalogue import Grade
from simulator.domain.engine import SessionState, apply, replay
from simulator.domain.events import Decide, Event, Flag, FlagKind, TakeAction
from simulator.domain.model import EvidenceKind, Scenario
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.decisions import decision_credit
from simulator.domain.scoring.grades import grade_for
from simulator.domain.strategies import always_least, random_play, reference_play

from ..conftest import load_mini

MINI = load_mini()
seeds = st.integers(0, 10_000)


def test_grade_bands() -> None:
    assert [grade_for(x) for x in (0.0, 0.44, 0.45, 0.69, 0.7, 0.89, 0.9, 1.0)] == [
        Grade.INADEQUATE, Grade.INADEQUATE, Grade.REQUIRES_IMPROVEMENT, Grade.REQUIRES_IMPROVEMENT,
        Grade.GOOD, Grade.GOOD, Grade.OUTSTANDING, Grade.OUTSTANDING,
    ]


def test_under_protection_costs_more_than_over_intervention(mini: Scenario) -> None:
    contact = mini.stage_by_id["contact"]
    by_id = {o.id: o for o in contact.options}
    assert decision_credit(by_id["strategy"], contact) == (1.0, "best")
    # one step over the best, verdict poor (0.5); the closure is four steps under
    assert decision_credit(by_id["protect"], contact) == (0.5, "over")
    assert decision_credit(by_id["close-nfa"], contact) == (0.0, "under")
    enquiry = mini.stage_by_id["enquiry"]
    votes = {o.id: o for o in enquiry.options}
    assert decision_credit(votes["cin-plan"], enquiry) == (1.0, "best")
    assert decision_credit(votes["conference"], enquiry) == (0.25, "over")  # 2 of 8 votes


def test_the_reference_path_is_outstanding(mini: Scenario) -> None:
    debrief = score(replay(mini, reference_play(mini)))
    assert debrief.overall is Grade.OUTSTANDING
    assert not debrief.critical
    assert all(r.grade is Grade.OUTSTANDING for r in debrief.criteria.values()), {
        c: (r.score, r.reason) for c, r in debrief.criteria.items()}
    assert debrief.not_assessed == ("immediate-protection", "safe-closure", "exploitation", "tools-judgement")


def test_closing_without_checks_is_a_critical_error(mini: Scenario) -> None:
    state = replay(mini, [Flag("mark-on-arm", FlagKind.RISK),
                          Decide(stage="contact", option="close-nfa", rationale="Dad says it was an accident.")])
    debrief = score(state)
    assert debrief.overall is Grade.INADEQUATE
    assert [c.rule for c in debrief.critical] == ["closed-without-checks", "child-never-seen"]
    assert debrief.criteria["front-door"].critical
    assert debrief.criteria["front-door"].reason == "Critical: Closed a physical-harm allegation without any checks."
    assert "front-door" in debrief.criteria["front-door"].failure_points
    assert any("Limiting rule" in r for r in debrief.reasons)


def test_each_criterion_says_once_what_decided_it_and_the_failure_point_it_shows(mini: Scenario) -> None:
    state = replay(mini, [Decide(stage="contact", option="strategy", rationale="Finger marks on a 7-year-old.")])
    criteria = score(state).criteria
    partners = criteria["partner-information"]
    assert partners.reason == "You asked 0 of the 1 partners who held something the decision needed."
    assert partners.findings == (
        "Not found before deciding 'Contact': 'Police record for the father' (police); 'Ask the police' would have "
        "revealed it.",
        "Not done: 'Ask the police'. It held information the decision needed.",
    )
    assert partners.failure_points == ("partner-information",)
    voice = criteria["child-voice"]
    assert voice.reason == "The child was never seen; only adults' accounts were recorded."
    assert voice.findings == () and voice.failure_points == ("child-not-heard",)
    oversight = criteria["management-oversight"]
    assert oversight.reason.startswith("Your record at 'Contact' does not say ")
    assert "The record at 'Contact' cites no evidence." in oversight.findings


def test_essential_evidence_not_found_is_distinct_from_not_recognised(mini: Scenario) -> None:
    not_found = score(replay(mini, [Decide(stage="contact", option="strategy", rationale="x" * 20)]))
    found_not_flagged = score(replay(mini, [TakeAction("ask-police"),
                                            Decide(stage="contact", option="strategy", rationale="x" * 20)]))
    assert not_found.criteria["partner-information"].score < found_not_flagged.criteria["partner-information"].score
    assert any("Not flagged as a risk: 'Police record" in f for f in found_not_flagged.criteria["risk-recognition"].findings)
    assert not any("Police record" in f for f in not_found.criteria["risk-recognition"].findings)


def test_an_unfinished_case_is_never_above_requires_improvement(mini: Scenario) -> None:
    events = reference_play(mini)[:-1]  # everything but the last decision
    debrief = score(replay(mini, events))
    assert not debrief.finished
    assert debrief.overall is Grade.REQUIRES_IMPROVEMENT
    assert any("unfinished" in r for r in debrief.reasons)


def test_timeliness_against_the_rulebook(mini: Scenario) -> None:
    slow = [TakeAction(a) for a in ("check-records", "ask-police", "ask-school", "home-visit")]
    debrief = score(replay(mini, [*slow, Decide(stage="contact", option="strategy", rationale="x" * 20)]))
    [timing, *_] = debrief.timings
    assert (timing.taken, timing.limit, timing.within) == (1.1, 1, False)
    assert debrief.criteria["timeliness"].score == 0.9
    assert "took 1.1 working days; the limit for the decision on a referral is 1" in (
        debrief.criteria["timeliness"].reason)


def _state_with_flags(seed: int, extra: str | None) -> tuple[SessionState, SessionState]:
    state = replay(MINI, random_play(MINI, seed))
    if extra is None:
        return state, state
    flags = dict(state.flags)
    flags[extra] = FlagKind.RISK
    return state, attrs.evolve(state, flags=flags)


@settings(max_examples=200, deadline=None)
@given(seeds, st.data())
def test_flagging_one_more_true_risk_never_lowers_recognition(seed: int, data: st.DataObject) -> None:
    state = replay(MINI, random_play(MINI, seed))
    candidates = [e.id for e in MINI.evidence if e.key.kind is EvidenceKind.RISK and e.id in state.revealed_ids
                  and state.flags.get(e.id) is not FlagKind.RISK]
    if not candidates:
        return
    extra = data.draw(st.sampled_from(candidates))
    more = attrs.evolve(state, flags={**state.flags, extra: FlagKind.RISK})
    before, after = score(state).criteria, score(more).criteria
    assert after["risk-recognition"].score >= before["risk-recognition"].score
    if "exploitation" in before:
        assert after["exploitation"].score >= before["exploitation"].score


@settings(max_examples=200, deadline=None)
@given(seeds)
def test_every_score_lies_in_unit_interval_and_replay_is_deterministic(seed: int) -> None:
    events = random_play(MINI, seed)
    first, second = score(replay(MINI, events)), score(replay(MINI, events))
    assert first == second
    assert all(0.0 <= r.score <= 1.0 for r in first.criteria.values())


@settings(max_examples=200, deadline=None)
@given(seeds)
def test_any_never_event_makes_the_case_inadequate(seed: int) -> None:
    debrief = score(replay(MINI, random_play(MINI, seed)))
    if debrief.critical:
        assert debrief.overall is Grade.INADEQUATE
        assert all(debrief.criteria[c.criterion].grade is Grade.INADEQUATE for c in debrief.critical)


def _blocking_variant() -> Scenario:
    """The fixture with the police record marked as blocking closure."""
    evidence = tuple(
        attrs.evolve(e, key=attrs.evolve(e.key, blocks_closure=True)) if e.id == "police-record" else e
        for e in MINI.evidence
    )
    return attrs.evolve(MINI, evidence=evidence)


@settings(max_examples=100, deadline=None)
@given(seeds)
def test_an_unsafe_closure_is_never_above_requires_improvement(seed: int) -> None:
    scenario = _blocking_variant()
    events: list[Event] = [TakeAction("ask-police")]
    state = apply(replay(scenario, events), Flag("police-record", FlagKind.RISK))
    rest = [e for e in random_play(scenario, seed) if not isinstance(e, Decide)][:10]
    for event in rest:
        try:
            state = apply(state, event)
        except ValueError:
            continue
    state = apply(state, Decide(stage="contact", option="close-nfa", rationale="Family are cooperating now."))
    debrief = score(state)
    assert debrief.overall.rank <= Grade.REQUIRES_IMPROVEMENT.rank
    assert "closed-with-blocking-indicator" in [c.rule for c in debrief.critical]


def test_always_least_with_perfect_investigation_is_below_good() -> None:
    assert score(replay(MINI, always_least(MINI))).overall.rank < Grade.GOOD.rank


def test_a_case_audit_marks_deficits_under_management_oversight() -> None:
    from simulator.scenarios.loader import load_file

    from ..conftest import DATA

    loaded = load_file(DATA / "audit" / "audit.yaml")
    assert not isinstance(loaded, list)
    audit = loaded.scenario
    marked = score(replay(audit, [Flag("not-seen-alone", FlagKind.RISK),
                                  Decide(stage="review", option="return", rationale="Ruby was not seen alone.",
                                         cites=("not-seen-alone",))]))
    unmarked = score(replay(audit, [Decide(stage="review", option="endorse", rationale="Agree with closure.")]))
    assert "risk-recognition" not in marked.criteria
    assert marked.criteria["management-oversight"].score > unmarked.criteria["management-oversight"].score
    assert "Deficit not marked: 'Home visit note' (case record). She was never seen alone." in " ".join(
        unmarked.criteria["management-oversight"].findings)
    assert marked.overall.rank > unmarked.overall.rank
    assert decision_credit(audit.option_by_id["endorse"][1], audit.stages[0]) == (0.0, "under")


def test_a_resolved_blocker_no_longer_blocks_closure() -> None:
    scenario = _blocking_variant()
    resolved = attrs.evolve(scenario, evidence=tuple(
        attrs.evolve(e, key=attrs.evolve(e.key, resolved_by=("good-attendance",))) if e.id == "police-record" else e
        for e in scenario.evidence))
    close = Decide(stage="contact", option="close-nfa", rationale="Checked with police and school.")
    before = [TakeAction("ask-police"), close]
    after = [TakeAction("ask-police"), TakeAction("ask-school"), close]
    assert "closed-with-blocking-indicator" in [c.rule for c in score(replay(resolved, before)).critical]
    assert "closed-with-blocking-indicator" not in [c.rule for c in score(replay(resolved, after)).critical]
