"""The store's SQLite connection: a history file on this machine, the embedded default.

The SQL the store writes is SQLite's own, so it runs as it is. A write transaction is ``BEGIN IMMEDIATE``,
which takes the file's write lock up front (writers queue on the busy timeout instead of deadlocking mid-way);
the schema version is ``PRAGMA user_version``. Opening checks the file before SQLite writes a byte
(``opening.py``); a command that only reads opens a history it cannot write read-only, without a migration
(``open_file``'s ``only_reads``).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from . import opening
from .backend import Cursor, Dialect
from .errors import DatabaseMissingError, DuplicateError, ReadOnlyHistoryError
from .schema import SCHEMA_VERSION, user_version


class SQLiteConnection:
    dialect: Dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool = False) -> None:
        self.raw = conn
        self.path = path
        self.where = str(path)
        self.read_only = read_only

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return self.raw.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.raw.executemany(sql, rows)

    def insert(self, sql: str, params: Sequence[Any]) -> int:
        row_id = self.raw.execute(sql, params).lastrowid
        assert row_id is not None
        return row_id

    def begin_write(self, session_id: int | None = None) -> None:
        if self.read_only:
            raise ReadOnlyHistoryError(opening.cannot_save(self.path))
        self.raw.execute("BEGIN IMMEDIATE")  # the file's one write lock, whichever session

    def begin_snapshot(self) -> None:
        self.raw.execute("BEGIN")  # a read transaction in WAL mode sees one moment

    def commit(self) -> None:
        self.raw.execute("COMMIT")

    def rollback(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.raw.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()

    @contextlib.contextmanager
    def translated(self) -> Iterator[None]:
        try:
            with opening.translated(self.path):
                yield
        except sqlite3.IntegrityError as err:
            if "UNIQUE" in str(err):
                raise DuplicateError(f"{self.where}: {err}") from err
            raise

    def schema_version(self) -> int:
        return user_version(self.raw)

    def set_schema_version(self, version: int) -> None:
        self.raw.execute(f"PRAGMA user_version = {int(version)}")


def open_file(path: Path, *, create: bool, timeout: float, only_reads: bool = False) -> SQLiteConnection:
    """The history file at ``path``, checked and configured, not yet migrated.

    ``only_reads``: the caller will only read, so a file that exists but cannot be written (a read-only
    folder, share or backup) is opened read-only rather than refused; it must then be at this version's
    format, as it cannot be brought up to date.

    Raises DatabaseMissingError, DatabaseUnreadableError, ForeignDatabaseError or NewerSchemaError, all
    StoreErrors; in each case the file is untouched.
    """
    if only_reads and path.is_file() and not opening.can_write(path):
        return _open_read_only(path, timeout)
    opening.prepare_file(path, create)
    opening.check_header(path)
    conn = opening.connect(path, timeout)
    try:
        opening.check_identity(conn, path)
        opening.configure(conn, path)
    except BaseException:
        conn.close()
        raise
    return SQLiteConnection(conn, path)


def _open_read_only(path: Path, timeout: float) -> SQLiteConnection:
    opening.check_header(path)
    conn = opening.connect_read_only(path, timeout)
    try:
        version = opening.check_identity(conn, path)
        if version == 0:
            raise DatabaseMissingError(f"{path}: there is no history in this file yet")
        if version < SCHEMA_VERSION:
            raise ReadOnlyHistoryError(
                f"{path} was written by an older version of case-review and is brought up to date when it is "
                "opened where it can be written; here it is read-only: copy it to a folder you can write and "
                "give the copy with --db")
    except BaseException:
        conn.close()
        raise
    return SQLiteConnection(conn, path, read_only=True)
