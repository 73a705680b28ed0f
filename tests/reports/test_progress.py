"""Progress and calibration numbers: what the history screen charts and tabulates."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.domain.catalogue import Grade
from simulator.reports.progress import agreement, bars, calibration, calibration_bars, summary
from simulator.store.records import CriterionProgress, SessionMode, SessionRecord, SessionStatus

START = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


def _column(scores: list[float]) -> CriterionProgress:
    n = len(scores)
    return CriterionProgress("front-door", tuple(START + timedelta(days=i) for i in range(n)),
                             tuple(range(101, 101 + n)), ("mini",) * n, tuple(scores), (Grade.GOOD,) * n)


def test_few_sessions_are_one_bar_each() -> None:
    shown = bars(_column([0.2, 0.5, 0.9]))
    assert [(b.number, b.first_session, b.sessions, b.value) for b in shown] == [
        (1, 101, 1, 0.2), (2, 102, 1, 0.5), (3, 103, 1, 0.9)]
    assert all(b.single for b in shown)


@given(st.lists(st.floats(0, 1), min_size=1, max_size=300), st.integers(1, 20))
def test_bars_cover_every_session_once_in_order(scores: list[float], most: int) -> None:
    shown = bars(_column(scores), most)
    assert len(shown) == min(len(scores), most)
    assert sum(b.sessions for b in shown) == len(scores)
    assert shown[0].first_session == 101 and shown[-1].last_session == 100 + len(scores)
    for before, after in itertools.pairwise(shown):
        assert after.first_session == before.last_session + 1
    # Each bar is the mean of its own sessions: the table beside the chart can say so.
    start = 0
    for bar in shown:
        run = scores[start:start + bar.sessions]
        assert bar.value == pytest.approx(sum(run) / len(run))
        start += bar.sessions


def test_summary_first_latest_mean_and_change() -> None:
    s = summary(_column([0.2, 0.4, 0.9]))
    assert (s.sessions, s.first, s.latest, s.change) == (3, 0.2, 0.9, pytest.approx(0.7))
    assert s.mean == pytest.approx(0.5)
    empty = summary(CriterionProgress("front-door"))
    assert (empty.sessions, empty.first, empty.change) == (0, None, None)


def _record(sid: int, own: dict[str, Grade], mode: SessionMode = SessionMode.SELF_ASSESSMENT) -> SessionRecord:
    at = START + timedelta(hours=sid)
    return SessionRecord(id=sid, uuid=str(sid), profile_id=1, profile="Sam", scenario_id="mini",
                         scenario_title=f"Case {sid}", scenario_digest="d", scenario_path="p", mode=mode,
                         status=SessionStatus.FINISHED, started_at=at, updated_at=at, finished_at=at,
                         self_assessment=own)


def test_agreement_counts_same_higher_and_lower() -> None:
    own = {"a": Grade.GOOD, "b": Grade.OUTSTANDING, "c": Grade.INADEQUATE, "d": Grade.GOOD}
    scored = {"a": Grade.GOOD, "b": Grade.REQUIRES_IMPROVEMENT, "c": Grade.GOOD}
    assert agreement(own, scored) == (3, 1, 1, 1)  # d was not assessed: not counted


def test_calibration_sets_own_grades_against_the_stored_ones() -> None:
    progress = {
        "front-door": CriterionProgress("front-door", (START, START), (1, 2), ("mini", "mini"), (0.8, 0.3),
                                        (Grade.GOOD, Grade.INADEQUATE)),
        "investigation": CriterionProgress("investigation", (START,), (1,), ("mini",), (0.95,), (Grade.OUTSTANDING,)),
    }
    records = [
        _record(2, {"front-door": Grade.GOOD}),
        _record(1, {"front-door": Grade.GOOD, "investigation": Grade.GOOD}),
        _record(3, {"front-door": Grade.GOOD}, SessionMode.STANDARD),  # not self-assessed
    ]
    points = calibration(records, progress)
    assert [(p.session_id, p.rated, p.matched, p.higher, p.lower) for p in points] == [
        (1, 2, 1, 0, 1), (2, 1, 0, 1, 0)]
    assert points[0].lean == "rated yourself lower" and points[1].lean == "rated yourself higher"
    rows = calibration_bars(points)
    assert [(r.bar.number, r.bar.value, r.scenario_title) for r in rows] == [(1, 0.5, "Case 1"), (2, 0.0, "Case 2")]
    grouped = calibration_bars(points, most=1)
    assert [(r.bar.sessions, r.rated, r.matched, r.bar.value) for r in grouped] == [(2, 3, 1, 0.25)]
