"""A history that cannot be written (a read-only folder, share or backup): the commands that only read list and
export it where it is, without creating or changing a file there; whatever would write is refused with a
message that says the history is read-only and what to do.

Two ways to make a history that cannot be written: telling the store so (``opening.can_write``), which works
for any user; and a folder that truly cannot be written (``tests/read_only.py``), skipped where it cannot be
made.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.domain.events import TakeAction
from simulator.scenarios.loader import Loaded
from simulator.store import opening
from simulator.store.database import Store
from simulator.store.errors import ReadOnlyHistoryError
from simulator.store.schema import MIGRATIONS, migrate
from simulator.store.sqlite_backend import SQLiteConnection
from tests.conftest import run_cli
from tests.read_only import lock, unlock


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _history(path: Path, mini: Loaded, steps: int = 1) -> None:
    with Store.open(path) as store:
        sid = store.start_session(store.ensure_profile("ada"), mini)
        for _ in range(steps):
            store.append_event(sid, TakeAction("check-records"))


@pytest.fixture
def not_writable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every history file is one this process cannot write, as in a read-only folder."""
    monkeypatch.setattr(opening, "can_write", lambda path: False)


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder that ``lock`` makes one this process cannot write; unlocked again at the end."""
    folder = tmp_path / "share"
    folder.mkdir()
    yield folder
    unlock(folder)


@pytest.mark.usefixtures("not_writable")
def test_a_history_that_cannot_be_written_is_read_and_left_as_it_is(tmp_path: Path, mini: Loaded) -> None:
    path = tmp_path / "history.sqlite3"
    _history(path, mini)
    before = _snapshot(tmp_path)
    with Store.open(path, create=False, only_reads=True) as store:
        [record] = store.sessions()
        assert (record.profile, record.event_count) == ("ada", 1)
        with pytest.raises(ReadOnlyHistoryError, match="read-only") as caught:
            store.ensure_profile("bob")
        assert "--db" in caught.value.message
    assert _snapshot(tmp_path) == before


@pytest.mark.usefixtures("not_writable")
def test_an_older_history_that_cannot_be_written_says_to_copy_it(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        migrate(SQLiteConnection(conn, path), MIGRATIONS[:1])
    finally:
        conn.close()
    before = _snapshot(tmp_path)
    with pytest.raises(ReadOnlyHistoryError, match=r"older version of case-review .* copy it"):
        Store.open(path, create=False, only_reads=True)
    assert _snapshot(tmp_path) == before


def test_the_commands_that_read_read_a_history_in_a_read_only_folder(
    read_only_folder: Path, mini: Loaded, capsys: pytest.CaptureFixture[str]
) -> None:
    path = read_only_folder / "h.sqlite3"
    _history(path, mini)
    _history(path, mini)
    lock(read_only_folder)
    before = _snapshot(read_only_folder)
    code, out, err = run_cli(capsys, "history", "--db", str(path))
    assert (code, err) == (0, "")
    assert "ada" in out and "mini-test-case" in out
    code, out, err = run_cli(capsys, "export", "1", "--db", str(path), "--format", "json")
    assert (code, err) == (0, "")
    assert '"mini-test-case"' in out
    code, out, err = run_cli(capsys, "cohort", "--db", str(path))
    assert (code, err) == (0, "")
    assert "in progress" in out
    code, out, err = run_cli(capsys, "compare", "1", "2", "--db", str(path))
    assert (code, err) == (0, "")
    assert _snapshot(read_only_folder) == before


def test_the_app_s_store_is_refused_in_a_read_only_folder_saying_why(read_only_folder: Path, mini: Loaded) -> None:
    path = read_only_folder / "h.sqlite3"
    _history(path, mini)
    lock(read_only_folder)
    before = _snapshot(read_only_folder)
    with pytest.raises(ReadOnlyHistoryError) as caught:
        Store.open(path)
    assert caught.value.message == (
        f"{path}: its folder is read-only, so nothing can be saved in it; copy the history somewhere you can "
        "write and give the copy with --db")
    assert _snapshot(read_only_folder) == before


def test_changes_still_in_the_write_ahead_log_are_read_too(read_only_folder: Path, mini: Loaded,
                                                           tmp_path: Path) -> None:
    """A history copied while its app was running: its -wal holds the latest steps, and is read with it."""
    live = tmp_path / "live.sqlite3"
    _history(live, mini)
    with Store.open(live) as writer:
        writer.append_event(writer.sessions()[0].id, TakeAction("check-records"))
        for suffix in ("", "-wal", "-shm"):
            shutil.copyfile(f"{live}{suffix}", read_only_folder / f"h.sqlite3{suffix}")
    path = read_only_folder / "h.sqlite3"
    assert (read_only_folder / "h.sqlite3-wal").stat().st_size > 0
    lock(read_only_folder)
    before = _snapshot(read_only_folder)
    with Store.open(path, create=False, only_reads=True) as store:
        assert [s.event_count for s in store.sessions()] == [2]
    assert _snapshot(read_only_folder) == before


def test_a_write_ahead_log_without_its_shm_in_a_read_only_folder_says_what_to_copy(
    read_only_folder: Path, mini: Loaded, tmp_path: Path
) -> None:
    live = tmp_path / "live.sqlite3"
    _history(live, mini)
    with Store.open(live) as writer:
        writer.append_event(writer.sessions()[0].id, TakeAction("check-records"))
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{live}{suffix}", read_only_folder / f"h.sqlite3{suffix}")
    lock(read_only_folder)
    before = _snapshot(read_only_folder)
    with pytest.raises(ReadOnlyHistoryError, match=r"h\.sqlite3-wal file .* copy the history with the files"):
        Store.open(read_only_folder / "h.sqlite3", create=False, only_reads=True)
    assert _snapshot(read_only_folder) == before
