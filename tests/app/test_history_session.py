"""The app's glue to the store, without a screen: recording through the
session controller, stopping cleanly on a failure or a changed case file,
the reflection's parts, and where exports may go."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from simulator.application.export import inside_any, scenario_folders
from simulator.application.history import History, resumable
from simulator.application.library import Library
from simulator.application.reflection import Reflection
from simulator.application.session import Session
from simulator.domain.events import Flag, FlagKind, TakeAction
from simulator.domain.strategies import reference_play
from simulator.store.errors import StoreAccessError, StoreError
from simulator.store.records import SessionStatus
from tests.app.fixtures import TRAINEE
from tests.app.helpers import MINI
from tests.app.history_helpers import mini, opened


@pytest.fixture
def history(tmp_path: Path) -> History:
    opened_history = History.open(tmp_path / "h.sqlite3")
    assert opened_history.store is not None
    yield opened_history  # type: ignore[misc]
    opened_history.close()


def test_events_are_recorded_in_order_and_the_session_finished(history: History) -> None:
    session = Session(mini(), TRAINEE)
    recording = history.begin(session, "self-assessment")
    assert recording is not None and history.mode(session) == "self-assessment"
    for event in reference_play(session.scenario):
        session.submit(event)
    assert history.store is not None
    assert history.store.events(recording.session_id) == list(session.events)
    assert history.finish(session, session.debrief())
    assert not history.finish(session, session.debrief())  # once only
    record = history.store.session(recording.session_id)
    assert record.status is SessionStatus.FINISHED and record.profile == TRAINEE


def test_after_a_failure_nothing_more_is_written(history: History) -> None:
    problems: list[StoreError] = []
    history.report = problems.append
    session = Session(mini(), TRAINEE)
    recording = history.begin(session)
    assert recording is not None and history.store is not None
    session.submit(TakeAction("check-records"))
    real = history.store.append_event

    def failing(*args: object, **kwargs: object) -> int:
        raise StoreAccessError("disk full")

    history.store.append_event = failing  # type: ignore[method-assign]
    session.submit(TakeAction("ask-police"))
    history.store.append_event = real  # type: ignore[method-assign]
    session.submit(Flag("police-record", FlagKind.RISK))  # the store works again, but the log has a hole
    assert [p.message for p in problems] == ["disk full"]
    assert recording.failed and len(history.store.events(recording.session_id)) == 1
    assert not history.finish(session, session.debrief())


def test_a_session_switched_to_another_version_of_its_file_is_recorded_on_it(history: History,
                                                                             tmp_path: Path) -> None:
    """An author's reload switches only when every step fits the new version: the recording moves to a new
    stored session on it, with the same steps, and the old one is abandoned (issue 14, item 4)."""
    problems: list[StoreError] = []
    history.report = problems.append
    session = Session(mini(), TRAINEE)
    recording = history.begin(session)
    assert recording is not None and history.store is not None
    first = recording.session_id
    session.submit(TakeAction("check-records"))
    session.loaded = attrs.evolve(session.loaded, digest="0" * 64)  # as an author's reload would
    session.submit(TakeAction("ask-police"))
    assert problems == [] and not recording.failed
    assert recording.session_id != first and recording.digest == "0" * 64
    assert history.store.events(recording.session_id) == list(session.events)
    assert history.store.session(first).status.value == "abandoned"
    assert history.finish(session, session.debrief())


def test_a_database_that_will_not_open_is_a_message_and_no_store(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"nonsense" * 100)
    broken = History.open(path)
    assert broken.store is None and broken.problem is not None and "left as it is" in broken.problem.message
    session = Session(mini(), TRAINEE)
    assert broken.begin(session, "self-assessment") is None
    assert broken.mode(session) == "self-assessment"  # still graded by the trainee, just not saved
    session.submit(TakeAction("check-records"))
    assert path.read_bytes() == b"nonsense" * 100


def test_reflection_parts_round_trip_through_the_store(history: History) -> None:
    session = Session(mini(), TRAINEE)
    recording = history.begin(session)
    assert recording is not None and history.store is not None
    written = Reflection("I saw the mark.\nAnd the call.", "Strategy discussion.", "Ask sooner.", "Talked to Jo.")
    assert history.save_reflection(session, written)
    record = history.store.session(recording.session_id)
    assert record.reflection == "What I noticed: I saw the mark.\nAnd the call.\n\nWhat I decided: Strategy discussion."
    assert Reflection.from_record(record) == written
    assert Reflection().empty and not written.empty


def test_an_answer_that_quotes_the_other_label_comes_back_whole(history: History) -> None:
    session = Session(mini(), TRAINEE)
    recording = history.begin(session)
    assert recording is not None and history.store is not None
    written = Reflection("The log said\n\nWhat I decided: wait and see.", "What I decided: Strategy.")
    assert history.save_reflection(session, written)
    record = history.store.session(recording.session_id)
    assert Reflection.from_record(record) == written


def test_resuming_carries_on_from_the_state_the_plan_replayed(history: History) -> None:
    session = Session(mini(), TRAINEE)
    assert history.begin(session) is not None
    for event in reference_play(session.scenario)[:3]:
        session.submit(event)
    (offer,) = history.offers(TRAINEE, Library((mini(),), ()))
    version = resumable(offer.plan)
    assert version is not None
    resumed = history.resume(offer, version, TRAINEE)
    assert resumed is not None and resumed.state is version[1]  # kept, not replayed again
    assert resumed.events == session.events and resumed.debrief() is resumed.debrief()


def test_export_paths_are_new_files_and_never_beside_scenarios(history: History, tmp_path: Path) -> None:
    history.export_dir = tmp_path / "out"
    session = Session(mini(), TRAINEE)
    recording = history.begin(session)
    assert recording is not None and history.store is not None
    record = history.store.session(recording.session_id)
    first = history.default_export_path(record, "xapi")
    assert first == tmp_path / "out" / f"session-{record.id}-mini-test-case-xapi.json"
    library = Library((mini(),), ())
    history.export(record.id, "xapi", first, library)
    assert history.default_export_path(record, "xapi").name.endswith("-xapi-2.json")  # never overwrites
    folders = scenario_folders(library, [])
    assert inside_any(MINI.parent / "x.html", folders) is not None
    assert inside_any(MINI.parent / "deeper" / "x.html", folders) is not None
    assert inside_any(tmp_path / "out" / "x.html", folders) is None
    with opened(tmp_path / "h.sqlite3") as store:
        assert store.session(record.id).status is SessionStatus.ACTIVE  # exporting changes nothing stored


def test_the_centres_group_is_kept_with_the_trainee(history: History, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server names a trainee's group (CASE_REVIEW_GROUP); the live view filters by it. Only a trainer's
    app process reads the cohort."""
    from simulator.store.records import CohortFilter

    monkeypatch.setenv("CASE_REVIEW_GROUP", "  autumn   2026 ")
    assert history.begin(Session(mini(), TRAINEE)) is not None
    assert history.store is not None and history.store.groups() == ["autumn 2026"]
    assert history.cohort(CohortFilter()) is None and history.groups() == []  # a trainee's process
    monkeypatch.setenv("CASE_REVIEW_ROLE", "trainer")
    figures = history.cohort(CohortFilter(group="autumn 2026"))
    assert figures is not None and [r.label for r in figures.by_trainee] == [TRAINEE]
    assert history.groups() == ["autumn 2026"]


