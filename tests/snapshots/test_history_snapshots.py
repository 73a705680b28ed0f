"""SVG snapshots of the stored-session screens: the unfinished-cases dialog,
self-assessment and the history screen. The database is filled at fixed
times and shown in UTC, so the pictures do not depend on the clock or the
machine's time zone. Update with `pytest tests/snapshots --snapshot-update`,
then look at them."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from simulator.ui.screens.history import HistoryScreen
from simulator.ui.screens.resume import ResumeScreen
from tests.app.helpers import build_app, ready
from tests.app.history_helpers import seed, until

SIZE = (100, 32)


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_resume_dialog(snap_compare: Callable[..., bool], private_history: Path) -> None:
    seed(private_history)

    async def run(pilot: Pilot[object]) -> None:
        await ready(pilot)
        assert isinstance(pilot.app.screen, ResumeScreen)
        await pilot.pause()

    assert snap_compare(build_app(), terminal_size=SIZE, run_before=run)


def test_self_assessment(snap_compare: Callable[..., bool]) -> None:
    async def run(pilot: Pilot[object]) -> None:
        await ready(pilot)
        await pilot.press("s", "d", "down", "enter", "ctrl+s", "enter", "d", "down", "enter", "ctrl+s", "enter")
        await pilot.press("3", "down", "2", "down", "right")
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(build_app(), terminal_size=SIZE, run_before=run)


def _history(*keys: str) -> Callable[[Pilot[object]], object]:
    async def run(pilot: Pilot[object]) -> None:
        app = pilot.app
        await ready(pilot)
        await pilot.press("escape", "h")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.loaded, "the history")
        for key in keys:
            await pilot.press(key)
            if key in ("p", "c"):  # progress and calibration are read when their tab first opens
                await until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.charts_loaded,
                            "the progress and calibration tabs")
        await pilot.pause()

    return run


def test_history_sessions(snap_compare: Callable[..., bool], private_history: Path) -> None:
    seed(private_history)
    assert snap_compare(build_app(), terminal_size=SIZE, run_before=_history())


def test_history_progress(snap_compare: Callable[..., bool], private_history: Path) -> None:
    seed(private_history)
    assert snap_compare(build_app(), terminal_size=SIZE, run_before=_history("p", "down"))


def test_history_calibration(snap_compare: Callable[..., bool], private_history: Path) -> None:
    seed(private_history)
    assert snap_compare(build_app(), terminal_size=SIZE, run_before=_history("c"))
