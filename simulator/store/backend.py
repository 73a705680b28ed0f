"""The one storage interface the store speaks, with SQLite and PostgreSQL behind it.

The store writes its SQL once, in the language both databases share (``?`` for each value, ``ON CONFLICT`` for
upserts, row values, ``CAST(? AS ...)`` where a value alone says nothing of its type), and runs it through a
``Connection``: ``sqlite_backend`` hands it to ``sqlite3`` as it is, ``postgres_backend`` to psycopg 3 with its
placeholders. What differs between the two is said here once, as methods: how a write transaction takes the
store's one write lock, how a consistent snapshot is begun, how the id of a new row comes back, where the schema
version is kept, and how a driver's error becomes a ``StoreError`` a trainee can read.

A location is a file path (SQLite, the embedded default) or a ``postgresql://`` URL (a shared store for a
training centre): ``is_url`` tells them apart, and ``shown`` is the location as messages name it (never with its
password).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit, urlunsplit

Dialect = Literal["sqlite", "postgresql"]
Location = str | os.PathLike[str]
URL_SCHEMES = ("postgresql://", "postgres://")


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """One open database, as the store uses it. Not thread-safe by itself: the store holds its lock around it."""

    dialect: Dialect
    where: str  # the location as messages name it
    read_only: bool  # opened for reading alone (a history file that cannot be written): never migrated

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def insert(self, sql: str, params: Sequence[Any]) -> int:
        """Run an INSERT into a table whose key is ``id``; return the new row's id."""
        ...

    def begin_write(self, session_id: int | None = None) -> None:
        """Begin a write transaction holding a write lock from its first statement: the whole store's, or, given
        ``session_id``, at least that session's (what the transaction reads and then writes), so writers of it
        queue one at a time and every check-then-write means what it says."""
        ...

    def begin_snapshot(self) -> None:
        """Begin a read-only transaction whose reads all see one moment."""
        ...

    def commit(self) -> None: ...

    def rollback(self) -> None:
        """End the transaction without its changes; never raises (there may be no transaction left to end)."""
        ...

    def close(self) -> None: ...

    def translated(self) -> AbstractContextManager[None]:
        """Turn the driver's errors into StoreErrors with a readable message (DuplicateError for a unique key)."""
        ...

    def schema_version(self) -> int: ...

    def set_schema_version(self, version: int) -> None: ...


def is_url(location: Location) -> bool:
    """Whether ``location`` names a PostgreSQL database rather than a file."""
    return isinstance(location, str) and location.lower().startswith(URL_SCHEMES)


def shown(location: Location) -> str:
    """The location as a message names it: a path as it is, a URL without its password or its query (a URL of a
    scheme the store does not open, by its scheme alone)."""
    if other_url(location):
        return str(location).split(":", 1)[0] + "://…"
    if not is_url(location):
        return str(location)
    assert isinstance(location, str)
    try:
        parts = urlsplit(location)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
    except ValueError:
        # Not a URL urllib can read ("[" with no "]", a port that is not a number): named by its scheme
        # alone, as the rest may hold a password.
        return location.split(":", 1)[0] + "://(a URL that cannot be read)"
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit((parts.scheme, f"{user}{host}", parts.path, "", ""))


# A URL of any scheme (sqlite:///h.db, http://...): as a path it would become a folder tree named after it.
_ANY_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def other_url(location: Location) -> bool:
    """Whether ``location`` is written as a URL of a scheme the store does not open (only PostgreSQL's)."""
    return isinstance(location, str) and not is_url(location) and _ANY_URL.match(location) is not None


def url_problem(url: str) -> str | None:
    """What is wrong with a URL as written, before anything is asked of a server; None when nothing."""
    if other_url(url):
        scheme = url.split(":", 1)[0]
        return (f"a history is a file's path or a postgresql:// URL, not a {scheme}:// URL (for a file, write its "
                "path alone)")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (reading it is the check: a port that is not a number raises)
    except ValueError as err:
        return (f"this is not a URL that can be read ({err}); write it as "
                "postgresql://user@host:5432/database")
    return None


def as_location(value: Location) -> Path | str:
    """A value given as ``--db`` or ``CASE_REVIEW_DB``: a URL kept as text (one of another scheme too, for opening
    to refuse by ``url_problem``), anything else a path (``~`` expanded)."""
    if is_url(value) or other_url(value):
        assert isinstance(value, str)
        return value
    return Path(value).expanduser()
