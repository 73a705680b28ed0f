"""The debrief a practice educator would sign: the direction of error decides what a decision counts against,
records are judged for what they say, flags drive recognition, harmful steps are named, and each criterion
explains itself once (issue: "A debrief a practice educator would sign")."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.domain.catalogue import CRITERION_IDS, Grade
from simulator.domain.engine import narrative, replay
from simulator.domain.events import Decide, Event, Flag, FlagKind, TakeAction
from simulator.domain.model import ActionKind, HarmfulAction, RecordKey, RecordPoint, Scenario, Verdict
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.table import CRITERION_MEASURES
from simulator.domain.strategies import random_play
from tests.bundled import bundled_library

from ..conftest import load_mini

MINI = load_mini()
GOOD_RECORD = (
    "Leo (7) told school Dad grabbed him and there is a finger-shaped mark on his arm; police hold a 2010 "
    "caution for assault against Sam. We do not yet know what happened at home. His grandmother sees him daily, "
    "which is a strength, but the mark and the caution outweigh it: reasonable cause to suspect significant harm, "
    "so a strategy discussion today. I will see Leo alone at school tomorrow with police. If Leo's account "
    "explains the mark, I would step down to a child-in-need assessment."
)
CHECKS: list[Event] = [TakeAction("check-records"), TakeAction("ask-police"), Flag("mark-on-arm", FlagKind.RISK),
                       Flag("earlier-call", FlagKind.RISK), Flag("police-record", FlagKind.RISK)]
CITES = ("mark-on-arm", "police-record")


def _contact(option: str, rationale: str = GOOD_RECORD, cites: tuple[str, ...] = CITES) -> Decide:
    return Decide(stage="contact", option=option, rationale=rationale, cites=cites, confidence=2)


def _with_key(scenario: Scenario, **changes: object) -> Scenario:
    return attrs.evolve(scenario, key=attrs.evolve(scenario.key, **changes))


def _verdict(scenario: Scenario, option_id: str, verdict: Verdict) -> Scenario:
    stages = tuple(attrs.evolve(s, options=tuple(
        attrs.evolve(o, key=attrs.evolve(o.key, verdict=verdict)) if o.id == option_id else o for o in s.options))
        for s in scenario.stages)
    return attrs.evolve(scenario, stages=stages)


# --- direction of error -------------------------------------------------------------------------------------

ENQUIRY = [TakeAction("see-leo-alone"), Flag("leo-account", FlagKind.PROTECTIVE),
           Decide(stage="enquiry", option="cin-plan", cites=("leo-account", "mark-on-arm"), rationale=(
               "Seen alone, Leo says Dad grabbed him when he ran into the road; his grandmother is protective. "
               "We do not yet know how Sam manages Leo's behaviour, so, weighing the caution against Leo's "
               "account, this is not significant harm: a child-in-need plan, reviewed in six weeks by me with "
               "the school. If there are new marks I will return it to a strategy discussion."))]


def test_an_over_escalation_counts_against_proportionate_help_and_the_front_door_only() -> None:
    debrief = score(replay(MINI, [*CHECKS, _contact("protect"), *ENQUIRY]))
    decision = debrief.decisions[0]
    assert (decision.direction, decision.counts_against) == ("over", ("proportionate-help", "front-door"))
    assert debrief.criteria["investigation"].grade is Grade.OUTSTANDING  # the enquiry was not harmed
    assert debrief.criteria["risk-recognition"].grade is Grade.OUTSTANDING
    assert debrief.criteria["proportionate-help"].grade.rank <= Grade.REQUIRES_IMPROVEMENT.rank
    assert "intervenes more than the situation needed" in debrief.criteria["proportionate-help"].reason
    assert debrief.shown_failure_points == ()  # over-intervention is none of the inspection's failure points


def test_over_intervention_alone_is_requires_improvement_whatever_the_key_says() -> None:
    harsh = _with_key(_verdict(MINI, "protect", Verdict.WRONG),
                      limiting=("investigation", "proportionate-help", "front-door"))
    debrief = score(replay(harsh, [*CHECKS, _contact("protect"), *ENQUIRY]))
    assert debrief.criteria["proportionate-help"].grade is Grade.INADEQUATE
    assert debrief.overall is Grade.REQUIRES_IMPROVEMENT
    assert not any(r.startswith("Limiting rule") for r in debrief.reasons)
    assert any("Over-intervention alone" in r for r in debrief.reasons)


def test_over_intervention_alone_leaves_no_criterion_but_proportionate_help_inadequate() -> None:
    """Removing Leo when the key calls it wrong: the front door, where it is the wrong level of need, is held at
    requires improvement, not inadequate, and shows no failure point; proportionate help, over-intervention's own
    criterion, is as the key's verdict leaves it (domain.md §6)."""
    harsh = _verdict(MINI, "protect", Verdict.WRONG)
    debrief = score(replay(harsh, [*CHECKS, _contact("protect"), *ENQUIRY]))
    front_door = debrief.criteria["front-door"]
    assert front_door.grade is Grade.REQUIRES_IMPROVEMENT
    assert "intervenes more than the situation needed" in front_door.reason
    assert front_door.failure_points == ()
    assert debrief.criteria["proportionate-help"].grade is Grade.INADEQUATE
    assert debrief.shown_failure_points == ()


