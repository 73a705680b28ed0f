"""Essential evidence: what shows that an allegation was investigated."""

from __future__ import annotations

from simulator.domain.catalogue import Grade
from simulator.domain.engine import replay
from simulator.domain.scoring.debrief import score
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
