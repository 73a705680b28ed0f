"""Profiles, sessions, the event log and the cached grades."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import attrs
import pytest

from simulator.application.recording import recorder
from simulator.application.stored import source_to_keep
from simulator.domain.catalogue import CRITERION_IDS, Grade
from simulator.domain.engine import replay
from simulator.domain.events import Event, Note, TakeAction
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.serialise import debrief_to_json
from simulator.domain.strategies import always_least, random_play, reference_play
from simulator.scenarios.loader import Loaded
from simulator.store.database import Store
from simulator.store.errors import InvalidValueError, NotFoundError, SessionClosedError, SessionConflictError
from simulator.store.records import CaseTally, SessionMode, SessionStatus, SourceKind

from .conftest import TickingClock


def test_profiles_are_created_found_and_unique(store: Store) -> None:
    ada = store.create_profile("  Ada   Lovelace ")
    assert ada.name == "Ada Lovelace"
    assert store.get_profile("Ada Lovelace") == ada
    assert store.get_profile("Nobody") is None
    assert store.ensure_profile("Ada Lovelace") == ada
    with pytest.raises(InvalidValueError, match="already a trainee called 'Ada Lovelace'"):
        store.create_profile("Ada Lovelace")
    with pytest.raises(InvalidValueError, match="cannot be empty"):
        store.create_profile("   ")
    bea = store.ensure_profile("bea")
    assert [p.name for p in store.profiles()] == ["Ada Lovelace", "bea"]
    assert bea.id != ada.id


@pytest.mark.parametrize("seed", range(5))
def test_events_round_trip_in_order(store: Store, mini: Loaded, seed: int) -> None:
    events = [*random_play(mini.scenario, seed), Note("café ☕ <b> [@click=app.quit] \x00 NUL")]
    sid = store.start_session(store.ensure_profile("ada"), mini)
    seqs = [store.append_event(sid, e) for e in events]
    assert seqs == list(range(len(events)))
    assert store.events(sid) == events
    log = store.event_log(sid)
    assert [entry.seq for entry in log] == seqs
    assert [entry.at for entry in log] == sorted(entry.at for entry in log)
    assert store.session(sid).event_count == len(events)


def test_sessions_record_the_scenario_and_its_source(store: Store, mini: Loaded) -> None:
    sid = store.start_session(store.ensure_profile("ada"), mini, "self-assessment")
    record = store.session(sid)
    assert (record.scenario_id, record.scenario_digest, record.scenario_path) == (
        mini.scenario.id, mini.digest, mini.path)
    assert record.scenario_title == mini.scenario.title
    assert record.mode is SessionMode.SELF_ASSESSMENT
    assert record.status is SessionStatus.ACTIVE
    assert record.has_source
    source = store.scenario_source(sid)
    assert source is not None and source.kind is SourceKind.FILE
    assert source.data == Path(mini.path).read_bytes()


def test_a_changed_file_is_stored_as_the_loaded_scenario(store: Store, mini: Loaded) -> None:
    sid = store.start_session(store.ensure_profile("ada"), mini, source=source_to_keep(mini, b"format: 1\nid: edited-since\n"))
    source = store.scenario_source(sid)
    assert source is not None and source.kind is SourceKind.NORMALISED
    assert source.digest == mini.digest


def test_unknown_mode_is_refused(store: Store, mini: Loaded) -> None:
    with pytest.raises(InvalidValueError, match="unknown session mode 'exam'"):
        store.start_session(store.ensure_profile("ada"), mini, "exam")


def test_unknown_sessions_and_non_events_are_refused(store: Store, mini: Loaded) -> None:
    with pytest.raises(NotFoundError, match="no session 99"):
        store.append_event(99, TakeAction("check-records"))
    with pytest.raises(NotFoundError):
        store.events(99)
    with pytest.raises(NotFoundError):
        store.session(99)
    sid = store.start_session(store.ensure_profile("ada"), mini)
    with pytest.raises(TypeError):
        store.append_event(sid, {"type": "action", "action": "x"})  # type: ignore[arg-type]
    assert store.events(sid) == []


def test_finishing_caches_grades_and_closes_the_log(store: Store, mini: Loaded) -> None:
    sid = store.start_session(store.ensure_profile("ada"), mini)
    for event in reference_play(mini.scenario):
        store.append_event(sid, event)
    debrief = score(replay(mini.scenario, store.events(sid)))
    store.finish_session(sid, debrief)
    record = store.session(sid)
    assert record.status is SessionStatus.FINISHED and record.finished
    assert record.overall is debrief.overall
    assert dict(record.scores) == {cid: r.score for cid, r in debrief.criteria.items()}
    assert store.cached_debrief(sid) == debrief_to_json(debrief)
    with pytest.raises(SessionClosedError, match="finished"):
        store.append_event(sid, Note("too late"))
    with pytest.raises(SessionClosedError):
        store.finish_session(sid, debrief)
    assert len(store.events(sid)) == record.event_count


def test_a_debrief_for_another_scenario_is_refused(store: Store, mini: Loaded) -> None:
    sid = store.start_session(store.ensure_profile("ada"), mini)
    debrief = score(replay(mini.scenario, []))
    with pytest.raises(InvalidValueError, match="another-case"):
        store.finish_session(sid, attrs.evolve(debrief, scenario="another-case"))
    assert store.session(sid).status is SessionStatus.ACTIVE


def test_unfinished_sessions_most_recent_first(store: Store, mini: Loaded) -> None:
    ada = store.ensure_profile("ada")
    first = store.start_session(ada, mini)
    second = store.start_session(ada, mini)
    third = store.start_session(ada, mini)
    store.start_session(store.ensure_profile("bea"), mini)
    store.append_event(first, TakeAction("check-records"))  # touched last
    store.abandon_session(third)
    assert [s.id for s in store.unfinished_sessions(ada)] == [first, second]
    with pytest.raises(SessionClosedError, match="abandoned"):
        store.append_event(third, Note("x"))
    assert [s.id for s in store.sessions(ada)] == [first, second, third]
    assert len(store.sessions()) == 4


def test_progress_follows_each_criterion_over_time(store: Store, mini: Loaded, clock: TickingClock) -> None:
    ada, bea = store.ensure_profile("ada"), store.ensure_profile("bea")
    plays = [always_least(mini.scenario), reference_play(mini.scenario), random_play(mini.scenario, 3)]
    debriefs = []
    for events in plays:
        sid = store.start_session(ada, mini)
        for event in events:
            store.append_event(sid, event)
        debriefs.append(score(replay(mini.scenario, events)))
        store.finish_session(sid, debriefs[-1])
    store.start_session(bea, mini)
    progress = store.progress(ada)
    assert list(progress) == list(CRITERION_IDS)
    finished = [s for s in store.sessions(ada) if s.finished]
    for cid in CRITERION_IDS:
        series = progress[cid]
        assessed = [(s, d) for s, d in zip(finished, debriefs, strict=True) if cid in d.criteria]
        assert series.criterion == cid and len(series) == len(assessed)
        assert list(series.scores) == [d.criteria[cid].score for _, d in assessed]
        assert list(series.grades) == [d.criteria[cid].grade for _, d in assessed]
        assert list(series.session_ids) == [s.id for s, _ in assessed]
        assert list(series.finished_at) == [s.finished_at for s, _ in assessed]
        assert list(series.finished_at) == sorted(series.finished_at)
        assert set(series.scenario_ids) <= {mini.scenario.id}
        points = list(series.points())
        assert [p.score for p in points] == list(series.scores)
        assert series.latest == (points[-1] if points else None)
    assert all(len(series) == 0 for series in store.progress(bea).values())
    assert list(store.progress(ada, ["front-door"])) == ["front-door"]
    assert any(len(series) == 3 for series in progress.values())


def test_reflection_and_self_assessment(store: Store, mini: Loaded) -> None:
    sid = store.start_session(store.ensure_profile("ada"), mini, SessionMode.SELF_ASSESSMENT)
    store.save_self_assessment(sid, {"front-door": "good", "child-voice": Grade.INADEQUATE})
    store.save_reflection(sid, "I learned <this>.", practice_change="Check police first.", peer_reflection="Sam.")
    record = store.session(sid)
    assert dict(record.self_assessment) == {"front-door": Grade.GOOD, "child-voice": Grade.INADEQUATE}
    assert (record.reflection, record.practice_change, record.peer_reflection) == (
        "I learned <this>.", "Check police first.", "Sam.")
    with pytest.raises(InvalidValueError, match="unknown criterion 'charm'"):
        store.save_self_assessment(sid, {"charm": "good"})
    with pytest.raises(InvalidValueError, match="unknown grade 'excellent'"):
        store.save_self_assessment(sid, {"front-door": "excellent"})
    with pytest.raises(NotFoundError):
        store.save_reflection(99, "x")
    assert dict(store.session(sid).self_assessment) == {"front-door": Grade.GOOD, "child-voice": Grade.INADEQUATE}


def test_seen_evidence_is_kept_whole_and_replaced(store: Store, mini: Loaded) -> None:
    sid = store.start_session(store.ensure_profile("ada"), mini)
    assert store.session(sid).seen_evidence == frozenset()
    store.save_seen_evidence(sid, ["mark-on-arm", "police-record", "mark-on-arm"])
    assert store.session(sid).seen_evidence == {"mark-on-arm", "police-record"}
    store.save_seen_evidence(sid, ["earlier-call"])  # the set as it is now, not an addition
    assert store.session(sid).seen_evidence == {"earlier-call"}
    with pytest.raises(NotFoundError):
        store.save_seen_evidence(99, ["mark-on-arm"])


def test_find_session_by_number_or_uuid(store: Store, mini: Loaded) -> None:
    sid = store.start_session(store.ensure_profile("ada"), mini)
    record = store.session(sid)
    assert store.find_session(str(sid)) == record
    assert store.find_session(record.uuid.upper()) == record
    with pytest.raises(NotFoundError, match="no session 'nope'"):
        store.find_session("nope")


def test_timestamps_come_from_the_clock(store: Store, mini: Loaded, clock: TickingClock) -> None:
    sid = store.start_session(store.ensure_profile("ada"), mini)
    started = store.session(sid).started_at
    store.append_event(sid, TakeAction("check-records"))
    assert store.event_log(sid)[0].at == clock.now
    assert started < clock.now and started.tzinfo is not None


def test_the_log_is_append_only_even_to_raw_sql(store: Store, mini: Loaded, db_path: Path) -> None:
    sid = store.start_session(store.ensure_profile("ada"), mini)
    store.append_event(sid, TakeAction("check-records"))
    raw = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute("UPDATE events SET event = '{}'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute("DELETE FROM events")
    finally:
        raw.close()
    assert store.events(sid) == [TakeAction("check-records")]


def test_text_utf8_cannot_hold_is_kept_or_replaced(store: Store, mini: Loaded) -> None:
    sid = store.start_session(store.ensure_profile("ada"), mini)
    store.append_event(sid, Note("lone surrogate \ud800 from a broken terminal"))
    assert store.events(sid) == [Note("lone surrogate \ud800 from a broken terminal")]
    store.save_reflection(sid, "odd \udc80 byte")
    assert store.session(sid).reflection == "odd ? byte"


def test_recorder_saves_what_the_controller_accepts(store: Store, mini: Loaded) -> None:
    @attrs.frozen
    class Accepted:
        event: Event
        index: int

    sid = store.start_session(store.ensure_profile("ada"), mini)
    save = recorder(store, sid)
    events = reference_play(mini.scenario)
    for index, event in enumerate(events):
        save(object(), Accepted(event, index))
    assert store.events(sid) == events
    with pytest.raises(SessionConflictError):  # an event at a place the log does not have: refused
        save(object(), Accepted(events[0], 1))


def test_the_newest_page_counts_and_self_assessed_sessions_agree_with_the_whole_list(store: Store,
                                                                                     mini: Loaded) -> None:
    """What the history screen reads (a page, counts, the self-assessed) is what the whole list says."""
    ada, bea = store.ensure_profile("ada"), store.ensure_profile("bea")
    debrief = score(replay(mini.scenario, reference_play(mini.scenario)))
    for n in range(23):
        sid = store.start_session(ada if n % 3 else bea, mini, "self-assessment" if n % 4 == 0 else "standard")
        if n % 5 == 0:
            store.abandon_session(sid)
        elif n % 2 == 0:
            if n % 4 == 0 and n % 8:
                store.save_self_assessment(sid, {"front-door": "good"})
            store.finish_session(sid, attrs.evolve(debrief))
    whole = store.sessions(ada)
    assert [s.id for s in store.recent_sessions(ada, 5)] == [s.id for s in whole[::-1][:5]]
    assert [s.id for s in store.recent_sessions(ada, 500)] == [s.id for s in whole[::-1]]
    assert store.session_counts(ada) == {status: sum(s.status is status for s in whole) for status in SessionStatus}
    assert sum(store.session_counts(bea).values()) == len(store.sessions(bea))
    assert [s.id for s in store.self_assessed_sessions(ada)] == [
        s.id for s in whole if s.mode is SessionMode.SELF_ASSESSMENT and s.finished and s.self_assessment]
    assert store.self_assessed_sessions(ada)


@pytest.mark.parametrize("batch", [1, 2, 7, 500])
def test_sessions_stream_in_batches_as_the_whole_list(store: Store, mini: Loaded, batch: int) -> None:
    ada, bea = store.ensure_profile("ada"), store.ensure_profile("bea")
    for n in range(9):
        store.start_session(ada if n % 2 else bea, mini)
    assert list(store.iter_sessions(batch=batch)) == store.sessions()
    assert list(store.iter_sessions(ada, batch=batch)) == store.sessions(ada)
    assert list(store.iter_sessions(store.create_profile("cy"), batch=batch)) == []


@pytest.mark.parametrize("count", [0, 1, 12, 13, 40, 97])
def test_trends_summed_up_in_sql_are_what_the_scores_give(store: Store, mini: Loaded, count: int) -> None:
    """The history's charts come from Store.trends; they agree with the whole columns (Store.progress) as
    reports/progress.py groups them, run for run."""
    from simulator.reports.progress import bars, calibration, calibration_against, summary, trend_bars, trend_summary

    ada = store.ensure_profile("ada")
    store.start_session(store.ensure_profile("bea"), mini)
    for seed in range(count):
        events = random_play(mini.scenario, seed)
        sid = store.start_session(ada, mini, "self-assessment" if seed % 3 == 0 else "standard")
        for event in events:
            store.append_event(sid, event)
        if seed % 3 == 0:
            store.save_self_assessment(sid, {cid: Grade.GOOD for cid in CRITERION_IDS[: 1 + seed % 5]})
        store.finish_session(sid, score(replay(mini.scenario, events)))
    progress = store.progress(ada)
    trends = store.trends(ada, 12)
    assert list(trends) == [c for c in CRITERION_IDS if len(progress[c])]
    for cid, trend in trends.items():
        expected, got = bars(progress[cid], 12), trend_bars(trend)
        assert [(b.number, b.first_session, b.last_session, b.sessions, b.first_at, b.last_at) for b in got] == [
            (b.number, b.first_session, b.last_session, b.sessions, b.first_at, b.last_at) for b in expected]
        assert [b.value for b in got] == pytest.approx([b.value for b in expected])
        want, have = summary(progress[cid]), trend_summary(trend)
        assert (have.sessions, have.first, have.latest, have.latest_grade) == (
            want.sessions, want.first, want.latest, want.latest_grade)
        assert have.mean == pytest.approx(want.mean)
    records = store.sessions(ada)
    assert calibration_against(store.self_assessed_sessions(ada), store.assessed_grades(ada)) == calibration(
        records, progress)


def test_case_tallies_sum_up_what_the_session_list_says(store: Store, mini: Loaded) -> None:
    """The library's marks (done, waiting, last grade) come from two aggregates; they say what reading every
    session would: abandoned sessions count for nothing, the last finished one's grade is kept."""
    ada, bea = store.ensure_profile("ada"), store.ensure_profile("bea")
    good = score(replay(mini.scenario, reference_play(mini.scenario)))
    poor = score(replay(mini.scenario, always_least(mini.scenario)))
    assert good.overall is not poor.overall
    assert store.case_tallies(ada) == {}
    first = store.start_session(ada, mini)
    store.finish_session(first, good)
    second = store.start_session(ada, mini)
    store.finish_session(second, poor)  # finished last: its grade is the mark's
    store.abandon_session(store.start_session(ada, mini))
    store.start_session(bea, mini)  # another trainee's
    (tally,) = store.case_tallies(ada).values()
    assert (tally.scenario_id, tally.finished, tally.unfinished, tally.last_grade) == (
        mini.scenario.id, 2, 0, poor.overall)
    store.start_session(ada, mini)
    assert store.case_tallies(ada)[mini.scenario.id].unfinished == 1
    assert store.case_tallies(bea)[mini.scenario.id] == CaseTally(mini.scenario.id, 0, 1, None)
    only_abandoned = store.create_profile("cy")
    store.abandon_session(store.start_session(only_abandoned, mini))
    assert store.case_tallies(only_abandoned) == {}