def test_a_front_door_without_checks_or_reasons_behind_a_removal_requires_improvement() -> None:
    """The same wrong removal with no checks and a record that gives no reasons: thin work at the front door,
    told as findings, behind a decision that left no child short. domain.md §3 keeps an inadequate front door
    for no decision or a closure without checks (tests/domain/test_investigation.py)."""
    harsh = _verdict(MINI, "protect", Verdict.WRONG)
    debrief = score(replay(harsh, [_contact("protect", "Removing him.", cites=())]))
    front_door = debrief.criteria["front-door"]
    assert front_door.grade is Grade.REQUIRES_IMPROVEMENT
    assert any("Not checked before deciding" in f for f in front_door.findings)
    assert "front-door" not in front_door.failure_points


def test_an_under_protective_decision_counts_against_what_the_stage_scores_and_shows_its_failure_points() -> None:
    debrief = score(replay(MINI, [*CHECKS, _contact("close-nfa", "Dad says Leo ran into the road; closing it.")]))
    [decision] = debrief.decisions
    assert (decision.direction, decision.counts_against) == (
        "under", ("front-door", "investigation", "risk-recognition", "safe-closure"))  # closing it is closing early
    assert debrief.criteria["investigation"].grade is Grade.INADEQUATE
    assert "premature-closure" in debrief.criteria["safe-closure"].failure_points
    assert "allegation-not-investigated" in debrief.criteria["investigation"].failure_points
    assert debrief.overall is Grade.INADEQUATE  # investigation is limiting for this case


def test_a_quick_decision_that_protects_less_is_not_timely_help() -> None:
    debrief = score(replay(MINI, [*CHECKS, _contact("close-nfa", "Dad says Leo ran into the road; closing it.")]))
    timeliness = debrief.criteria["timeliness"]
    assert timeliness.grade is Grade.REQUIRES_IMPROVEMENT
    assert "being quick is not timely help" in timeliness.reason


# --- the written record -------------------------------------------------------------------------------------

def test_a_filler_record_is_not_oversight_whatever_it_cites() -> None:
    filler = "Decision made after considering all the information available. See cited evidence. Will review."
    debrief = score(replay(MINI, [*CHECKS, _contact("strategy", filler)]))
    oversight = debrief.criteria["management-oversight"]
    assert oversight.grade.rank <= Grade.REQUIRES_IMPROVEMENT.rank
    assert "could be about any case" in oversight.reason
    assert debrief.criteria["front-door"].grade.rank <= Grade.REQUIRES_IMPROVEMENT.rank
    assert debrief.overall.rank <= Grade.REQUIRES_IMPROVEMENT.rank


