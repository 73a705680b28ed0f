"""The store's PostgreSQL connection (psycopg 3): a history shared by a training centre.

Imported only when a ``postgresql://`` location is opened, so psycopg costs nothing to anyone else.

- The store's SQL is SQLite's and PostgreSQL's shared language with ``?`` for each value; ``_placeholders``
  turns those into psycopg's ``%s`` (and a literal ``%`` into ``%%``), outside quoted text, once per statement.
- A write transaction takes a transaction-level advisory lock before anything else: the session's it reads and
  then writes (its holder, the next event's number, its status), or the store's for anything else (a
  migration's version). Writers of one session queue one at a time, as SQLite's ``BEGIN IMMEDIATE`` makes
  every writer do, so each check-then-write means in PostgreSQL what it means in SQLite; trainees writing
  their own sessions do not wait for each other, and their commits share the server's flushes to disk
  (``benchmarks/store_backends.py``).
- A snapshot is a REPEATABLE READ, READ ONLY transaction; anything else runs in autocommit, one statement a
  transaction, as SQLite's reads do.
- The schema version is a one-row table, ``case_review_schema``, which also tells our tables from another
  program's: a schema (the URL's ``options=-csearch_path=NAME``, else ``public``) holding tables but not that
  one is refused untouched, as a foreign SQLite file is.
- Times stay the fixed-width UTC text the SQLite store writes, so their order is time order in both, and the
  two stores hand back exactly the same records.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
from psycopg import errors as pg_errors

from .backend import Cursor, Dialect, shown, url_problem
from .errors import (
    DatabaseBusyError,
    DatabaseMissingError,
    DuplicateError,
    ForeignDatabaseError,
    NewerSchemaError,
    StoreAccessError,
    StoreError,
)
from .schema import APPLICATION_ID, SCHEMA_VERSION

VERSION_TABLE = "case_review_schema"
STORE_KEY = -1  # the advisory lock of writes to the store as a whole; a session's is its id (never negative)


@functools.lru_cache(maxsize=512)
def _placeholders(sql: str) -> str:
    """``?`` -> ``%s`` and ``%`` -> ``%%`` outside quoted text and identifiers."""
    out: list[str] = []
    quote = ""
    for char in sql:
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "?":
            out.append("%s")
            continue
        if char == "%":
            out.append("%%")
            continue
        out.append(char)
    return "".join(out)


class PostgresConnection:
    dialect: Dialect = "postgresql"
    read_only = False  # a server's own permissions decide what a role may write

    def __init__(self, conn: psycopg.Connection[Any], where: str, url: str | None = None,
                 timeout: float = 10.0) -> None:
        self.raw = conn
        self.where = where
        self._url = url  # to connect again after the server has dropped the connection (None: never)
        self._timeout = timeout

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return self.raw.execute(_placeholders(sql), params)  # type: ignore[arg-type]

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.raw.cursor() as cur:
                cur.executemany(_placeholders(sql), rows)  # type: ignore[arg-type]

    def insert(self, sql: str, params: Sequence[Any]) -> int:
        row = self.execute(f"{sql} RETURNING id", params).fetchone()
        assert row is not None
        return int(row[0])

    def begin_write(self, session_id: int | None = None) -> None:
        # One round trip: BEGIN and the lock in one simple query (numbers only, so nothing to quote).
        key = STORE_KEY if session_id is None else int(session_id) % 2**31
        self.raw.execute(f"BEGIN; SELECT pg_advisory_xact_lock({APPLICATION_ID}, {key})")

    def begin_snapshot(self) -> None:
        self.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def commit(self) -> None:
        self.raw.execute("COMMIT")

    def rollback(self) -> None:
        with contextlib.suppress(psycopg.Error):
            self.raw.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()

    @contextlib.contextmanager
    def translated(self) -> Iterator[None]:
        with translated(self.where):
            self._reconnect_if_lost()
            yield

    def _reconnect_if_lost(self) -> None:
        """A connection the server dropped (a restart, a fail-over, an idle timeout) is made again before the
        next use, so a served trainee's window is told once that a step was not saved, not at every step after.
        The step that met the drop is not retried: whether its commit reached the server cannot be known."""
        if self._url is None or not (self.raw.closed or self.raw.broken):
            return
        self.raw = _connect(self._url, self._timeout)

    def schema_version(self) -> int:
        # Asked of the catalogue by a query, which sees what was committed before it began: to_regclass looks
        # in this connection's catalogue cache, which an advisory lock does not refresh, so a process that had
        # waited on the lock while another made the tables was told they did not exist, and made them again.
        if self.raw.execute("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
                            "AND table_name = %s", (VERSION_TABLE,)).fetchone() is None:
            return 0
        row = self.raw.execute(f"SELECT max(version) FROM {VERSION_TABLE}").fetchone()
        return int(row[0]) if row is not None and row[0] is not None else 0

    def set_schema_version(self, version: int) -> None:
        self.raw.execute(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version INTEGER NOT NULL)")
        self.raw.execute(f"DELETE FROM {VERSION_TABLE}")
        self.raw.execute(f"INSERT INTO {VERSION_TABLE} (version) VALUES (%s)", (version,))


@contextlib.contextmanager
def translated(where: str) -> Iterator[None]:
    """psycopg's errors as StoreErrors, each one line a trainee can read."""
    try:
        yield
    except StoreError:
        raise
    except pg_errors.UniqueViolation as err:
        raise DuplicateError(f"{where}: {_first_line(err)}") from err
    except (pg_errors.LockNotAvailable, pg_errors.QueryCanceled, pg_errors.DeadlockDetected,
            pg_errors.SerializationFailure) as err:
        raise DatabaseBusyError(f"{where}: the history is busy; try again in a moment") from err
    except (pg_errors.InsufficientPrivilege, pg_errors.ReadOnlySqlTransaction, pg_errors.DiskFull) as err:
        raise StoreAccessError(f"{where}: cannot write the history: {_first_line(err)}") from err
    except psycopg.OperationalError as err:
        raise StoreAccessError(f"{where}: cannot reach the history: {_first_line(err)}") from err
    except psycopg.Error as err:
        raise StoreError(f"{where}: {_first_line(err)}") from err


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def open_url(url: str, *, create: bool, timeout: float) -> PostgresConnection:
    """The database at ``url``, checked, not yet migrated: refused untouched when its schema holds another
    program's tables, or ours at a newer version; DatabaseMissingError for an empty one unless ``create``."""
    where = shown(url)
    problem = url_problem(url)
    if problem:
        raise StoreAccessError(f"{where}: {problem}")
    with translated(where):
        raw = _connect(url, timeout)
    try:
        with translated(where):
            conn = PostgresConnection(raw, where, url, timeout)
            _check_identity(conn, create)
    except BaseException:
        raw.close()
        raise
    return conn


