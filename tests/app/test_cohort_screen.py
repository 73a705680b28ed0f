"""The trainer's live view in the app (t in the library): offered to trainers only, its numbers the store's
own, filtered by group and days, names shown as text, and the same on a PostgreSQL store."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select

from simulator.application.cohort_view import mean_text
from simulator.store.database import Store
from simulator.store.records import CohortFigures, CohortFilter, CohortRow
from simulator.ui.screens.cohort import CohortScreen
from simulator.ui.screens.home import HomeScreen
from simulator.ui.widgets.measured_table import MeasuredTable
from tests.app.helpers import build_app, laid_out, pilot_test, screen_text
from tests.app.history_helpers import HOSTILE, at_library, cells, seed_cohort, until

SIZE = (110, 36)


async def _home(pilot: object) -> None:
    await at_library(pilot)  # type: ignore[arg-type]
    assert isinstance(pilot.app.screen, HomeScreen)  # type: ignore[attr-defined]


async def _open(pilot: object, reads: int = 1) -> CohortScreen:
    app = pilot.app  # type: ignore[attr-defined]
    await _home(pilot)
    await pilot.press("t")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, CohortScreen) and app.screen.reads >= reads,  # type: ignore[arg-type]
                "the live view to fill its tables")
    screen = app.screen
    assert isinstance(screen, CohortScreen)
    return screen


@pilot_test
async def test_a_trainee_is_not_offered_the_live_view(private_history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASE_REVIEW_ROLE", "trainee")
    seed_cohort(private_history)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot)
        assert "Cohort" not in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.screen.post_message(HomeScreen.ShowCohort())  # asked for from elsewhere: still refused
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def _check_view(where: Path | str) -> None:
    with Store.open(where) as store:
        expected = store.cohort()
        autumn = store.cohort(CohortFilter(group="autumn"))
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot)
        assert "Cohort" in screen_text(app)  # the footer offers it to a trainer
        screen = await _open(pilot)
        assert "3 trainees, 3 finished, 1 being played" in screen_text(app)
        criteria = screen.query_one("#cohort-criteria", DataTable)
        assert all(isinstance(table, MeasuredTable) for table in screen.query(DataTable))  # headers as wide as rows
        assert criteria.row_count == len(expected.criteria)
        assert cells(criteria, 0)[1:3] == [str(expected.criteria[0].finished), mean_text(expected.criteria[0])]

        await pilot.press("t")
        await pilot.pause()
        trainees = screen.query_one("#cohort-trainees", DataTable)
        rows = [cells(trainees, i) for i in range(trainees.row_count)]
        assert [r[-1] for r in rows] == [r.label for r in expected.by_trainee]
        assert HOSTILE in screen_text(app)  # the name as typed: text, not a live control
        assert [r[:2] for r in rows] == [[str(r.finished), str(r.active)] for r in expected.by_trainee]

        screen.query_one("#cohort-group", Select).value = "autumn"
        await until(pilot, lambda: screen.wanted.group == "autumn" and screen.reads >= 2 and
                    trainees.row_count == len(autumn.by_trainee), "the autumn group's figures")
        assert [cells(trainees, i)[-1] for i in range(trainees.row_count)] == [r.label for r in autumn.by_trainee]
        assert sorted(r.label for r in autumn.by_trainee) == sorted(["Ada", HOSTILE])

        since = screen.query_one("#cohort-since", Input)
        since.focus()
        await pilot.press(*"last week", "enter")
        await pilot.pause()
        assert "YYYY-MM-DD" in screen_text(app) and screen.wanted.group == "autumn"
        since.value = "2030-01-02"
        screen.query_one("#cohort-until", Input).value = "2030-01-01"
        await pilot.press("enter")
        await pilot.pause()
        assert "is after the last" in screen_text(app) and screen.wanted.since is None
        screen.query_one("#cohort-until", Input).value = ""
        since.value = "2030-01-01"
        await pilot.press("enter")
        await until(pilot, lambda: screen.wanted.since is not None and screen.figures is not None and
                    screen.figures.finished == 0, "nothing finished since 2030")

        await pilot.press("escape")  # out of the day box: the screen's keys again
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@pilot_test
async def test_a_trainer_sees_the_cohort_from_the_store(private_history: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASE_REVIEW_ROLE", "trainer")
    seed_cohort(private_history)
    await _check_view(private_history)


def test_the_same_on_postgresql(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    monkeypatch.setenv("CASE_REVIEW_ROLE", "trainer")
    monkeypatch.setenv("CASE_REVIEW_DB", pg_url)
    seed_cohort(pg_url)
    asyncio.run(_check_view(pg_url))


@pilot_test
async def test_a_large_cohorts_figures_are_shown_whole(private_history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A training centre's thousands of sessions: each column as wide as its longest figure, not its heading
    (the grade counts were cut to "21600 / 19150 / 1650 / 2" at 50,000 sessions)."""
    monkeypatch.setenv("CASE_REVIEW_ROLE", "trainer")
    seed_cohort(private_history)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        big = CohortRow(key="risk_recognition", label="Risk", finished=44900, mean=0.4, grades=(21600, 19150, 1650, 2500),
                        active=123456)
        screen._fill(CohortFigures(trainees=51, finished=44900, active=5100, criteria=(big,), scenarios=(big,),
                                   by_trainee=(big,)))
        await until(pilot, lambda: laid_out(screen), "the large figures measured")
        assert "21600 / 19150 / 1650 / 2500" in screen_text(app)
        await pilot.press("t")
        await until(pilot, lambda: laid_out(screen), "the trainees' tab measured")
        assert "123456" in screen_text(app) and "21600 / 19150 / 1650 / 2500" in screen_text(app)
