"""A history with damaged rows (issue 14, item 9): the app starts, says which sessions cannot be read, offers
and lists the rest, and never changes the file for it."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from simulator.ui.screens.history import HistoryScreen
from simulator.ui.screens.resume import ResumeScreen
from tests.app.helpers import build_app, pilot_test, ready, record_notices
from tests.app.history_helpers import seed, until


def _damage(path: Path, sql: str) -> str:
    raw = sqlite3.connect(path)
    raw.execute(sql)
    raw.commit()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("sql", [
    "UPDATE sessions SET started_at = 'x' WHERE id IN (2, 7)",  # a finished one and the unfinished one
    "UPDATE sessions SET scores = '{' WHERE id IN (2, 7)",
    "UPDATE sessions SET seen_evidence = '7' WHERE id IN (2, 7)",
])
@pilot_test
async def test_the_app_starts_and_shows_the_rest(private_history: Path, sql: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    seed(private_history)
    before = _damage(private_history, sql)
    app = build_app()
    told = record_notices(monkeypatch)  # every problem said, however long the machine takes to look
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert not isinstance(app.screen, ResumeScreen)  # the one unfinished session is the damaged one
        assert any("Session 7 in the history cannot be read" in t for t in told), told
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.loaded,
                    "the history screen")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.overview is not None
        assert sorted(r.id for r in screen.overview.sessions) == [1, 3, 4, 5, 6]
        assert any("Sessions 2, 7 in the history cannot be read" in t for t in told), told
    assert hashlib.sha256(private_history.read_bytes()).hexdigest() == before
