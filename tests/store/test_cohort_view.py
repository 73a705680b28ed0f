"""The trainer's live view, straight from the store: per criterion, per scenario and per trainee, filtered by
group and dates; checked against the same figures worked out by hand from each session's record."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from statistics import mean

import pytest

from simulator.domain.catalogue import CRITERION_IDS, Grade
from simulator.domain.engine import replay
from simulator.domain.events import Event
from simulator.domain.scoring.debrief import score
from simulator.domain.strategies import always_least, random_play, reference_play
from simulator.scenarios.loader import Loaded
from simulator.store.database import Store
from simulator.store.records import CohortFilter, SessionRecord
from tests.conftest import run_cli

from .conftest import TickingClock


def _play(store: Store, name: str, mini: Loaded, events: list[Event], finish: bool = True) -> int:
    sid = store.start_session(store.ensure_profile(name), mini)
    for event in events:
        store.append_event(sid, event)
    if finish:
        store.finish_session(sid, score(replay(mini.scenario, events)))
    return sid


def _cohort(store: Store, mini: Loaded, clock: TickingClock) -> dict[str, list[int]]:
    played = {
        "ada": [_play(store, "ada", mini, reference_play(mini.scenario)),
                _play(store, "ada", mini, always_least(mini.scenario))],
        "ben": [_play(store, "ben", mini, random_play(mini.scenario, 3))],
        "cy": [_play(store, "cy", mini, reference_play(mini.scenario)[:2], finish=False)],
    }
    store.set_group(store.ensure_profile("ada"), "autumn")
    store.set_group(store.ensure_profile("cy"), "autumn")
    store.set_group(store.ensure_profile("ben"), "spring")
    return played


def _grades(records: list[SessionRecord]) -> tuple[int, ...]:
    return tuple(sum(1 for r in records if r.overall is g) for g in Grade)


def test_per_criterion_scenario_and_trainee(store: Store, mini: Loaded, clock: TickingClock) -> None:
    _cohort(store, mini, clock)
    figures = store.cohort()
    finished = [s for s in store.sessions() if s.finished]
    assert (figures.trainees, figures.finished, figures.active) == (3, 3, 1)

    assert [r.key for r in figures.criteria] == [c for c in CRITERION_IDS if any(c in s.scores for s in finished)]
    for row in figures.criteria:
        scores = [s.scores[row.key] for s in finished if row.key in s.scores]
        assert row.finished == len(scores) and abs((row.mean or 0) - mean(scores)) < 1e-9
        assert sum(row.grades) == row.finished

    (scenario,) = figures.scenarios
    assert (scenario.key, scenario.label) == (mini.scenario.id, mini.scenario.title)
    assert (scenario.finished, scenario.active, scenario.grades) == (3, 1, _grades(finished))
    assert abs((scenario.mean or 0) - mean(mean(s.scores.values()) for s in finished)) < 1e-9

    ada, ben, cy = figures.by_trainee
    assert [ada.key, ben.key, cy.key] == ["ada", "ben", "cy"]
    assert (ada.finished, ada.active, cy.finished, cy.active, cy.mean) == (2, 0, 0, 1, None)
    assert ada.grades == _grades([s for s in finished if s.profile == "ada"])


def test_filtered_by_group_and_dates(store: Store, mini: Loaded, clock: TickingClock) -> None:
    played = _cohort(store, mini, clock)
    autumn = store.cohort(CohortFilter(group="autumn"))
    assert [r.key for r in autumn.by_trainee] == ["ada", "cy"] and (autumn.finished, autumn.active) == (2, 1)
    assert store.groups() == ["autumn", "spring"]
    assert store.cohort(CohortFilter(group="nobody")).by_trainee == ()

    ben_finished = store.session(played["ben"][0]).finished_at
    assert ben_finished is not None
    after = store.cohort(CohortFilter(since=ben_finished))
    assert [(r.key, r.finished, r.active) for r in after.by_trainee] == [("ben", 1, 0), ("cy", 0, 1)]
    before = store.cohort(CohortFilter(until=ben_finished))
    assert [(r.key, r.finished) for r in before.by_trainee] == [("ada", 2)]
    assert store.cohort(CohortFilter(since=datetime(2030, 1, 1, tzinfo=UTC))).finished == 0


def test_an_empty_store_has_an_empty_view(store: Store) -> None:
    figures = store.cohort()
    assert (figures.trainees, figures.finished, figures.criteria, figures.scenarios) == (0, 0, (), ())


def test_the_command_line_prints_the_view_from_either_store(store: Store, db: object, mini: Loaded,
                                                             clock: TickingClock,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    _cohort(store, mini, clock)
    code, out, err = run_cli(capsys, "cohort", "--db", str(db), "--group", "autumn", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["source"], data["trainees"], data["finished"], data["active"]) == ("store", 2, 2, 1)
    assert sorted(data["by_trainee"]) == ["ada", "cy"] and data["filter"]["group"] == "autumn"
    assert sum(data["scenarios"][mini.scenario.id]["grades"].values()) == 2

    code, out, err = run_cli(capsys, "cohort", "--db", str(db), "--since", "2024-03-04", "--until", "2024-03-04")
    assert code == 0 and "3 trainees, 3 finished sessions, 1 in progress" in out
    assert "Per criterion" in out and "Per trainee" in out and "ben" in out
    assert "secret" not in out


def test_the_command_line_says_what_is_wrong(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "cohort", "--db", str(db_path))[0] == 1  # no history there yet
    code, _, err = run_cli(capsys, "cohort", "--since", "last week", "--db", str(db_path))
    assert code == 2 and "YYYY-MM-DD" in err and err[-1] == "\n" and err.count("\n") == 1
    code, _, err = run_cli(capsys, "cohort", "--since", "2026-09-02", "--until", "2026-09-01", "--db", str(db_path))
    assert code == 2 and "is after the last" in err
    code, _, err = run_cli(capsys, "cohort", "some.json", "--group", "autumn")
    assert code == 2 and "without files" in err


def test_one_trainee_is_one_trainee() -> None:
    """'Cohort (every group): 1 trainees, 3 finished sessions'."""
    from simulator.application.cohort_view import figures_text
    from simulator.store.records import CohortFigures, CohortFilter

    text = figures_text(CohortFigures(1, 1, 0, (), (), ()), CohortFilter())
    assert ": 1 trainee, 1 finished session, 0 in progress" in text.splitlines()[0]
