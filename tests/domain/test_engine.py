from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.domain.engine import Refused, ReplayError, apply, replay, start
from simulator.domain.events import Decide, Event, Flag, FlagKind, Note, TakeAction, Unflag
from simulator.domain.model import Option, Scenario
from simulator.domain.strategies import (
    best_open,
    informed_session,
    least_intensive,
    most_intensive,
    random_play,
    random_session,
)


def test_start_reveals_the_first_stage(mini: Scenario) -> None:
    state = start(mini)
    assert state.stage == "contact"
    assert state.revealed_ids == {"mark-on-arm"}
    assert state.clock == 0


def test_an_action_costs_time_and_reveals(mini: Scenario) -> None:
    state = apply(start(mini), TakeAction("ask-police"))
    assert state.clock == 0.25
    assert "police-record" in state.revealed_ids
    assert [r.new_by for r in state.revealed] == ["stage", "ask-police"]


def test_a_decision_moves_along_its_branch(mini: Scenario) -> None:
    state = replay(mini, [Decide(stage="contact", option="strategy", rationale="x")])
    assert state.stage == "enquiry"
    state = apply(state, Decide(stage="enquiry", option="cin-plan"))
    assert state.finished and state.ending == "supported"
    assert state.clock == 5  # the option's elapsed time
    assert [d.option for d in state.decisions] == ["strategy", "cin-plan"]


@pytest.mark.parametrize(
    ("events", "reason"),
    [
        ([TakeAction("phone-mum")], "there is no action 'phone-mum' in this scenario"),
        ([TakeAction("ask-police"), TakeAction("ask-police")], "action 'ask-police' has already been taken"),
        ([TakeAction("see-leo-alone")], "action 'see-leo-alone' is not available at stage 'contact'"),
        ([Flag("police-record", FlagKind.RISK)], "evidence 'police-record' has not been revealed yet"),
        ([Flag("nothing", FlagKind.RISK)], "there is no evidence 'nothing' in this scenario"),
        ([Flag("mark-on-arm", FlagKind.RISK), Flag("mark-on-arm", FlagKind.RISK)],
         "evidence 'mark-on-arm' is already flagged as risk"),
        ([Unflag("mark-on-arm")], "evidence 'mark-on-arm' is not flagged"),
        ([Decide(stage="enquiry", option="conference")], "stage 'enquiry' is not the current stage (that is 'contact')"),
        ([Decide(stage="contact", option="strategy"), Decide(stage="contact", option="strategy")],
         "stage 'contact' has already been decided"),
        ([Decide(stage="contact", option="wait")],
         "stage 'contact' has no option 'wait' (it has: close-nfa, strategy, protect)"),
        ([Decide(stage="contact", option="strategy", cites=("ghost",))],
         "cited evidence 'ghost' does not exist in this scenario"),
        ([Decide(stage="nowhere", option="x")], "there is no stage 'nowhere' in this scenario"),
        ([Decide(stage="contact", option="close-nfa"), TakeAction("ask-school")], "the case has already ended"),
    ],
)
def test_refusals_name_the_event_and_the_reason(mini: Scenario, events: list[object], reason: str) -> None:
    with pytest.raises(ReplayError) as caught:
        replay(mini, events)  # type: ignore[arg-type]
    assert caught.value.index == len(events) - 1
    assert str(caught.value) == f"event {len(events) - 1}: {reason}"


def test_a_refused_event_leaves_the_state_alone(mini: Scenario) -> None:
    state = start(mini)
    with pytest.raises(Refused):
        apply(state, TakeAction("see-leo-alone"))
    assert state == start(mini)


def test_citing_unrevealed_evidence_is_accepted_for_scoring(mini: Scenario) -> None:
    state = replay(mini, [Decide(stage="contact", option="strategy", cites=("police-record",))])
    assert state.decisions[0].cites == ("police-record",)
    assert "police-record" not in state.decisions[0].revealed_before


def test_flags_change_and_unflag(mini: Scenario) -> None:
    state = replay(mini, [Flag("mark-on-arm", FlagKind.PROTECTIVE), Flag("mark-on-arm", FlagKind.RISK)])
    assert state.flags == {"mark-on-arm": FlagKind.RISK}
    assert apply(state, Unflag("mark-on-arm")).flags == {}


def test_notes_are_kept_even_after_the_end(mini: Scenario) -> None:
    state = replay(mini, [Decide(stage="contact", option="close-nfa"), Note("I should have checked.")])
    assert state.notes == ("I should have checked.",)


@given(seed=st.integers(0, 10_000), notes=st.lists(st.tuples(st.integers(0, 40), st.text(max_size=20)), max_size=8))
def test_replay_is_the_fold_of_apply_with_notes_anywhere(mini: Scenario, seed: int,
                                                         notes: list[tuple[int, str]]) -> None:
    """Replay gathers notes and adds them once (they change nothing else); the state is the one applying each
    event in turn gives, notes before, between and after the decisions, and after the end."""
    events: list[Event] = list(random_play(mini, seed))
    for where, text in notes:
        events.insert(min(where, len(events)), Note(text))
    folded = start(mini)
    for event in events:
        folded = apply(folded, event)
    assert replay(mini, events) == folded
    assert replay(mini, events).notes == tuple(e.text for e in events if isinstance(e, Note))


@given(seed=st.integers(0, 10_000))
def test_a_random_session_reaches_the_state_its_events_replay_to(mini: Scenario, seed: int) -> None:
    """check-key scores each play from the state it reached, not replayed: the two must be the same."""
    events, state = random_session(mini, seed)
    assert events == random_play(mini, seed)
    assert replay(mini, events) == state


@pytest.mark.parametrize("choose", [best_open, least_intensive, most_intensive])
def test_an_informed_session_reaches_the_state_its_events_replay_to(mini: Scenario,
                                                                    choose: Callable[..., Option]) -> None:
    events, state = informed_session(mini, choose)
    assert state.finished and replay(mini, events) == state
