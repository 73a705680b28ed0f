"""The database file: where it lives, who may read it, and what happens to
files that are damaged, foreign or newer than this code."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.application.config import default_db_path, resolve_db_path
from simulator.domain.events import TakeAction
from simulator.scenarios.loader import Loaded
from simulator.store.database import Store
from simulator.store.errors import (
    DatabaseMissingError,
    DatabaseUnreadableError,
    ForeignDatabaseError,
    NewerSchemaError,
    StoreAccessError,
    StoreError,
)
from simulator.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate, user_version


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("permissive_umask")
def test_created_owner_only_whatever_the_umask(tmp_path: Path, mini: Loaded) -> None:
    path = tmp_path / "new" / "folder" / "history.sqlite3"
    with Store.open(path) as store:
        sid = store.start_session(store.ensure_profile("ada"), mini)
        store.append_event(sid, TakeAction("check-records"))
        files = sorted(p.name for p in path.parent.iterdir())
        assert files == ["history.sqlite3", "history.sqlite3-shm", "history.sqlite3-wal"]
        for name in files:
            assert _mode(path.parent / name) == 0o600, name
    assert _mode(path.parent) == 0o700


def test_uses_write_ahead_logging(store: Store, db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert user_version(raw) == SCHEMA_VERSION
    finally:
        raw.close()


def test_missing_file_without_create(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissingError, match="no history database here yet"):
        Store.open(tmp_path / "absent.sqlite3", create=False)
    assert list(tmp_path.iterdir()) == []


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreAccessError, match="is not a file"):
        Store.open(tmp_path)


def test_an_empty_file_becomes_a_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with Store.open(path) as store:
        assert store.profiles() == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.usefixtures("permissive_umask")
def test_an_empty_file_given_as_the_history_becomes_owner_only_with_its_wal_and_shm(
        tmp_path: Path, mini: Loaded) -> None:
    path = tmp_path / "given.sqlite3"
    path.touch(mode=0o644)
    assert _mode(path) == 0o644
    with Store.open(path) as store:
        sid = store.start_session(store.ensure_profile("ada"), mini)
        store.append_event(sid, TakeAction("check-records"))
        for name in ("given.sqlite3", "given.sqlite3-wal", "given.sqlite3-shm"):
            assert _mode(tmp_path / name) == 0o600, name


@pytest.mark.parametrize("content", [
    b"this is a text file, not a database\n" * 10,
    b"SQLite format 3\x00",  # a header cut short
    b"\x00" * 4096,
])
def test_a_file_that_is_not_sqlite_is_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(content)
    before = _snapshot(tmp_path)
    with pytest.raises(DatabaseUnreadableError, match="damaged or is not a case-review history file") as caught:
        Store.open(path)
    assert "left as it is" in caught.value.message
    assert _snapshot(tmp_path) == before


def test_damaged_pages_give_a_clear_error_and_are_left_untouched(tmp_path: Path, mini: Loaded) -> None:
    path = tmp_path / "history.sqlite3"
    with Store.open(path) as store:
        ada = store.ensure_profile("ada")
        for _ in range(30):
            sid = store.start_session(ada, mini)
            store.append_event(sid, TakeAction("check-records"))
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    assert len(data) > 3 * page_size
    data[page_size:len(data)] = b"\xff" * (len(data) - page_size)  # every page but the first
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseUnreadableError), Store.open(path) as store:
        store.sessions()
    assert path.read_bytes() == bytes(data)


def test_a_newer_schema_is_never_migrated_down(tmp_path: Path, mini: Loaded) -> None:
    path = tmp_path / "history.sqlite3"
    with Store.open(path) as store:
        store.start_session(store.ensure_profile("ada"), mini)
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    before = _snapshot(tmp_path)
    with pytest.raises(NewerSchemaError, match=f"history format {SCHEMA_VERSION + 1}") as caught:
        Store.open(path)
    assert "newer version of case-review" in caught.value.message
    assert _snapshot(tmp_path) == before


def test_another_programs_database_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "photos.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE photos (name TEXT)")
    raw.execute("INSERT INTO photos VALUES ('beach.jpg')")
    raw.commit()
    raw.close()
    before = _snapshot(tmp_path)
    with pytest.raises(ForeignDatabaseError, match="belonging to another program"):
        Store.open(path)
    assert _snapshot(tmp_path) == before


def test_every_refusal_is_a_store_error_with_a_title(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    path.write_bytes(b"nope" * 100)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert caught.value.title == "History file unreadable"
    assert "\n" not in caught.value.message


def test_migrations_step_up_one_transaction_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(conn) == SCHEMA_VERSION
        assert migrate(conn) == SCHEMA_VERSION  # a second run changes nothing
        extra = ("ALTER TABLE profiles ADD COLUMN colour TEXT",)
        assert migrate(conn, (*MIGRATIONS, extra)) == SCHEMA_VERSION + 1
        assert "colour" in [r[1] for r in conn.execute("PRAGMA table_info(profiles)")]
        broken = ("CREATE TABLE half_done (x INTEGER)", "THIS IS NOT SQL")
        with pytest.raises(sqlite3.OperationalError):
            migrate(conn, (*MIGRATIONS, extra, broken))
        assert user_version(conn) == SCHEMA_VERSION + 1
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert "half_done" not in tables
    finally:
        conn.close()


def test_a_version_1_history_opens_with_its_sessions_whole(tmp_path: Path) -> None:
    """Version 2 added what the trainee has looked at; sessions saved before it read as nothing seen."""
    path = tmp_path / "v1.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(conn, MIGRATIONS[:1]) == 1
        when = "2026-01-05T10:00:00.000000+00:00"
        conn.execute("INSERT INTO profiles (name, created_at) VALUES ('ada', ?)", (when,))
        conn.execute(
            """INSERT INTO sessions (uuid, profile_id, scenario_id, scenario_title, scenario_digest, scenario_path,
               mode, status, started_at, updated_at, self_assessment)
               VALUES ('u-1', 1, 'mini', 'Mini', 'abc', 'mini.yaml', 'self-assessment', 'active', ?, ?,
                       '{"front-door": "good"}')""", (when, when))
    finally:
        conn.close()
    with Store.open(path) as store:
        (record,) = store.sessions()
        assert (record.scenario_id, record.seen_evidence) == ("mini", frozenset())
        assert dict(record.self_assessment) == {"front-door": "good"}
        store.save_seen_evidence(record.id, ["mark-on-arm"])
        assert store.session(record.id).seen_evidence == {"mark-on-arm"}
    raw = sqlite3.connect(path)
    try:
        assert user_version(raw) == SCHEMA_VERSION == 6
    finally:
        raw.close()


# What the app wrote as one text before version 3: "What I noticed: ", the first answer, a blank line,
# "What I decided: ", the second; a part left out when empty.
WRITTEN_BEFORE_V3 = {
    # The first answer quotes the second label: it used to come back cut in two at the quote.
    'What I noticed: The school wrote "What I decided: wait and see" in its log.\n\nWhat I decided: Strategy.':
        ('The school wrote "What I decided: wait and see" in its log.', "Strategy."),
    'What I noticed: The note said What I decided: nothing.':
        ("The note said What I decided: nothing.", ""),
    "What I noticed: Two lines.\nThe second.\n\nWhat I decided: Strategy discussion.":
        ("Two lines.\nThe second.", "Strategy discussion."),
    "What I decided: Close it.": ("", "Close it."),
    "Written some other way.": ("Written some other way.", ""),
}


def test_a_version_2_history_keeps_each_reflection_answer_whole(tmp_path: Path) -> None:
    """Version 3 keeps the reflection's two answers as fields, split from the joined text correctly."""
    path = tmp_path / "v2.sqlite3"
    when = "2026-01-05T10:00:00.000000+00:00"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as raw:
        assert migrate(raw, MIGRATIONS[:2]) == 2
        raw.execute("INSERT INTO profiles (name, created_at) VALUES ('ada', ?)", (when,))
        raw.executemany(
            "INSERT INTO sessions (uuid, profile_id, scenario_id, scenario_title, scenario_digest, scenario_path, mode,"
            " status, started_at, updated_at, reflection) VALUES (?, 1, 'm', 'M', 'ab', 'm.yaml', 'standard', 'finished',"
            " ?, ?, ?)", [(f"u-{n}", when, when, text) for n, text in enumerate([*WRITTEN_BEFORE_V3, ""])])
    with Store.open(path) as store:
        records = store.sessions()
    assert [(r.noticed, r.decided) for r in records] == [*WRITTEN_BEFORE_V3.values(), ("", "")]
    assert [r.reflection for r in records] == [*WRITTEN_BEFORE_V3, ""]  # what the exports print is unchanged
    assert {r.updated_at for r in records} == {records[0].started_at}