def _connect(url: str, timeout: float) -> psycopg.Connection[Any]:
    raw = psycopg.connect(url, autocommit=True, connect_timeout=max(1, round(timeout)), application_name="case-review")
    try:
        # How long a writer waits for another's write before saying the history is busy.
        raw.execute("SELECT set_config('lock_timeout', %s, false)", (f"{int(timeout * 1000)}ms",))
    except BaseException:
        raw.close()
        raise
    return raw


def _check_identity(conn: PostgresConnection, create: bool) -> None:
    """Only reads: nothing may be written to a database we are about to refuse."""
    schema = conn.raw.execute("SELECT current_schema()").fetchone()
    if schema is None or schema[0] is None:
        raise StoreAccessError(f"{conn.where}: the schema its search_path names does not exist; create it first")
    tables = {r[0] for r in conn.raw.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}
    if tables and VERSION_TABLE not in tables:
        raise ForeignDatabaseError(
            f"{conn.where} (schema {schema[0]}) holds another program's tables; it has been left as it is "
            "(choose another database, or a schema of its own with ?options=-csearch_path%3DNAME)")
    version = conn.schema_version()
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{conn.where} was written by a newer version of case-review (history format {version}; this version "
            f"reads up to {SCHEMA_VERSION}); it has been left as it is. Update case-review to open it")
    if not tables and not create:
        raise DatabaseMissingError(f"{conn.where}: there is no history in this database yet")
