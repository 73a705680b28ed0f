"""The session controller: every event goes through `submit`, which applies
it through the engine, keeps the log and tells the listeners."""

from __future__ import annotations

import pytest

from simulator.application.session import Session, Submitted, stage_clock
from simulator.domain.engine import Refused, replay
from simulator.domain.events import Decide, Flag, FlagKind, Note, TakeAction
from simulator.scenarios.loader import Loaded, load_file
from tests.app.helpers import MINI


@pytest.fixture
def session() -> Session:
    loaded = load_file(MINI)
    assert isinstance(loaded, Loaded)
    return Session(loaded, "Sam")


def test_submit_applies_through_the_engine_and_keeps_the_log(session: Session) -> None:
    submitted = session.submit(TakeAction("check-records"))
    assert submitted.index == 0 and submitted.revealed == ("earlier-call",)
    session.submit(Flag("earlier-call", FlagKind.RISK))
    session.submit(Note("a note"))
    assert session.events == (TakeAction("check-records"), Flag("earlier-call", FlagKind.RISK), Note("a note"))
    assert session.state == replay(session.scenario, session.events)


def test_a_refused_event_changes_nothing_and_is_not_heard(session: Session) -> None:
    heard: list[Submitted] = []
    session.subscribe(lambda _, s: heard.append(s))
    before = session.state
    with pytest.raises(Refused):
        session.submit(Flag("police-record", FlagKind.RISK))  # not revealed yet
    assert session.state is before and session.events == () and heard == []


def test_listeners_hear_every_event_in_order_until_they_leave(session: Session) -> None:
    heard: list[int] = []
    leave = session.subscribe(lambda s, submitted: heard.append(submitted.index))
    session.submit(TakeAction("check-records"))
    session.submit(TakeAction("ask-police"))
    leave()
    session.submit(TakeAction("ask-school"))
    assert heard == [0, 1]


def test_debrief_scores_the_state_and_restart_is_fresh(session: Session) -> None:
    session.submit(Decide(stage="contact", option="close-nfa"))
    assert session.state.finished
    assert session.debrief().overall.value == "inadequate"
    fresh = session.restarted()
    assert fresh.events == () and fresh.trainee == "Sam" and fresh.loaded is session.loaded


def test_stage_clock_in_words_of_status(session: Session) -> None:
    clock = stage_clock(session.state)
    assert (clock.limit, clock.used, clock.status) == (1, 0, "in-time")
    session.submit(TakeAction("home-visit"))
    session.submit(TakeAction("ask-school"))
    assert stage_clock(session.state).status == "nearly-due"
    session.submit(TakeAction("ask-police"))
    assert stage_clock(session.state).status == "nearly-due"  # exactly at the limit is still in time
    session.submit(TakeAction("check-records"))
    clock = stage_clock(session.state)
    assert clock.status == "overdue" and clock.left == pytest.approx(-0.1)
    session.submit(Decide(stage="contact", option="strategy"))
    assert stage_clock(session.state).limit == 15
