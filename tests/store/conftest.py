from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from simulator.scenarios.loader import Loaded, load_file
from simulator.store.database import Store

MINI = Path(__file__).resolve().parent.parent / "data" / "mini.yaml"


class TickingClock:
    """A clock that moves one second per reading, so every stamp is distinct and known."""

    def __init__(self, start: datetime = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture(scope="session")
def mini() -> Loaded:
    loaded = load_file(MINI)
    assert isinstance(loaded, Loaded), loaded
    return loaded


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "history.sqlite3"


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a store lives, once for each backend: an SQLite file, and a fresh PostgreSQL schema
    (tests/postgres.py says which server; the PostgreSQL run is skipped, with the reason, when there is none)."""
    if request.param == "sqlite":
        return tmp_path / "history.sqlite3"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock()


@pytest.fixture
def store(db: Path | str, clock: TickingClock) -> Iterator[Store]:
    with Store.open(db, clock=clock) as opened:
        yield opened
