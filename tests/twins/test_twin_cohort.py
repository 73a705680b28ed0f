"""Fisher's exact test against known values, and the cohort report by twin: over 40 generated sessions of a twin
case it reports a built-in difference between the twins with its p-value, and reports none when there is none."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest

from simulator.application.twins import draw_twin
from simulator.domain.events import Event
from simulator.domain.strategies import always_least, reference_play
from simulator.domain.twins import as_twin
from simulator.reports.cohort import cohort_html, cohort_text, cohort_to_json, summarise
from simulator.reports.fisher import fisher_exact, fisher_exact_fraction, smallest_difference, smallest_difference_at
from simulator.reports.json_export import session_to_json
from simulator.reports.session_report import build_report
from simulator.store.records import LoggedEvent, SessionMode, SessionRecord, SessionStatus

from .helpers import twin_mini

START = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("table", "p"), [
    ((3, 1, 1, 3), Fraction(17, 35)),  # Fisher's lady tasting tea: 0.4857
    ((1, 9, 11, 3), None),  # Wikipedia's example: p = 0.002759
    ((8, 2, 1, 5), None),  # SciPy's documentation: 0.03497
    ((0, 0, 0, 0), Fraction(1)),
    ((10, 0, 0, 10), Fraction(2, 184756)),  # the two most extreme tables of C(20, 10)
])
def test_fisher_exact_matches_known_values(table: tuple[int, int, int, int], p: Fraction | None) -> None:
    if p is not None:
        assert fisher_exact_fraction(*table) == p
    known = {(1, 9, 11, 3): 0.0027594561852200836, (8, 2, 1, 5): 0.03496503496503497}
    if table in known:
        assert fisher_exact(*table) == pytest.approx(known[table], rel=1e-12)


def test_fisher_exact_is_symmetric_and_refuses_negative_counts() -> None:
    assert fisher_exact(2, 7, 8, 2) == fisher_exact(8, 2, 2, 7) == fisher_exact(2, 8, 7, 2)
    with pytest.raises(ValueError, match="negative"):
        fisher_exact(-1, 2, 3, 4)


def test_what_a_sample_can_show() -> None:
    assert smallest_difference(20, 20, 0.05) == (0.25, (0, 5))  # 0 of 20 against 5 of 20: p = 0.047
    assert fisher_exact(0, 20, 5, 15) < 0.05 <= fisher_exact(0, 20, 4, 16)
    assert smallest_difference_at(20, 20, 10, 0.05) == (0.35, (10, 3))
    assert smallest_difference(3, 3, 0.05) is None  # no table of 3 and 3 can reach p < 0.05


def _record(n: int, twin: str, count: int) -> SessionRecord:
    at = START + timedelta(hours=n)
    return SessionRecord(id=n, uuid=f"00000000-0000-4000-8000-{n:012d}", profile_id=n, profile=f"Trainee {n}",
                         scenario_id="twin-mini", scenario_title="Twin", scenario_digest="ab" * 32,
                         scenario_path="twin-mini.yaml", mode=SessionMode.STANDARD, status=SessionStatus.FINISHED,
                         started_at=at, updated_at=at, finished_at=at, event_count=count, twin=twin)


def _cohort(tmp_path: Path, closes: Callable[[str, random.Random], bool], sessions: int = 40,
            seed: int = 17) -> list[str]:
    """``sessions`` exports of the twin case, each drawing its twin as the app does; a session closes the case
    at contact (too little protection) when ``closes(twin, rng)`` says so, else plays as the key would."""
    scenario = twin_mini().scenario
    rng = random.Random(seed)
    paths = []
    for n in range(1, sessions + 1):
        twin = draw_twin(scenario, rng=rng)
        told = as_twin(scenario, twin)
        events: list[Event] = always_least(told) if closes(twin, rng) else reference_play(told)
        logged = tuple(LoggedEvent(i, e, START) for i, e in enumerate(events))
        report = build_report(_record(n, twin, len(events)), told, logged)
        path = tmp_path / f"session-{n}.json"
        path.write_text(json.dumps(session_to_json(report)), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_a_built_in_difference_between_twins_is_reported_with_its_p_value(tmp_path: Path) -> None:
    # Begum families' neglect closed at the door far more often: the bias the twin case is there to show.
    cohort = summarise(_cohort(tmp_path, lambda twin, rng: rng.random() < (0.7 if twin == "begum" else 0.1)))
    (report,) = cohort.twins
    assert sum(n for _, _, n in report.twins) == 40 and {t for t, _, _ in report.twins} == {"begum", "hall"}
    contact = next(t for t in report.tests if t.what.startswith("Contact"))
    assert contact.shown and contact.p < report.threshold
    (begum, n_begum), (hall, n_hall) = contact.counts
    assert contact.p == fisher_exact(begum, n_begum - begum, hall, n_hall - hall)
    text = cohort_text(cohort)
    assert f"p = {contact.p:.4g}: DIFFERENCE" in text
    assert "Differences this cohort shows: Contact: chose less protection than the key's best" in text
    assert "can show only a large difference" in text and "says nothing about any one trainee" in text
    data = cohort_to_json(cohort)["twins"][0]
    assert data["differences"] and data["tests"][0]["p"] == contact.p
    assert "DIFFERENCE" in cohort_html(cohort)
    assert "Trainee" not in text  # about the cohort, never a trainee


def test_no_built_in_difference_reports_none(tmp_path: Path) -> None:
    cohort = summarise(_cohort(tmp_path, lambda twin, rng: rng.random() < 0.4))
    (report,) = cohort.twins
    assert report.tests and not report.differences
    assert all(t.p >= report.threshold for t in report.tests)
    assert "This cohort shows no difference between the twins." in cohort_text(cohort)
    assert cohort_to_json(cohort)["twins"][0]["differences"] == []


def test_sessions_played_with_twins_off_are_left_out(tmp_path: Path) -> None:
    scenario = twin_mini().scenario
    assert draw_twin(scenario, enabled=False) == ""
    paths = _cohort(tmp_path, lambda twin, rng: False, sessions=6)
    played = reference_play(as_twin(scenario, ""))  # a finished session, with no twin drawn
    off = build_report(_record(99, "", len(played)), as_twin(scenario, ""),
                       tuple(LoggedEvent(i, e, START) for i, e in enumerate(played)))
    (tmp_path / "off.json").write_text(json.dumps(session_to_json(off)), encoding="utf-8")
    (report,) = summarise([*paths, str(tmp_path / "off.json")]).twins
    assert report.without_twin == 1 and sum(n for _, _, n in report.twins) == 6
    assert "too small to show anything" in report.statement or "can show only" in report.statement