def test_offers_rebuild_the_version_played_only_when_the_library_holds_another(
        history: History, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing the stored scenario is most of what an offer can cost: not done for a case unchanged since it
    was played, and done once for many sessions of one changed case."""
    from simulator.application import history as history_module

    rebuilt: list[int] = []
    real = history_module.recorded_scenario

    def counted(record: object, source: object) -> object:
        rebuilt.append(1)
        return real(record, source)  # type: ignore[arg-type]

    monkeypatch.setattr(history_module, "recorded_scenario", counted)
    for _ in range(4):
        session = Session(mini(), TRAINEE)
        assert history.begin(session) is not None
        session.submit(reference_play(session.scenario)[0])
    offers = history.offers(TRAINEE, Library((mini(),), ()))
    assert len(offers) == 4 and rebuilt == []
    edited = attrs.evolve(mini(), digest="0" * 64)  # the library's file is another version now
    offers = history.offers(TRAINEE, Library((edited,), ()))
    assert len(offers) == 4 and len(rebuilt) == 1
    assert all(resumable(o.plan) is not None for o in offers)


def test_the_folders_exports_never_go_into_come_from_the_listing_without_parsing(tmp_path: Path) -> None:
    """Opening the history asks where scenarios are read from: the library's listing says, with no file
    parsed (a trainer folder of hundreds of files would otherwise be parsed on h)."""
    listed = Library((mini(),), ()).entries[0]
    (tmp_path / "trainer").mkdir()
    elsewhere = attrs.evolve(listed, path=str(tmp_path / "trainer" / "not-parsed.yaml"), id="elsewhere")
    library = Library(entries=[listed, elsewhere])
    folders = scenario_folders(library, [])
    assert tmp_path / "trainer" in folders and MINI.parent in folders
    assert library.loaded(elsewhere) is None


def test_a_case_open_in_another_window_cannot_be_abandoned_from_this_one(tmp_path: Path) -> None:
    """Abandoning a case that another window plays would drop everything that window does next, unsaved and
    unsaid: it is refused, as resuming it is, until that window lets it go."""
    path = tmp_path / "h.sqlite3"
    playing, other = History.open(path), History.open(path)
    try:
        problems: list[StoreError] = []
        other.report = problems.append
        session = Session(mini(), TRAINEE)
        recording = playing.begin(session)
        assert recording is not None and other.store is not None
        assert not other.abandon(recording.session_id)
        assert [type(p).__name__ for p in problems] == ["SessionHeldError"]
        assert "open in another window" in problems[0].message
        session.submit(TakeAction("check-records"))  # the window playing it goes on saving
        assert other.store.session(recording.session_id).status is SessionStatus.ACTIVE
        assert other.store.events(recording.session_id) == [TakeAction("check-records")]
        playing.release(session)
        assert other.abandon(recording.session_id)
        assert other.store.session(recording.session_id).status is SessionStatus.ABANDONED
    finally:
        playing.close()
        other.close()