def test_a_record_arguing_against_its_decision_scores_low_and_is_quoted() -> None:
    against = ("There are no real concerns here. Leo is cheerful, attends well and his grandmother is protective. "
               "Dad is coping and this is ordinary family life; there is no role for children's services.")
    debrief = score(replay(MINI, [*CHECKS, _contact("strategy", against)]))
    [decision] = debrief.decisions
    assert decision.record is not None and decision.record.contradiction
    oversight = debrief.criteria["management-oversight"]
    assert oversight.grade is Grade.INADEQUATE
    assert "argues against your own decision" in oversight.reason and "“" in oversight.reason


def test_a_record_arguing_the_risk_away_shows_the_risk_not_recognised_under_risk_recognition() -> None:
    """Under risk recognition, a record that argues the risk away is the risk not recognised; under the criteria
    the record feeds as oversight, it is management that cannot be relied on."""
    against = ("There are no real concerns here. Leo is cheerful, attends well and his grandmother is protective. "
               "Dad is coping and this is ordinary family life; there is no role for children's services.")
    judged = attrs.evolve(MINI, stages=tuple(  # a stage that scores risk recognition (format 2's all do)
        attrs.evolve(s, scores=(*s.scores, "risk-recognition")) if s.id == "contact" else s for s in MINI.stages))
    debrief = score(replay(judged, [*CHECKS, _contact("strategy", against)]))
    assert debrief.criteria["risk-recognition"].grade is Grade.REQUIRES_IMPROVEMENT
    assert debrief.criteria["risk-recognition"].failure_points == ("risk-not-recognised",)
    assert "inconsistent-management" in debrief.criteria["management-oversight"].failure_points


def test_a_defensible_record_is_read_as_one() -> None:
    debrief = score(replay(MINI, [*CHECKS, _contact("strategy")]))
    [decision] = debrief.decisions
    assert decision.record is not None
    assert all(q.present for q in decision.record.qualities), decision.record.qualities
    assert debrief.criteria["management-oversight"].grade is Grade.OUTSTANDING


def _with_points(scenario: Scenario) -> Scenario:
    record = RecordKey(
        points=(RecordPoint(id="fingers", says="A finger-shaped mark on a child who says he was grabbed is an "
                            "allegation of physical harm.", terms=("mark|bruise", "finger|grab")),),
        wrong=(RecordPoint(id="accident", says="Calling it an accident before anyone has seen Leo.",
                           terms=("accident|accidental",)),),
    )
    stages = tuple(attrs.evolve(s, record=record) if s.id == "contact" else s for s in scenario.stages)
    return attrs.evolve(scenario, stages=stages)


@pytest.mark.parametrize("said", [
    'Dad says "it was an accident" and that Leo ran into the road.',  # quoted: Dad's words
    "Dad's view is that it was an accident, when Leo ran into the road.",  # reported as another's view
    "It may look like an accident, but the mark is finger-shaped.",  # conceded before the record turns
])
def test_a_wrong_point_the_record_answers_rather_than_claims_is_not_held_against_it(said: str) -> None:
    """Educators' own good practice was told 'Should not have been said' for sentences that quote, report or
    concede the wrong view in order to answer it."""
    scenario = _with_points(MINI)
    record = score(replay(scenario, [*CHECKS, _contact("strategy", GOOD_RECORD + " " + said)])).decisions[0].record
    assert record is not None and record.wrong == ()
    claimed = score(replay(scenario, [*CHECKS, _contact("strategy", GOOD_RECORD + " I think it was an accident.")]))
    assert [p.id for p in claimed.decisions[0].record.wrong] == ["accident"]  # type: ignore[union-attr]


