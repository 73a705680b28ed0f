"""The child seen and heard when a decision's plan sees the child (an option's `sees_child`): a trainee choosing
Lily's joint enquiry with its ABE interview was told "The child was never seen"; the educators' thin-work
transcripts, which choose it without seeing Lily first, expect requires improvement."""

from __future__ import annotations

import attrs
import pytest

from simulator.domain.catalogue import Grade
from simulator.domain.engine import replay
from simulator.domain.events import Decide, Event, TakeAction
from simulator.domain.model import Scenario, SeesChild
from simulator.domain.scoring.debrief import score
from simulator.scenarios.loader import load_bytes
from tests.bundled import bundled_library
from tests.scenarios.helpers import edited, problems_for

LIBRARY = {loaded.scenario.id: loaded.scenario for loaded in bundled_library().scenarios}
LILY = LIBRARY["school-disclosure-phone-only"]
DECIDED: list[Event] = [Decide(stage="referral", option="ref-strategy"), Decide(stage="strategy", option="strat-s47"),
                        Decide(stage="outcome", option="out-icpc")]


def _voice(case: Scenario, events: list[Event]) -> tuple[Grade, str]:
    result = score(replay(case, events)).criteria["child-voice"]
    return result.grade, " ".join((result.reason, *result.findings))


def test_a_plan_that_sees_the_child_is_not_never_seeing_them() -> None:
    grade, said = _voice(LILY, DECIDED)
    assert grade is Grade.REQUIRES_IMPROVEMENT
    assert "never seen" not in said
    assert ("Lily is seen alone only in the plan you chose ('Section 47 enquiry; ABE interview tomorrow; Dean to stay "
            "away under a written plan')") in said
    assert "would have let you hear Lily before deciding." in said


def test_seeing_the_child_yourself_as_well_is_what_outstanding_takes() -> None:
    seen = [DECIDED[0], TakeAction("see-lily-alone"), *DECIDED[1:]]
    grade, said = _voice(LILY, seen)
    assert grade.rank >= Grade.GOOD.rank and "seen alone" in said
    unplanned = attrs.evolve(LILY, stages=tuple(
        attrs.evolve(s, options=tuple(attrs.evolve(o, sees_child=SeesChild.NO) for o in s.options))
        for s in LILY.stages))
    assert "never seen" in _voice(unplanned, DECIDED)[1]  # without the option's plan, as before


def test_a_plan_is_the_child_seen_where_nothing_could_have_seen_them_sooner() -> None:
    no_visits = attrs.evolve(LILY, actions=tuple(a for a in LILY.actions if a.sees_child is SeesChild.NO))
    grade, said = _voice(no_visits, DECIDED)
    assert grade is Grade.OUTSTANDING
    assert "The child is seen alone in the plan you chose" in said


def test_each_child_is_seen_by_the_plan_that_names_them() -> None:
    """Private fostering: the joint enquiry's ABE interview sees Tyler, not Jade."""
    household = LIBRARY["private-fostering-household"]
    option = household.option_by_id["s-enquiry"][1]
    assert option.sees_child is SeesChild.ALONE and option.sees == ("tyler",)


@pytest.mark.parametrize(("extra", "message"), [
    ("sees: [leo]", "`sees` is a format 2 field"),
    ("sees_child: sometimes", "sees_child"),
])
def test_an_option_s_sight_of_the_child_is_checked_in_format_1(extra: str, message: str) -> None:
    assert any(message in p for p in problems_for(_strategy_with(extra)))


def test_an_option_that_sees_the_child_is_read_in_format_1_and_its_children_checked_in_format_2() -> None:
    loaded = load_bytes("case.yaml", _strategy_with("sees_child: alone").encode())
    assert not isinstance(loaded, list)
    assert loaded.option_by_id["strategy"][1].sees_child is SeesChild.ALONE
    format_2 = _strategy_with("sees_child: alone, sees: [nobody]").replace("format: 1", "format: 2")
    assert any("there is no person 'nobody'" in p for p in problems_for(format_2)), problems_for(format_2)


def _strategy_with(extra: str) -> str:
    return edited("{id: strategy, label: Strategy discussion, outcome: section-47,",
                  f"{{id: strategy, label: Strategy discussion, outcome: section-47, {extra},")
