"""What is PostgreSQL's own: finding our tables, refusing another program's, the version table, the migrations
in its words, and its errors said in one line. Everything else is the shared store suite, run on both."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import psycopg
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from simulator.domain.events import Note
from simulator.scenarios.loader import Loaded
from simulator.store.backend import shown
from simulator.store.database import Store
from simulator.store.errors import (
    DatabaseMissingError,
    ForeignDatabaseError,
    NewerSchemaError,
    StoreAccessError,
    StoreError,
)
from simulator.store.postgres_backend import STORE_KEY, VERSION_TABLE, PostgresConnection, _placeholders, open_url
from simulator.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, for_dialect, migrate


def _tables(url: str) -> set[str]:
    with psycopg.connect(url, autocommit=True) as raw:
        return {r[0] for r in raw.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}


def test_a_fresh_schema_is_made_ours_and_versioned(pg_url: str) -> None:
    Store.open(pg_url).close()
    assert {"profiles", "sessions", "events", "criterion_scores", "drafts", VERSION_TABLE} <= _tables(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as raw:
        assert raw.execute(f"SELECT version FROM {VERSION_TABLE}").fetchall() == [(SCHEMA_VERSION,)]


def test_the_same_columns_in_both_databases(pg_url: str, tmp_path: Path) -> None:
    Store.open(pg_url).close()
    Store.open(tmp_path / "h.sqlite3").close()
    lite = sqlite3.connect(tmp_path / "h.sqlite3")
    with psycopg.connect(pg_url, autocommit=True) as raw:
        for table in ("profiles", "sessions", "events", "criterion_scores", "drafts", "scenario_sources"):
            ours = [r[1] for r in lite.execute(f"PRAGMA table_info({table})")]
            theirs = [r[0] for r in raw.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = %s ORDER BY ordinal_position", (table,))]
            assert theirs == ours, table
    lite.close()


def test_another_programs_tables_are_refused_untouched(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as raw:
        raw.execute("CREATE TABLE photos (name TEXT)")
    with pytest.raises(ForeignDatabaseError, match="another program's tables"):
        Store.open(pg_url)
    assert _tables(pg_url) == {"photos"}


def test_a_newer_schema_is_never_migrated_down(pg_url: str) -> None:
    Store.open(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as raw:
        raw.execute(f"UPDATE {VERSION_TABLE} SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(NewerSchemaError, match="newer version of case-review"):
        Store.open(pg_url)


def test_an_empty_database_is_not_made_a_history_without_create(pg_url: str) -> None:
    with pytest.raises(DatabaseMissingError):
        Store.open(pg_url, create=False)
    assert _tables(pg_url) == set()


def test_migrations_step_up_one_transaction_at_a_time(pg_url: str) -> None:
    conn = open_url(pg_url, create=True, timeout=5)
    try:
        assert migrate(conn) == SCHEMA_VERSION
        assert migrate(conn) == SCHEMA_VERSION
        extra = ("ALTER TABLE profiles ADD COLUMN colour TEXT",)
        assert migrate(conn, (*MIGRATIONS, extra)) == SCHEMA_VERSION + 1
        broken = ("CREATE TABLE half_done (x INTEGER)", "THIS IS NOT SQL")
        with pytest.raises(psycopg.errors.SyntaxError):
            migrate(conn, (*MIGRATIONS, extra, broken))
        assert conn.schema_version() == SCHEMA_VERSION + 1
    finally:
        conn.close()
    assert "half_done" not in _tables(pg_url)


def test_a_process_that_waited_while_another_made_the_store_finds_it_made(pg_url: str) -> None:
    """Two trainees' windows opening a new centre's store at once: the one that waits for the other's migration
    must then see the tables made, not make them again ("relation already exists", and no history for it)."""
    late = open_url(pg_url, create=True, timeout=30)  # has looked for our tables, found none, not migrated yet
    outcome: list[object] = []

    def open_late() -> None:
        try:
            outcome.append(migrate(late))
        except Exception as err:  # whatever it was, the assertion shows it
            outcome.append(err)

    with psycopg.connect(pg_url, autocommit=True) as first:
        first.execute("SELECT pg_advisory_lock(%s, %s)", (APPLICATION_ID, STORE_KEY))  # another window migrating
        waiting = threading.Thread(target=open_late)
        waiting.start()
        end = time.monotonic() + 30
        # Advisory locks are the whole database's: other tests' stores may be waiting too, so look for this one.
        while first.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = %s",
                            (late.raw.info.backend_pid,)).fetchone() != (1,):
            assert time.monotonic() < end and waiting.is_alive(), f"the late window never waited: {outcome}"
        assert migrate(PostgresConnection(first, "first")) == SCHEMA_VERSION  # its lock is this session's own
        first.execute("SELECT pg_advisory_unlock(%s, %s)", (APPLICATION_ID, STORE_KEY))
        waiting.join()
    late.close()
    assert outcome == [SCHEMA_VERSION]


def test_sqlite_words_become_postgresql_words() -> None:
    step = "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, x REAL, b BLOB) WITHOUT ROWID"
    assert for_dialect(step, "sqlite") == (step,)
    assert for_dialect(step, "postgresql") == (
        "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n BIGINT NOT NULL, "
        "x DOUBLE PRECISION, b BYTEA)",)


def test_placeholders_outside_quotes_only() -> None:
    assert _placeholders("SELECT '?', \"a?\" FROM t WHERE x = ? AND y LIKE '5%' AND z = ?") == \
        "SELECT '?', \"a?\" FROM t WHERE x = %s AND y LIKE '5%%' AND z = %s"


def test_an_unreachable_server_is_one_line_without_the_password(tmp_path: Path) -> None:
    url = f"postgresql://ada:secret@/history?host={tmp_path}&port=1"
    with pytest.raises(StoreAccessError) as caught:
        Store.open(url, timeout=1)
    message = caught.value.message
    assert "\n" not in message and "secret" not in message and "cannot reach the history" in message
    assert shown(url) in message


def test_a_schema_that_does_not_exist_is_said_so(pg_url: str) -> None:
    url = pg_url.replace("search_path%3D", "search_path%3Dmissing_")
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(url)


def test_a_url_is_shown_without_its_password_or_options() -> None:
    assert shown("postgresql://ada:pw@db.example:5433/centre?sslmode=require") == "postgresql://ada@db.example:5433/centre"
    assert shown(Path("/tmp/h.sqlite3")) == "/tmp/h.sqlite3"


@pytest.mark.parametrize("url", ["postgresql://[bad", "postgresql://ada:secret@db:port/centre",
                                 "postgres://ada:secret@[::1/centre"])
def test_a_url_that_cannot_be_read_is_one_line_without_the_password(url: str) -> None:
    """Given as --db, CASE_REVIEW_DB or in the config file: said plainly before any server is asked, never raised
    as a fault, and nothing of it shown after the scheme (it may hold a password)."""
    assert shown(url).endswith("://(a URL that cannot be read)")
    with pytest.raises(StoreAccessError) as caught:
        Store.open(url, timeout=1)
    message = caught.value.message
    assert "\n" not in message and "secret" not in message and "postgresql://user@host:5432/database" in message


@given(st.text(max_size=40))
def test_any_url_is_shown_without_raising_and_without_its_password(rest: str) -> None:
    assume("Pa55word" not in rest)
    assert shown("postgresql://" + rest).startswith("postgresql:")
    assert "Pa55word" not in shown(f"postgresql://ada:Pa55word@{rest}")


def test_a_lost_connection_is_one_line_keeps_what_was_acknowledged_and_is_made_again(pg_url: str, mini: Loaded) -> None:
    with Store.open(pg_url) as store:
        sid = store.start_session(store.ensure_profile("ada"), mini)
        store.append_event(sid, Note("kept"))
        pid = store._conn.raw.info.backend_pid  # type: ignore[attr-defined]
        with psycopg.connect(pg_url, autocommit=True) as admin:  # the server ends the store's connection
            assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone() == (True,)
        with pytest.raises(StoreAccessError) as caught:
            store.append_event(sid, Note("lost"))
        assert "\n" not in caught.value.message and caught.value.message.startswith(shown(pg_url))
        # The next step connects again: the window goes on, told once.
        store.append_event(sid, Note("after"))
        assert store._conn.raw.info.backend_pid != pid  # type: ignore[attr-defined]
    with Store.open(pg_url) as again:
        assert again.events(sid) == [Note("kept"), Note("after")]


def test_without_psycopg_a_url_is_refused_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    monkeypatch.delitem(sys.modules, "simulator.store.postgres_backend", raising=False)
    with pytest.raises(StoreAccessError, match=r"needs psycopg 3.*pip install 'case-review-simulator\[postgresql\]'"):
        Store.open("postgresql://ada:pw@db.example/centre")
