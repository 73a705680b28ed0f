"""The store's SQLite connection: a history file on this machine, the embedded default.

The SQL the store writes is SQLite's own, so it runs as it is. A write transaction is ``BEGIN IMMEDIATE``,
which takes the file's write lock up front (writers queue on the busy timeout instead of deadlocking mid-way);
the schema version is ``PRAGMA user_version``. Opening checks the file before SQLite writes a byte
(``opening.py``).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from . import opening
from .backend import Cursor, Dialect
from .errors import DuplicateError
from .schema import user_version


class SQLiteConnection:
    dialect: Dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.raw = conn
        self.path = path
        self.where = str(path)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return self.raw.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.raw.executemany(sql, rows)

    def insert(self, sql: str, params: Sequence[Any]) -> int:
        row_id = self.raw.execute(sql, params).lastrowid
        assert row_id is not None
        return row_id

    def begin_write(self, session_id: int | None = None) -> None:
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


def open_file(path: Path, *, create: bool, timeout: float) -> SQLiteConnection:
    """The history file at ``path``, checked and configured, not yet migrated.

    Raises DatabaseMissingError, DatabaseUnreadableError, ForeignDatabaseError or NewerSchemaError, all
    StoreErrors; in each case the file is untouched.
    """
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
