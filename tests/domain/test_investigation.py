"""Essential evidence: what shows that an allegation was investigated."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.domain.catalogue import Grade
from simulator.domain.engine import replay
from simulator.domain.model import Verdict
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.grades import grade_for, score_text
from tests.bundled import expert_session


def test_what_the_referral_hands_over_is_not_found_by_an_investigation() -> None:
    """The tooth-decay failure rang only the mother and closed with a letter, and was told "You found
    everything essential before deciding" (allegations investigated, outstanding): the one item essential to
    it was the referral's own. What had to be looked for (the dental history) is what shows the investigation."""
    case, events = expert_session("tooth-decay-twins", "failure")
    investigation = score(replay(case, events)).criteria["investigation"]
    assert investigation.grade is Grade.INADEQUATE
    assert [m.value for m in investigation.measures if m.name == "essential-evidence"] == [0.0]
    assert not [f for f in investigation.findings if "Tooth decay and pain" in f]
    case, events = expert_session("tooth-decay-twins")
    assert score(replay(case, events)).criteria["investigation"].grade is Grade.OUTSTANDING


def test_what_the_stage_s_own_history_check_found_bears_on_its_decision() -> None:
    """The vague-school good practice cites the records check that found no history, and was told it 'does not
    bear on that decision': a front door's history check is one of its own checks (domain.md §3), whatever the
    item's name, and format 1 keys cannot say `bears_on`."""
    case, events = expert_session("vague-school-concern")
    notes = [n for d in score(replay(case, events)).decisions if d.record for n in d.record.notes]
    assert not [n for n in notes if "Children's services records" in n], notes


def test_thin_work_behind_the_right_route_is_not_an_inadequate_front_door() -> None:
    """The neglect thin work builds the chronology and chooses the right route, with no partner checks: its front
    door was inadequate (0.44). domain.md §3 keeps that for no decision, or a closure without checks or history."""
    case, events = expert_session("neglect-start-again", "thin-work")
    front_door = score(replay(case, events)).criteria["front-door"]
    assert front_door.grade is Grade.REQUIRES_IMPROVEMENT
    assert "0 of the 2 partner and history checks" in front_door.reason


def test_a_closure_at_the_front_door_without_a_check_stays_inadequate_whatever_the_key_says_of_closing() -> None:
    from simulator.domain.events import Decide, TakeAction
    from tests.conftest import load_mini

    mini = load_mini()
    contact = mini.stage_by_id["contact"]
    closing = attrs.evolve(contact, options=tuple(
        attrs.evolve(o, key=attrs.evolve(o.key, verdict=Verdict.BEST)) if o.id == "close-nfa"
        else attrs.evolve(o, key=attrs.evolve(o.key, verdict=Verdict.POOR)) for o in contact.options))
    # Not the critical error mini's key makes of it, and with the police record essential to the front door.
    evidence = tuple(attrs.evolve(e, key=attrs.evolve(e.key, essential=("front-door",)))
                     if e.id == "police-record" else e for e in mini.evidence)
    case = attrs.evolve(mini, stages=(closing, *mini.stages[1:]), evidence=evidence,
                        key=attrs.evolve(mini.key, never_events=()))
    unchecked = [Decide(stage="contact", option="close-nfa", rationale="Closed: the school can monitor him.")]
    front_door = score(replay(case, unchecked)).criteria["front-door"]
    assert front_door.grade is Grade.INADEQUATE and not front_door.critical
    checked = [TakeAction("ask-police"), *unchecked]
    assert score(replay(case, checked)).criteria["front-door"].grade is Grade.REQUIRES_IMPROVEMENT


@pytest.mark.parametrize(("score", "shown"), [(0.4487, "0.44"), (0.45, "0.45"), (0.29, "0.29"), (0.6999, "0.69"),
                                              (1.0, "1.00"), (0.0, "0.00")])
def test_a_score_is_shown_in_its_grade_s_band(score: float, shown: str) -> None:
    """'Management oversight  Inadequate  0.45' was shown for 0.4487: requires improvement starts at 0.45."""
    assert score_text(score) == shown


@given(st.floats(min_value=0.0, max_value=1.0))
def test_the_score_shown_is_in_the_score_s_own_grade(score: float) -> None:
    assert grade_for(float(score_text(score))) is grade_for(score)