def test_db_path_resolution_order(tmp_path: Path) -> None:
    env = {"CASE_REVIEW_DB": str(tmp_path / "from-env.sqlite3")}
    assert resolve_db_path(tmp_path / "cli.sqlite3", env) == tmp_path / "cli.sqlite3"
    assert resolve_db_path(None, env) == tmp_path / "from-env.sqlite3"
    assert resolve_db_path(None, {"CASE_REVIEW_DB": ""}) == default_db_path()
    assert resolve_db_path("", {}) == default_db_path()
    assert resolve_db_path("~/h.sqlite3", {}) == Path.home() / "h.sqlite3"
    default = default_db_path()
    assert default.name == "history.sqlite3" and "case-review" in default.parts


def test_environment_is_read_when_not_given(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CASE_REVIEW_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_db_path() == tmp_path / "env.sqlite3"


def test_a_version_3_history_gives_each_trainee_a_stable_id(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, MIGRATIONS[:3]) == 3
    conn.execute("INSERT INTO profiles (name, created_at) VALUES ('Sam Lee', '2024-01-01T00:00:00+00:00')")
    conn.execute("INSERT INTO profiles (name, created_at) VALUES ('Ana', '2024-01-01T00:00:00+00:00')")
    conn.close()
    with Store.open(path) as store:
        ids = [p.uuid for p in store.profiles()]
        assert len(set(ids)) == 2 and all(len(i) == 36 for i in ids)
        assert store.create_profile("New").uuid not in ids
