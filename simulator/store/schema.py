"""The database schema as a list of migrations, counted by PRAGMA user_version.

Migration N (counting from 1) takes a database from version N-1 to N. Each runs
in its own transaction together with the version bump, so a crash leaves the
file at one version or the next, never between. Migrations only ever go up:
append new ones, never edit a released one. A step is a statement, or a
function of the connection where moving data needs more than SQL.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Sequence

# "CRSV" in the file header: tells our files from any other program's SQLite file.
APPLICATION_ID = 0x43525356

Step = str | Callable[[sqlite3.Connection], None]
Migration = Sequence[Step]

_V1: Migration = (
    f"PRAGMA application_id = {APPLICATION_ID}",
    """CREATE TABLE profiles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    )""",
    # The scenario as played, stored once per digest however many sessions use it.
    """CREATE TABLE scenario_sources (
        digest TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        data BLOB NOT NULL,
        stored_at TEXT NOT NULL
    )""",
    """CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        profile_id INTEGER NOT NULL REFERENCES profiles(id),
        scenario_id TEXT NOT NULL,
        scenario_title TEXT NOT NULL,
        scenario_digest TEXT NOT NULL,
        scenario_path TEXT NOT NULL,
        mode TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        finished_at TEXT,
        event_count INTEGER NOT NULL DEFAULT 0,
        overall TEXT,
        scores TEXT NOT NULL DEFAULT '{}',
        debrief TEXT,
        reflection TEXT NOT NULL DEFAULT '',
        practice_change TEXT NOT NULL DEFAULT '',
        peer_reflection TEXT NOT NULL DEFAULT '',
        self_assessment TEXT NOT NULL DEFAULT '{}'
    )""",
    "CREATE INDEX sessions_by_profile ON sessions (profile_id, status, updated_at)",
    # Covers the progress query's look-up of when and what each session was,
    # without reading session rows (which hold the cached debrief).
    "CREATE INDEX sessions_finished ON sessions (profile_id, status, finished_at, scenario_id)",
    """CREATE TABLE events (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        seq INTEGER NOT NULL,
        event TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
    ) WITHOUT ROWID""",
    """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
       BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END""",
    """CREATE TRIGGER events_no_delete BEFORE DELETE ON events
       BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END""",
    # Denormalised (profile, criterion, time) key: a criterion's progress is one
    # range scan of a covering index, however many sessions there are. Only
    # numbers in the rows (grade as its rank, 0 = inadequate): no strings to
    # build per point when tens of thousands are read.
    """CREATE TABLE criterion_scores (
        profile_id INTEGER NOT NULL,
        criterion TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        score REAL NOT NULL,
        grade INTEGER NOT NULL,
        PRIMARY KEY (profile_id, criterion, finished_at, session_id)
    ) WITHOUT ROWID""",
)

# Which evidence the trainee has looked at, so what is marked new survives a resume.
# UI state, not an event: it changes nothing in the case or its scores.
_V2: Migration = ("ALTER TABLE sessions ADD COLUMN seen_evidence TEXT NOT NULL DEFAULT '[]'",)

# The reflection's first two answers as fields of their own. Until now the app kept them as one text,
# "What I noticed: ..." and "What I decided: ..." joined by a blank line, and split it again where the
# second label first appeared, anywhere: a first answer that quoted the label came back cut in two. The
# `reflection` column keeps the joined text (what the exports print); these keep the parts.
NOTICED, DECIDED = "What I noticed:", "What I decided:"


def split_learned(text: str) -> tuple[str, str]:
    """(what I noticed, what I decided) from the joined text written before version 3.

    The app wrote the labelled parts it had, noticed first, joined by a blank line. So the second part
    starts only where a blank line is followed by its label (a first part that quotes the label mid-line
    keeps it), or at the very start when there is no first part. Text in neither form (written by other
    means) is the first part whole, as the app has always read it. The one text this cannot tell apart: a
    first part with a paragraph of its own that begins with the second label.
    """
    body = text.strip()
    if body.startswith(DECIDED):
        return "", body.removeprefix(DECIDED).strip()
    noticed, _, decided = body.removeprefix(NOTICED).partition(f"\n\n{DECIDED} ")
    return noticed.strip(), decided.strip()


def _split_reflections(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT id, reflection FROM sessions WHERE reflection != ''").fetchall()
    conn.executemany("UPDATE sessions SET noticed = ?, decided = ? WHERE id = ?",
                     [(*split_learned(text), session_id) for session_id, text in rows])


_V3: Migration = (
    "ALTER TABLE sessions ADD COLUMN noticed TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE sessions ADD COLUMN decided TEXT NOT NULL DEFAULT ''",
    _split_reflections,
)


def _trainee_ids(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT id FROM profiles").fetchall()
    conn.executemany("UPDATE profiles SET uuid = ? WHERE id = ?", [(str(uuid.uuid4()), pid) for (pid,) in rows])


# Version 4 (issue 14):
# - a stable id per trainee, so two trainees of one name (in two histories) are two learners in an LRS;
# - who holds a session (one window at a time): a token naming the process, and when it last said so, so a
#   holder that crashed is seen to be gone;
# - drafts: what is being typed (an open decision, a reflection), kept as it is typed, offered back later.
_V4: Migration = (
    "ALTER TABLE profiles ADD COLUMN uuid TEXT",
    _trainee_ids,
    "CREATE UNIQUE INDEX profiles_by_uuid ON profiles (uuid)",
    "ALTER TABLE sessions ADD COLUMN holder TEXT",
    "ALTER TABLE sessions ADD COLUMN held_at TEXT",
    """CREATE TABLE drafts (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        kind TEXT NOT NULL,
        data TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (session_id, kind)
    ) WITHOUT ROWID""",
)

# Version 5 (issue 15): the history lists a trainee's newest sessions first and `history` streams them oldest
# first: both are a range of this index (the sessions_by_profile index is ordered by status first, so a page of
# the newest meant sorting every one of the trainee's sessions).
_V5: Migration = (
    "CREATE INDEX sessions_by_start ON sessions (profile_id, started_at, id)",
    "CREATE INDEX sessions_by_start_all ON sessions (started_at, id)",
)


# Version 6, what-if (issue 17): a re-branched session names the session it was branched from and the index of the first
# event where the two part (the events before it are the same in both); a twin case records which twin the
# session drew ('' for none). Earlier sessions have no parent and no twin.
_V6: Migration = (
    "ALTER TABLE sessions ADD COLUMN parent_id INTEGER REFERENCES sessions(id)",
    "ALTER TABLE sessions ADD COLUMN parted_at INTEGER",
    "ALTER TABLE sessions ADD COLUMN twin TEXT NOT NULL DEFAULT ''",
)

MIGRATIONS: tuple[Migration, ...] = (_V1, _V2, _V3, _V4, _V5, _V6)
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    value: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return value


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Apply what is missing and return the version reached.

    The connection must be in autocommit mode (``isolation_level=None``). The
    version is read again inside each write transaction, so two processes
    opening a fresh file at once cannot both apply the same step.
    """
    target = len(migrations)
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = user_version(conn)
            if version >= target:
                conn.execute("COMMIT")
                return version
            for step in migrations[version]:
                if callable(step):
                    step(conn)
                else:
                    conn.execute(step)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