def test_the_key_s_points_are_found_in_the_trainee_s_own_words_and_quoted() -> None:
    scenario = _with_points(MINI)
    made = score(replay(scenario, [*CHECKS, _contact("strategy")])).decisions[0].record
    assert made is not None
    [point] = made.points
    assert point.made and "finger-shaped mark" in point.quote
    negated = ("There are no concerns about the mark; Dad did not grab him. Police hold a caution for Sam, and we "
               "do not yet know more, so a strategy discussion today with a plan to see Leo tomorrow.")
    missed = score(replay(scenario, [*CHECKS, _contact("strategy", negated)])).decisions[0].record
    assert missed is not None and not missed.points[0].made
    wrong = score(replay(scenario, [*CHECKS, _contact("strategy", GOOD_RECORD + " It was probably an accident.")]))
    record = wrong.decisions[0].record
    assert record is not None and [p.id for p in record.wrong] == ["accident"]
    assert record.score < made.score


# --- recognition --------------------------------------------------------------------------------------------

def test_flagging_nothing_is_requires_improvement_at_best_whatever_the_decisions() -> None:
    unflagged = [e for e in CHECKS if not isinstance(e, Flag)]
    debrief = score(replay(MINI, [*unflagged, _contact("strategy")]))
    recognition = debrief.criteria["risk-recognition"]
    assert recognition.grade is Grade.REQUIRES_IMPROVEMENT  # the record cites the risks it relies on
    assert "flagged nothing" in recognition.reason
    assert recognition.failure_points == ()


def test_flagging_everything_is_requires_improvement_at_best() -> None:
    everything = [TakeAction("check-records"), TakeAction("ask-police"), TakeAction("ask-school"),
                  TakeAction("home-visit"),
                  *(Flag(e, FlagKind.RISK) for e in ("mark-on-arm", "earlier-call", "police-record",
                                                     "good-attendance", "grandmother"))]
    debrief = score(replay(MINI, [*everything, _contact("strategy")]))
    recognition = debrief.criteria["risk-recognition"]
    assert recognition.grade.rank <= Grade.REQUIRES_IMPROVEMENT.rank
    assert "almost everything" in recognition.reason


@given(st.integers(0, 5_000))
def test_the_flag_counts_add_up(seed: int) -> None:
    state = replay(MINI, random_play(MINI, seed))
    i = score(state).indicators
    revealed = len(state.revealed_ids)
    assert i.hits + i.misses + i.false_alarms + i.correct_rejections == revealed
    assert i.correct_rejections == i.protective_hits + i.protective_flagged_other + i.left_unflagged


# --- harmful steps ------------------------------------------------------------------------------------------

def _harmful(never_event: bool) -> Scenario:
    return _with_key(MINI, harmful=(HarmfulAction(
        id="tipped-off", action="home-visit", before="enquiry", criterion="investigation",
        message="Visiting Sam before the strategy discussion tells him what Leo said.", never_event=never_event),))


def test_a_harmful_step_is_named_and_holds_its_criterion_and_the_case_below_good() -> None:
    events = [*CHECKS, TakeAction("home-visit"), _contact("strategy")]
    debrief = score(replay(_harmful(False), events))
    assert [h.rule for h in debrief.harmful] == ["tipped-off"]
    assert debrief.criteria["investigation"].grade.rank <= Grade.REQUIRES_IMPROVEMENT.rank
    assert "You took a harmful step: 'Home visit'" in debrief.criteria["investigation"].reason
    assert debrief.overall.rank <= Grade.REQUIRES_IMPROVEMENT.rank
    assert score(replay(_harmful(True), events)).overall is Grade.INADEQUATE


def test_the_same_step_after_the_stage_it_must_wait_for_does_no_harm() -> None:
    events = [*CHECKS, _contact("strategy"), TakeAction("home-visit")]
    assert score(replay(_harmful(True), events)).harmful == ()


# --- each criterion explains itself -------------------------------------------------------------------------

@given(st.integers(0, 5_000))
def test_every_criterion_has_one_reason_not_repeated_in_its_findings(seed: int) -> None:
    debrief = score(replay(MINI, random_play(MINI, seed)))
    for result in debrief.criteria.values():
        assert result.reason
        assert result.reason not in result.findings
        assert all(m.name in CRITERION_MEASURES[result.id] for m in result.measures), result


