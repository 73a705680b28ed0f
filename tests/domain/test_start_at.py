"""`start_at`: an author's jump enters a stage as the engine enters any stage."""

from __future__ import annotations

import attrs
import pytest

from simulator.domain.engine import Refused, ReplayError, apply, replay, start, start_at
from simulator.domain.events import Decide, TakeAction

from ..conftest import load_mini

MINI = load_mini()


def test_starting_at_the_first_stage_is_starting() -> None:
    assert start_at(MINI, "contact") == start(MINI)
    assert start_at(MINI, "contact").revealed_ids == {"mark-on-arm"}


def test_a_later_stage_starts_fresh_at_day_zero() -> None:
    state = start_at(MINI, "enquiry")
    assert (state.stage, state.clock, state.stage_entered) == ("enquiry", 0.0, 0.0)
    assert state.revealed == () and state.decisions == () and state.done == ()
    assert "see-leo-alone" in {a.id for a in state.available_actions()}
    assert "ask-police" not in {a.id for a in state.available_actions()}


def test_entering_reveals_what_the_stage_reveals() -> None:
    stages = tuple(attrs.evolve(s, reveals=("grandmother",)) if s.id == "enquiry" else s for s in MINI.stages)
    state = start_at(attrs.evolve(MINI, stages=stages), "enquiry")
    assert [(r.evidence, r.stage, r.new_by, r.day) for r in state.revealed] == [("grandmother", "enquiry", "stage", 0)]


@pytest.mark.parametrize("target", ["nowhere", "closed"])
def test_only_a_stage_can_be_started_at(target: str) -> None:
    with pytest.raises(Refused, match=f"there is no stage '{target}' in this scenario"):
        start_at(MINI, target)


def test_play_goes_on_from_the_jump() -> None:
    state = apply(start_at(MINI, "enquiry"), TakeAction("see-leo-alone"))
    state = apply(state, Decide(stage="enquiry", option="cin-plan"))
    assert state.ending == "supported" and state.clock == 5.5


def test_replay_from_a_jump() -> None:
    events = [TakeAction("see-leo-alone"), Decide(stage="enquiry", option="conference")]
    assert replay(MINI, events, at="enquiry").ending == "closed"
    with pytest.raises(ReplayError, match="event 0: action 'see-leo-alone' is not available at stage 'contact'"):
        replay(MINI, events)
    with pytest.raises(Refused, match="no stage 'gone'"):
        replay(MINI, events, at="gone")
