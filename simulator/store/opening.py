"""Opening the history file safely: created owner-only before SQLite sees it,
and a file that is damaged, foreign or from a newer version refused before a
single byte of it is changed."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.request import pathname2url

from .errors import (
    DatabaseBusyError,
    DatabaseMissingError,
    DatabaseUnreadableError,
    ForeignDatabaseError,
    NewerSchemaError,
    StoreAccessError,
    StoreError,
)
from .schema import APPLICATION_ID, SCHEMA_VERSION, user_version

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


@contextlib.contextmanager
def translated(path: Path) -> Iterator[None]:
    """Turn sqlite's and the OS's errors into StoreErrors with a readable message."""
    try:
        yield
    except StoreError:
        raise
    except sqlite3.OperationalError as err:
        text = str(err).lower()
        if "locked" in text or "busy" in text:
            raise DatabaseBusyError(f"{path}: the history is busy in another program; try again in a moment") from err
        if "readonly" in text or "unable to open" in text or "disk i/o" in text or "full" in text:
            raise StoreAccessError(f"{path}: cannot write the history: {err}") from err
        if "malformed" in text or "not a database" in text:
            raise _unreadable(path) from err
        raise StoreError(f"{path}: {err}") from err
    except sqlite3.DatabaseError as err:
        if isinstance(err, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError):
            raise
        raise _unreadable(path) from err
    except OSError as err:
        raise StoreAccessError(f"{path}: {err.strerror or err}") from err
    except UnicodeDecodeError as err:
        # SQLite's own message about a damaged schema quotes the damaged bytes, which Python cannot decode.
        raise _unreadable(path) from err


def _unreadable(path: Path) -> DatabaseUnreadableError:
    return DatabaseUnreadableError(
        f"{path} is damaged or is not a case-review history file; it has been left as it is "
        "(move it aside, or choose another file with --db)"
    )


def prepare_file(path: Path, create: bool) -> None:
    """Make sure ``path`` exists as a regular file, creating it 0600 if allowed.

    Creating it ourselves, before SQLite does, is what makes it owner-only from
    the first byte: SQLite would create it with the umask's permissions, and
    its -wal and -shm files copy the main file's mode.
    """
    if path.exists():
        if not path.is_file():
            raise StoreAccessError(f"{path} is not a file")
        _owner_only_if_empty(path)
        return
    if not create:
        raise DatabaseMissingError(f"{path}: there is no history database here yet")
    with translated(path):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return  # another process got there first; it will be checked like any existing file
        os.close(fd)


def _owner_only_if_empty(path: Path) -> None:
    """An empty file given as the history (made with `touch`, say) is about to become one: owner-only, as a
    file we create is, before SQLite writes a byte (its -wal and -shm files copy this file's mode)."""
    with translated(path):
        found = os.stat(path)
        owner = getattr(os, "geteuid", lambda: found.st_uid)()  # no owners to compare on Windows
        if found.st_size == 0 and found.st_mode & 0o077 and found.st_uid == owner:
            os.chmod(path, 0o600)


def check_header(path: Path) -> None:
    with translated(path), path.open("rb") as f:
        head = f.read(HEADER_SIZE)
    if head and (len(head) < HEADER_SIZE or not head.startswith(SQLITE_MAGIC)):
        raise _unreadable(path)


def connect(path: Path, timeout: float) -> sqlite3.Connection:
    # mode=rw: SQLite must never create the file itself (see prepare_file).
    uri = "file:" + pathname2url(str(path.absolute())) + "?mode=rw"
    with translated(path):
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
    # Everything the store writes is UTF-8 (``database._text``); text that is not was damaged on disk. It is
    # read with U+FFFD in place of the bad bytes, so one damaged byte spoils a word, not the whole listing
    # (a damaged date or JSON column is then refused by its row's reader, and that row alone skipped).
    conn.text_factory = _lenient_text
    return conn


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def check_identity(conn: sqlite3.Connection, path: Path) -> int:
    """Refuse a file that is not ours or is newer than this code; return its version.

    Only reads: nothing may be written to a file we are about to refuse.
    """
    with translated(path):
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = user_version(conn)
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or tables):
        raise ForeignDatabaseError(
            f"{path} is an SQLite database belonging to another program; it has been left as it is "
            "(choose another file with --db)"
        )
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{path} was written by a newer version of case-review (history format {version}; this version "
            f"reads up to {SCHEMA_VERSION}); it has been left as it is. Update case-review to open it"
        )
    return version


def configure(conn: sqlite3.Connection, path: Path) -> None:
    with translated(path):
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreAccessError(f"{path}: cannot use write-ahead logging here (journal mode {mode})")
        # NORMAL in WAL mode: a commit survives the process being killed at any
        # point; only a power cut can lose the last few commits, never corrupt
        # the file. FULL would fsync every event (milliseconds each on most disks).
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