def test_advice_is_given_only_from_stages_reached() -> None:
    closed = score(replay(MINI, [*CHECKS, _contact("close-nfa", "Closing.")]))
    feedback_on = {cid for cid, r in closed.criteria.items() if r.feedback}
    assert feedback_on == {"front-door"}  # the key's front-door note is about the contact, which was reached
    voice = attrs.evolve(MINI, key=attrs.evolve(MINI.key, feedback={"proportionate-help": "After the enquiry ..."}))
    early = score(replay(voice, [*CHECKS, _contact("close-nfa", "Closing.")]))
    assert "proportionate-help" not in early.criteria or not early.criteria["proportionate-help"].feedback


def test_the_scoring_table_names_every_criterion() -> None:
    assert set(CRITERION_MEASURES) == set(CRITERION_IDS)


def _variant(**option_changes: object) -> Scenario:
    """The fixture with the home visit only at the enquiry, and changes to the closing option."""
    actions = tuple(attrs.evolve(a, stages=("enquiry",)) if a.id == "home-visit" else a for a in MINI.actions)
    stages = tuple(attrs.evolve(s, options=tuple(attrs.evolve(o, **option_changes) if o.id == "close-nfa" else o
                                                 for o in s.options)) for s in MINI.stages)
    return attrs.evolve(MINI, actions=actions, stages=stages)


def test_a_case_closed_before_the_child_could_be_seen_leaves_the_child_unheard() -> None:
    scenario = _with_key(_variant(), never_events=())  # without the key's own never-event about it
    debrief = score(replay(scenario, [*CHECKS, _contact("close-nfa", "Dad says Leo ran into the road.")]))
    voice = debrief.criteria["child-voice"]
    assert voice.grade is Grade.INADEQUATE and "closed without the child being seen or heard" in voice.reason
    assert "child-not-heard" in voice.failure_points


def test_a_poor_decision_that_lets_days_pass_is_delay() -> None:
    debrief = score(replay(_variant(elapses=3.0), [*CHECKS, _contact("close-nfa", "Wait for Dad to ring back.")]))
    timeliness = debrief.criteria["timeliness"]
    assert timeliness.grade.rank <= Grade.REQUIRES_IMPROVEMENT.rank
    assert any("3 working days passed before anything more was done" in f for f in
               (timeliness.reason, *timeliness.findings))
    assert "delay" in timeliness.failure_points


def test_thin_work_behind_the_right_decisions_is_not_made_inadequate_by_the_limiting_rule() -> None:
    lenient = _with_key(MINI, never_events=(), limiting=("partner-information",))
    seen = [TakeAction("see-leo-alone")]
    thin = score(replay(lenient, [_contact("strategy", "Finger marks on a 7-year-old: strategy discussion today."),
                                  *seen, Decide(stage="enquiry", option="cin-plan", rationale="CIN plan, 6 weeks.")]))
    assert thin.criteria["partner-information"].grade is Grade.INADEQUATE
    assert thin.overall is Grade.REQUIRES_IMPROVEMENT
    assert not any(r.startswith("Limiting rule") for r in thin.reasons)
    closed = score(replay(lenient, [_contact("close-nfa", "Finger marks, but Dad says it was an accident.")]))
    assert closed.overall is Grade.INADEQUATE
    assert any(r.startswith("Limiting rule: Information from partners") for r in closed.reasons)


def test_asking_fewer_than_half_the_partners_who_knew_is_not_good_partnership() -> None:
    """One of four partners asked is the single-source picture the inspection found, however the rest scored
    (a practice educator's thin-work transcript: the decisions right, one partner asked)."""
    from pathlib import Path

    from simulator.application.transcripts import read_transcript

    path = Path(__file__).resolve().parents[1] / "expert" / "found-out-of-area-twins" / "thin-work.json"
    transcript = read_transcript(str(path))
    (loaded,) = [ld for ld in bundled_library().scenarios if ld.scenario.id == transcript.scenario]
    partners = score(replay(loaded.scenario, transcript.events)).criteria["partner-information"]
    assert partners.grade.rank <= Grade.REQUIRES_IMPROVEMENT.rank
    assert partners.reason == "Most of the partners who held something the decision needed were not asked (1 of 4)."


