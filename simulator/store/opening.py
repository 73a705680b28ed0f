"""Opening the history file safely: created owner-only before SQLite sees it,
and a file that is damaged, foreign or from a newer version refused before a
single byte of it is changed.

A history that cannot be written (a read-only folder, share or backup) can still be read by the commands that
only read: ``connect_read_only`` opens it without creating or changing any file, and a write to it is refused
with a message that says why and what to do."""

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
    ReadOnlyHistoryError,
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
        if ("readonly" in text or "unable to open" in text) and path.is_file() and not can_write(path):
            raise ReadOnlyHistoryError(cannot_save(path)) from err
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


def can_write(path: Path) -> bool:
    """Whether this process may write the history file and make files beside it (SQLite's -wal and -shm).

    access(2) answers for root too where the permission bits would not stop it: an immutable file or folder
    (chattr +i) and a read-only mount are not writable to anyone."""
    return os.access(path.parent, os.W_OK) and os.access(path, os.W_OK)


def cannot_save(path: Path) -> str:
    """Why nothing can be saved in the history at ``path``, a file or folder that cannot be written, and what
    to do. Short: the app adds that it runs without history, and a dialog's notice shows four lines."""
    what = "its folder" if not os.access(path.parent, os.W_OK) else "the file"
    return (f"{path}: {what} is read-only, so nothing can be saved in it; copy the history somewhere you can "
            "write and give the copy with --db")


# The files SQLite keeps beside a history for changes not yet in the file itself: a write-ahead log, or
# (a history made before WAL, left by a crash) a rollback journal.
_PENDING_SUFFIXES = ("-wal", "-journal")


def _has_pending_changes(path: Path) -> bool:
    for suffix in _PENDING_SUFFIXES:
        with contextlib.suppress(OSError):
            if os.stat(f"{path}{suffix}").st_size > 0:
                return True
    return False


def connect_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection that reads ``path`` and never creates or changes a file, in its folder or anywhere.

    Without a write-ahead log beside it the file is all there is, and ``immutable=1`` reads it with no -shm and
    no locks (SQLite's plain read-only mode would make a -shm, which a read-only folder refuses). Someone who
    may write the folder (its owner's app) writes to a new -wal first, so such a read sees the history as it
    was when the command began. With a -wal, what it holds must be read too: ``mode=ro`` does that through the
    -shm beside it, and ``readonly_shm=1`` keeps SQLite from writing its place in that -shm (it reads the log
    into memory and checks it was not changed meanwhile). Without a -shm the log cannot be read here, and the
    message says what to do.
    """
    pending = _has_pending_changes(path)
    uri = "file:" + pathname2url(str(path.absolute())) + ("?mode=ro&readonly_shm=1" if pending else "?immutable=1")
    with translated(path):
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
    conn.text_factory = _lenient_text
    try:
        with translated(path):
            try:
                conn.execute("PRAGMA query_only = ON")
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opening is lazy: this reads
            except sqlite3.OperationalError as err:
                if pending and "unable to open" in str(err).lower():
                    raise ReadOnlyHistoryError(
                        f"{path}: the history has changes in its {path.name}-wal file that can only be read "
                        "where the folder can be written; copy the history with the files beside it (-wal, "
                        "-shm) to a folder you can write and give the copy with --db") from err
                raise
    except BaseException:
        conn.close()
        raise
    return conn


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
