"""The session side of author preview, without a screen: starting at a stage,
and carrying a session over to a new version of its file (or refusing to)."""

from __future__ import annotations

import hashlib

import pytest

from simulator.application.session import Session
from simulator.domain.engine import ReplayError
from simulator.domain.events import Decide, Flag, FlagKind, Note, TakeAction, Unflag
from simulator.scenarios.loader import Loaded, load_file
from simulator.ui.author.reload import Invalid, Reloaded, Restored, Unfitting, event_words, reload_session
from tests.app.helpers import MINI


def _loaded() -> Loaded:
    loaded = load_file(MINI)
    assert isinstance(loaded, Loaded)
    return loaded


def _edited(*changes: tuple[str, str]) -> bytes:
    text = MINI.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    return text.encode()


def test_a_session_can_start_at_a_stage_and_restarts_there() -> None:
    session = Session(_loaded(), "Tess", start_stage="enquiry")
    assert session.author_jump and session.state.stage == "enquiry" and session.events == ()
    assert session.restarted().start_stage == "enquiry"
    assert not Session(_loaded()).author_jump


def test_switching_version_replays_the_events() -> None:
    session = Session(_loaded())
    session.submit(TakeAction("ask-police"))
    new = Loaded(str(MINI), _loaded().scenario, "other", ())
    state = session.switch_version(new)
    assert session.loaded is new and session.state is state and state.done_ids == {"ask-police"}


def test_an_edit_with_errors_changes_nothing() -> None:
    session = Session(_loaded())
    before = session.state
    outcome = reload_session(session, "mini.yaml", _edited(("format: 1", "format: 9")))
    assert isinstance(outcome, Invalid) and outcome.errors
    assert outcome.errors[0].format().startswith("mini.yaml:1:")
    assert session.state is before


def test_the_same_bytes_again_are_the_version_being_played() -> None:
    data = MINI.read_bytes()
    session = Session(_loaded())
    assert hashlib.sha256(data).hexdigest() == session.loaded.digest
    assert reload_session(session, str(MINI), data) == Restored()


def test_a_valid_edit_is_carried_over_with_its_digest() -> None:
    session = Session(_loaded())
    session.submit(TakeAction("check-records"))
    data = _edited(("title: Contact", "title: First contact"))
    outcome = reload_session(session, str(MINI), data)
    assert isinstance(outcome, Reloaded) and outcome.replayed == 1
    assert session.loaded.digest == hashlib.sha256(data).hexdigest()
    assert session.scenario.stage_by_id["contact"].title == "First contact"


def test_an_edit_that_no_longer_fits_names_the_event_and_changes_nothing() -> None:
    session = Session(_loaded())
    session.submit(TakeAction("check-records"))
    session.submit(Flag("earlier-call", FlagKind.RISK))
    before = session.loaded
    outcome = reload_session(session, str(MINI), _edited(("  - id: earlier-call", "  - id: old-call"),
                                                         ("reveals: [earlier-call]", "reveals: [old-call]")))
    assert isinstance(outcome, Unfitting)
    assert (outcome.where, outcome.reason) == ("event 1 (flag 'earlier-call' as risk)",
                                               "there is no evidence 'earlier-call' in this scenario")
    assert session.loaded is before and "old-call" in outcome.loaded.scenario.evidence_by_id
    with pytest.raises(ReplayError):
        session.switch_version(outcome.loaded)
    assert session.loaded is before


@pytest.mark.parametrize(("event", "words"), [
    (TakeAction("ask-police"), "take action 'ask-police'"),
    (Flag("x", FlagKind.PROTECTIVE), "flag 'x' as protective"),
    (Unflag("x"), "unflag 'x'"),
    (Decide(stage="contact", option="strategy"), "choose 'strategy' at stage 'contact'"),
    (Note("hello"), "a note"),
])
def test_events_in_an_author_s_words(event: object, words: str) -> None:
    assert event_words(event) == words  # type: ignore[arg-type]


def test_a_version_that_takes_another_file_s_id_changes_nothing() -> None:
    session = Session(_loaded())
    session.submit(TakeAction("ask-police"))
    before = session.loaded
    outcome = reload_session(session, str(MINI), _edited(("id: mini-test-case", "id: taken")),
                             taken={"taken": "elsewhere.yaml"})
    assert isinstance(outcome, Invalid)
    assert [p.format() for p in outcome.errors] == [
        f"{MINI}:2:5: error: scenario id 'taken' is already used by elsewhere.yaml (hint: give each scenario its own id)"]
    assert session.loaded is before
    assert isinstance(reload_session(session, str(MINI), _edited(("id: mini-test-case", "id: free")),
                                     taken={"taken": "elsewhere.yaml"}), Reloaded)
