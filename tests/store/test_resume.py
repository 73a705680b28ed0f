"""Picking a session up again when its scenario is unchanged, changed or gone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from simulator.application.library import Library
from simulator.application.library_index import Entry
from simulator.application.resume import (
    CannotReplay,
    Ready,
    ScenarioChanged,
    ScenarioMissing,
    plan_resume,
    played_version,
)
from simulator.application.stored import recorded_scenario, source_to_keep
from simulator.domain.engine import replay
from simulator.domain.events import Event, Note, TakeAction
from simulator.domain.strategies import reference_play
from simulator.scenarios.loader import Loaded, load_file
from simulator.scenarios.problems import Problem
from simulator.store.database import Store
from simulator.store.records import ScenarioSource, SessionMode, SessionRecord, SessionStatus, SourceKind


def _edited(mini: Loaded, tmp_path: Path, old: str, new: str) -> Loaded:
    text = Path(mini.path).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "edited.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    loaded = load_file(path)
    assert isinstance(loaded, Loaded), loaded
    return loaded


HalfPlayed = tuple[SessionRecord, list[Event], ScenarioSource | None]


@pytest.fixture
def half_played(store: Store, mini: Loaded) -> HalfPlayed:
    sid = store.start_session(store.ensure_profile("ada"), mini)
    for event in reference_play(mini.scenario)[:5]:
        store.append_event(sid, event)
    return store.session(sid), store.events(sid), store.scenario_source(sid)


def test_ready_when_the_library_holds_the_same_file(half_played: HalfPlayed, mini: Loaded) -> None:
    record, events, source = half_played
    plan = plan_resume(record, events, Library((mini,), ()), source)
    assert isinstance(plan, Ready)
    assert plan.state == replay(mini.scenario, events)
    assert "5 steps" in plan.message
    assert played_version(plan) == (mini, plan.state)


def test_changed_wording_offers_both_versions(half_played: HalfPlayed, mini: Loaded, tmp_path: Path) -> None:
    record, events, source = half_played
    edited = _edited(mini, tmp_path, "Leo is usually cheerful.", "Leo is usually quiet.")
    plan = plan_resume(record, events, Library((edited,), ()), source)
    assert isinstance(plan, ScenarioChanged)
    assert plan.recorded is not None and plan.recorded.scenario == mini.scenario
    assert plan.recorded_state == replay(mini.scenario, events)
    assert plan.current_state == replay(edited.scenario, events)
    assert "has been changed" in plan.message and "also fit the new version" in plan.message
    chosen = played_version(plan)
    assert chosen is not None and chosen[0].scenario == mini.scenario  # the version played comes first


def test_changed_ids_can_only_resume_the_recorded_version(half_played: HalfPlayed, mini: Loaded, tmp_path: Path) -> None:
    record, events, source = half_played
    assert TakeAction("check-records") in events
    edited = _edited(mini, tmp_path, "check-records", "search-records")
    plan = plan_resume(record, events, Library((edited,), ()), source)
    assert isinstance(plan, ScenarioChanged)
    assert plan.current_state is None
    assert plan.recorded_state is not None
    assert "do not fit the new version" in plan.message


def test_missing_scenario_resumes_from_the_stored_text(half_played: HalfPlayed, mini: Loaded) -> None:
    record, events, source = half_played
    plan = plan_resume(record, events, Library((), ()), source)
    assert isinstance(plan, ScenarioMissing)
    assert plan.recorded_state == replay(mini.scenario, events)
    assert "no longer in the library" in plan.message and "carry on" in plan.message


def test_a_case_whose_file_is_there_but_broken_is_not_said_to_be_gone(half_played: HalfPlayed, mini: Loaded,
                                                                      tmp_path: Path) -> None:
    record, events, source = half_played
    problem = Problem(record.scenario_path, 3, 1, "unknown key 'titel' in the file", "did you mean 'title'?")
    plan = plan_resume(record, events, Library((), (problem,)), source)
    assert isinstance(plan, ScenarioMissing) and plan.broken == record.scenario_path
    assert "no longer in the library" not in plan.message
    assert plan.message == (
        f"The file of '{record.scenario_title}' (mini-test-case), {record.scenario_path}, could not be loaded: "
        f"`case-review validate {record.scenario_path}` says why. This session is kept. You can carry on with the "
        "version you started.")
    assert plan.recorded_state == replay(mini.scenario, events)  # and it can still be played as it was

    # Broken after the library listed it: the same.
    copy = tmp_path / "listed.yaml"
    copy.write_text(Path(mini.path).read_text(encoding="utf-8"), encoding="utf-8")
    listed = load_file(copy)
    assert isinstance(listed, Loaded)
    copy.write_text(copy.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    plan = plan_resume(record, events, Library(entries=[Entry.of(listed)]), source)
    assert isinstance(plan, ScenarioMissing) and plan.broken == str(copy)

    # Another file's problems do not make this one's case broken: it is gone.
    other = Problem(str(tmp_path / "other.yaml"), 1, 1, "a tab character cannot be used here")
    plan = plan_resume(record, events, Library((), (other,)), source)
    assert isinstance(plan, ScenarioMissing) and plan.broken is None
    assert "no longer in the library" in plan.message


def test_without_stored_text_a_changed_scenario_says_so(half_played: HalfPlayed, mini: Loaded, tmp_path: Path) -> None:
    record, events, _ = half_played
    plan = plan_resume(record, events, Library((), ()), None)
    assert isinstance(plan, ScenarioMissing) and plan.recorded is None
    assert "was not kept" in plan.message
    assert played_version(plan) is None
    edited = _edited(mini, tmp_path, "check-records", "search-records")
    plan = plan_resume(record, events, Library((edited,), ()), None)
    assert isinstance(plan, ScenarioChanged)
    assert played_version(plan) is None


def test_events_that_do_not_replay_on_the_same_file(mini: Loaded) -> None:
    now = datetime(2024, 3, 4, tzinfo=UTC)
    record = SessionRecord(id=1, uuid="00000000-0000-4000-8000-000000000001", profile_id=1, profile="ada",
                           scenario_id=mini.scenario.id, scenario_title=mini.scenario.title,
                           scenario_digest=mini.digest, scenario_path=mini.path, mode=SessionMode.STANDARD,
                           status=SessionStatus.ACTIVE, started_at=now, updated_at=now)
    plan = plan_resume(record, [Note("fine"), TakeAction("no-such-action")], Library((mini,), ()), None)
    assert isinstance(plan, CannotReplay)
    assert "event 1" in plan.error and "no-such-action" in plan.message
    assert played_version(plan) is None


def test_recorded_scenario_checks_what_it_is_given(half_played: HalfPlayed, mini: Loaded) -> None:
    record, _, source = half_played
    assert source is not None
    rebuilt = recorded_scenario(record, source)
    assert rebuilt is not None and rebuilt.scenario == mini.scenario and rebuilt.digest == mini.digest
    tampered = ScenarioSource(source.digest, SourceKind.FILE, source.data + b"\n# edited\n")
    assert recorded_scenario(record, tampered) is None
    assert recorded_scenario(record, ScenarioSource("0" * 64, SourceKind.FILE, source.data)) is None
    assert recorded_scenario(record, ScenarioSource(source.digest, SourceKind.NORMALISED, b"{not json")) is None


def test_normalised_source_resumes_the_loaded_scenario(store: Store, mini: Loaded) -> None:
    sid = store.start_session(store.ensure_profile("ada"), mini, source=source_to_keep(mini, b"the file changed meanwhile"))
    events = reference_play(mini.scenario)
    for event in events:
        store.append_event(sid, event)
    plan = plan_resume(store.session(sid), store.events(sid), Library((), ()), store.scenario_source(sid))
    assert isinstance(plan, ScenarioMissing)
    assert plan.recorded is not None and plan.recorded.scenario == mini.scenario
    assert plan.recorded_state == replay(mini.scenario, events)