# --- the bundled cases hold the practice educators' reading -------------------------------------------------

@pytest.mark.parametrize("checks", [(), ("ask-school",), ("ask-school", "ask-dentist", "check-records")])
def test_closing_tooth_decay_with_a_letter_is_critical_whatever_was_checked_first(checks: tuple[str, ...]) -> None:
    """Ringing the school and the dentist first only shows more of the pattern: closing on knowing it is the same
    error (the educator's note on the twin cases), not a way round it."""
    scenario = next(loaded.scenario for loaded in bundled_library().scenarios if loaded.scenario.id == "tooth-decay-twins")
    events: list[Event] = [TakeAction(a) for a in checks]
    events.append(Decide(stage="contact", option="close-advice", rationale="Parents to arrange the dentist."))
    debrief = score(replay(scenario, events))
    assert [c.rule for c in debrief.critical] == ["neglect-closed-by-letter"]
    assert debrief.overall is Grade.INADEQUATE


def test_after_police_protection_out_of_area_the_plan_starts_from_the_placement() -> None:
    """A placement out of area is where an over-intervention costs an exploited child: the next stage says so,
    rather than finding him at home and at school as if nothing had happened."""
    scenario = next(loaded.scenario for loaded in bundled_library().scenarios
                    if loaded.scenario.id == "found-out-of-area-twins")
    stage = scenario.stage_by_id["strategy"]
    protected = replay(scenario, [Decide(stage="contact", option="protect", rationale="")])
    strategy = replay(scenario, [Decide(stage="contact", option="strategy", rationale="")])
    assert protected.stage == strategy.stage == "strategy"
    assert "went missing" in narrative(protected, stage)
    assert "went missing" not in narrative(strategy, stage)


def test_after_a_strategy_discussion_about_tooth_decay_the_assessment_says_what_it_decided() -> None:
    scenario = next(loaded.scenario for loaded in bundled_library().scenarios
                    if loaded.scenario.id == "tooth-decay-twins")
    stage = scenario.stage_by_id["assessment"]
    discussed = replay(scenario, [Decide(stage="contact", option="strategy", rationale="")])
    assessed = replay(scenario, [Decide(stage="contact", option="assess", rationale="")])
    assert "strategy discussion" in narrative(discussed, stage)
    assert "strategy discussion" not in narrative(assessed, stage)


def test_an_item_not_flagged_as_a_risk_is_told_by_what_was_done_with_it() -> None:
    """'Correctly left' was said of an item the trainee had flagged (as a strength the key reads as neutral),
    and of a strength never flagged: each is now told as what it is."""
    from simulator.reports.wording import EVIDENCE_OUTCOMES
    from simulator.ui.words import OUTCOME_WORDS

    events = [TakeAction("ask-school"), TakeAction("home-visit"), Flag("good-attendance", FlagKind.PROTECTIVE)]
    reviews = {r.evidence: r for r in score(replay(MINI, events)).evidence}
    attendance, grandmother = reviews["good-attendance"], reviews["grandmother"]
    assert (attendance.outcome, attendance.told) == ("correct-rejection", "not-a-strength")
    assert (grandmother.outcome, grandmother.told) == ("correct-rejection", "strength-unflagged")
    left = score(replay(MINI, events[:1])).evidence
    assert [r.told for r in left if r.evidence == "good-attendance"] == ["correct-rejection"]
    for told in ("not-a-strength", "strength-unflagged", "correct-rejection"):
        assert told in OUTCOME_WORDS and told in EVIDENCE_OUTCOMES
    assert "left" not in OUTCOME_WORDS["not-a-strength"]


def test_a_record_naming_one_thing_of_the_case_is_not_said_to_name_nothing() -> None:
    """'ABE tomorrow and Dean out.' names Dean: too little to be about this case, but not nothing."""
    one = score(replay(MINI, [*CHECKS, _contact("strategy", "Leo: strategy discussion, as above.")]))
    [decision] = one.decisions
    assert decision.record is not None and len(decision.record.specific_terms) == 1
    assert decision.record.gist.endswith("could be about any case: it names next to nothing of this one.")
    none = score(replay(MINI, [*CHECKS, _contact("strategy", "Decision made after considering everything.")]))
    assert none.decisions[0].record is not None
    assert none.decisions[0].record.gist.endswith("it names nothing of this one.")


def test_a_never_event_is_prevented_by_a_decision_that_does_what_its_actions_would() -> None:
    """`unless_chosen`: a decision whose plan sees the child (an enquiry with an ABE interview the next stage
    reports) prevents the end-of-case 'never seen', as taking the visit would."""
    never_seen = next(ne for ne in MINI.key.never_events if ne.id == "child-never-seen")
    keyed = _with_key(MINI, never_events=(attrs.evolve(never_seen, unless_chosen=("strategy",)),))
    contact = _contact("strategy")
    enquiry = Decide(stage="enquiry", option="cin-plan", rationale=GOOD_RECORD, cites=CITES, confidence=2)
    unseen = [*CHECKS, contact, enquiry]
    assert "child-never-seen" in {c.rule for c in score(replay(MINI, unseen)).critical}
    assert "child-never-seen" not in {c.rule for c in score(replay(keyed, unseen)).critical}
    protect = [*CHECKS, _contact("protect"), enquiry]  # another decision prevents nothing
    assert "child-never-seen" in {c.rule for c in score(replay(keyed, protect)).critical}


def test_lily_s_joint_enquiry_is_not_told_that_nobody_saw_her() -> None:
    """school-disclosure-phone-only: choosing the section 47 enquiry with the ABE interview, whose outcome the next
    stage reports, is not the critical error 'nobody from children's services saw Lily'."""
    case = next(loaded.scenario for loaded in bundled_library().scenarios
                if loaded.scenario.id == "school-disclosure-phone-only")
    decided = [Decide(stage="referral", option="ref-strategy"), Decide(stage="strategy", option="strat-s47"),
               Decide(stage="outcome", option="out-icpc")]
    debrief = score(replay(case, decided))
    assert "never-seen" not in {c.rule for c in debrief.critical}
    cin = [decided[0], Decide(stage="strategy", option="strat-cin")]
    state = replay(case, cin)
    while not state.finished:
        stage = state.current_stage
        assert stage is not None
        state = replay(case, [*state.events, Decide(stage=stage.id, option=stage.all_options[-1].id)])
    assert "never-seen" in {c.rule for c in score(state).critical}


def test_a_neutral_item_the_record_reasons_with_is_not_told_it_does_not_bear() -> None:
    """Neutral is neither risk nor strength, not beside the point: an educator's good practice cited the history
    check and the presenting concern and was told they did not bear on the decision."""
    seen = [*CHECKS, TakeAction("ask-school")]
    cites = (*CITES, "good-attendance")
    # Found some other way than by one of the stage's own partner or history checks (which bear on it, below).
    asked = attrs.evolve(MINI, actions=tuple(attrs.evolve(a, kind=ActionKind.OTHER) if a.id == "ask-school" else a
                                             for a in MINI.actions))
    unnamed = score(replay(asked, [*seen, _contact("strategy", cites=cites)])).decisions[0].record
    assert unnamed is not None
    assert any("'Attendance' (school), which does not bear on that decision" in n for n in unnamed.notes)
    named_ = GOOD_RECORD + " His attendance is 98%, which tells us he is in school, not that he is safe."
    reasoned = score(replay(asked, [*seen, _contact("strategy", named_, cites=cites)])).decisions[0].record
    assert reasoned is not None and not any("does not bear" in n for n in reasoned.notes)
    checked = score(replay(MINI, [*seen, _contact("strategy", cites=cites)])).decisions[0].record
    assert checked is not None and not any("does not bear" in n for n in checked.notes)
