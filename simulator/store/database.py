"""The history store: profiles, sessions and the append-only event log, in SQLite or PostgreSQL.

The imperative shell around the pure engine: it records what happened and
hands it back; it never decides what an event means. One write transaction per
call, so whatever a call acknowledged is on disk when it returns. Its SQL is
written once for both databases and run through ``backend.Connection``.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import operator
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from simulator.domain.catalogue import CRITERION_IDS, Grade
from simulator.domain.events import Decide, Event, Flag, Note, TakeAction, Unflag, event_from_json, event_to_json
from simulator.domain.scoring.results import Debrief
from simulator.domain.scoring.serialise import debrief_to_json

from .backend import Connection, Location, as_location, other_url, shown, url_problem
from .errors import (
    DamagedRowError,
    DuplicateError,
    InvalidValueError,
    NotFoundError,
    SessionClosedError,
    SessionConflictError,
    SessionHeldError,
    StoreAccessError,
    UnsupportedLocationError,
)
from .records import (
    CaseTally,
    CohortFigures,
    CohortFilter,
    CohortRow,
    CriterionProgress,
    CriterionTrend,
    Draft,
    LoggedEvent,
    PlayedScenario,
    Profile,
    ScenarioSource,
    ScoreRun,
    SessionMode,
    SessionRecord,
    SessionStatus,
    SourceKind,
)
from .schema import migrate

Clock = Callable[[], datetime]
Progress = Mapping[str, CriterionProgress]

_EVENT_TYPES = (TakeAction, Flag, Unflag, Decide, Note)
_GRADES_BY_RANK = tuple(Grade)  # Grade is declared worst first: index == rank
_SESSION_COLUMNS = """s.id, s.uuid, s.profile_id, p.name, s.scenario_id, s.scenario_title, s.scenario_digest,
    s.scenario_path, s.mode, s.status, s.started_at, s.updated_at, s.finished_at, s.event_count, s.overall,
    s.scores, s.reflection, s.noticed, s.decided, s.practice_change, s.peer_reflection, s.self_assessment,
    s.seen_evidence,
    EXISTS (SELECT 1 FROM scenario_sources src WHERE src.digest = s.scenario_digest), p.uuid, s.holder, s.held_at,
    s.twin, s.parent_id, s.parted_at"""
_SESSION_FROM = "FROM sessions s JOIN profiles p ON p.id = s.profile_id"
_MAX_ROWID = 2**63 - 1


def utc_now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    # One fixed width and zone, so text order is time order in SQL.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _when(text: str) -> datetime:
    if not isinstance(text, str):
        raise ValueError(f"not a time: {text!r}")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"a time without its zone: {text!r}")
    return moment


def _number(value: object) -> float:
    """A saved score, as a number: SQLite keeps whatever a damaged page holds, text included."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"not a score: {value!r}")
    return float(value)


# What a damaged column can raise while it is read into a record: bad text, the wrong type, an unknown grade.
_DAMAGE = (ValueError, TypeError, AttributeError, KeyError, OverflowError)


def _json(data: object) -> str:
    # ASCII escapes: a lone surrogate in trainee text (which UTF-8 cannot hold)
    # round-trips as \\udxxx instead of failing the write.
    return json.dumps(data, ensure_ascii=True, separators=(",", ":"))


def _text(value: str) -> str:
    """Free text for a TEXT column; anything UTF-8 cannot hold becomes '?', and a NUL character (which
    PostgreSQL's text cannot hold) U+FFFD, in either store, so that the two keep the same text."""
    return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "\ufffd")


class Store:
    """One open history database. Safe to share between threads of one process;
    several processes may open the same file (or PostgreSQL database) at once."""

    def __init__(self, path: Path | str, conn: Connection, clock: Clock) -> None:
        self.path = path  # the file, or the URL as messages name it (no password)
        self.dialect = conn.dialect
        self._conn = conn
        self._clock = clock
        self._lock = threading.RLock()
        # Sessions whose rows could not be read (a damaged file), by id, with the reason: skipped by the
        # listings, so the rest can still be used; the file itself is never changed for it.
        self.damaged: dict[int, str] = {}

    @classmethod
    def open(
        cls,
        path: Location,
        *,
        create: bool = True,
        clock: Clock = utc_now,
        timeout: float = 10.0,
        only_reads: bool = False,
    ) -> Store:
        """Open (and, if ``create``, make) the history at ``path``: a file, or a ``postgresql://`` URL.

        ``only_reads``: the caller only reads (history, export, cohort, compare), so a history file that cannot
        be written is opened read-only, where its writers are refused (ReadOnlyHistoryError, as every write
        would be); a PostgreSQL history opens as always.

        Raises DatabaseMissingError, DatabaseUnreadableError, ForeignDatabaseError
        or NewerSchemaError, all StoreErrors; in each case the database is untouched.
        ``timeout`` is how long to wait for another process's write to finish.
        """
        location = as_location(path)
        conn: Connection
        if isinstance(location, str):
            if other_url(location):
                raise UnsupportedLocationError(f"{shown(location)}: {url_problem(location)}")
            conn = _open_postgresql(location, create=create, timeout=timeout)
            where: Path | str = shown(location)
        else:
            from .sqlite_backend import open_file
            conn = open_file(location, create=create, timeout=timeout, only_reads=only_reads)
            where = location
        try:
            if not conn.read_only:  # a read-only file is at this version already (open_file checks)
                with conn.translated():
                    migrate(conn)
        except BaseException:
            conn.close()
            raise
        return cls(where, conn, clock)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing ---------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self, session_id: int | None = None) -> Iterator[Connection]:
        """One write transaction, holding the write lock from its start (``Connection.begin_write``), so two
        processes queue instead of deadlocking mid-way. ``session_id``: the one session whose rows it reads and
        then writes (SQLite locks the file whatever; PostgreSQL that session only, so trainees' appends do not
        queue behind each other)."""
        with self._lock, self._conn.translated():
            self._conn.begin_write(session_id)
            try:
                yield self._conn
                self._conn.commit()
            except BaseException:
                self._conn.rollback()
                raise

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._lock, self._conn.translated():
            yield self._conn

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """Several reads that must agree: another process finishing a session
        in between must not be half-seen."""
        with self._lock, self._conn.translated():
            self._conn.begin_snapshot()
            try:
                yield self._conn
            finally:
                self._conn.rollback()  # nothing was written: ending it is all

    def _now(self) -> str:
        return _stamp(self._clock())

    # -- profiles ---------------------------------------------------------------

    def create_profile(self, name: str) -> Profile:
        clean = _text(" ".join(name.split()))
        if not clean:
            raise InvalidValueError("a trainee's name cannot be empty")
        now = self._now()
        trainee_id = str(uuid.uuid4())
        try:
            with self._write() as conn:
                row_id = conn.insert("INSERT INTO profiles (name, created_at, uuid) VALUES (?, ?, ?)",
                                     (clean, now, trainee_id))
        except DuplicateError:
            raise InvalidValueError(f"there is already a trainee called {clean!r}") from None
        return Profile(row_id, clean, _when(now), trainee_id)

    def get_profile(self, name: str) -> Profile | None:
        with self._read() as conn:
            row = conn.execute("SELECT id, name, created_at, uuid FROM profiles WHERE name = ?",
                               (_text(" ".join(name.split())),)).fetchone()
        return None if row is None else self._profile(row)

    def ensure_profile(self, name: str) -> Profile:
        found = self.get_profile(name)
        if found is not None:
            return found
        try:
            return self.create_profile(name)
        except InvalidValueError:
            found = self.get_profile(name)  # created by another process in between
            if found is None:
                raise
            return found

    def profiles(self) -> list[Profile]:
        with self._read() as conn:
            rows = conn.execute("SELECT id, name, created_at, uuid FROM profiles ORDER BY lower(name), name"
                                ).fetchall()
        return [self._profile(r) for r in rows]

    def _profile(self, row: Sequence[Any]) -> Profile:
        try:
            return Profile(row[0], str(row[1]), _when(row[2]), str(row[3] or ""))
        except _DAMAGE as err:
            raise DamagedRowError(f"{self.path}: trainee {row[0]} is damaged ({err}); the file has been left as "
                                  "it is") from err

    # -- sessions ---------------------------------------------------------------

    def start_session(
        self,
        profile: Profile,
        played: PlayedScenario,
        mode: SessionMode | str = SessionMode.STANDARD,
        *,
        source: ScenarioSource | None = None,
        twin: str = "",
        parent: int | None = None,
        parted_at: int | None = None,
    ) -> int:
        """Record a new session and the scenario as played; return its id.

        ``source`` is what to keep of the scenario, so the version played can
        always be rebuilt (``simulator.application.stored.source_to_keep`` makes
        it). Without it, the file at ``played.path`` is kept if its bytes still
        hash to ``played.digest``, and nothing otherwise. ``twin``: the twin a
        twin case drew. ``parent`` and ``parted_at``: a re-branch, the session
        of the same scenario it branches from and the index of its first event
        that differs from that session's log.
        """
        try:
            session_mode = SessionMode(mode)
        except ValueError:
            choices = ", ".join(m.value for m in SessionMode)
            raise InvalidValueError(f"unknown session mode {mode!r}; expected one of: {choices}") from None
        if source is None:
            source = _file_source(played)
        now = self._now()
        scenario = played.scenario
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM profiles WHERE id = ?", (profile.id,)).fetchone() is None:
                raise NotFoundError(f"no trainee {profile.name!r} in {self.path}")
            if parent is not None or parted_at is not None:
                self._check_parent(conn, scenario.id, parent, parted_at)
            if source is not None:
                conn.execute(
                    "INSERT INTO scenario_sources (digest, kind, data, stored_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (digest) DO NOTHING",
                    (played.digest, source.kind.value, source.data, now))
            session_id = conn.insert(
                """INSERT INTO sessions (uuid, profile_id, scenario_id, scenario_title, scenario_digest,
                       scenario_path, mode, status, started_at, updated_at, twin, parent_id, parted_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (str(uuid.uuid4()), profile.id, scenario.id, _text(scenario.title), played.digest, _text(played.path),
                 session_mode.value, SessionStatus.ACTIVE.value, now, now, _text(twin), parent, parted_at),
            )
        return session_id

    def _check_parent(self, conn: Connection, scenario_id: str, parent: int | None,
                      parted_at: int | None) -> None:
        """A re-branch names a session of the same scenario and a place inside its log."""
        if parent is None or parted_at is None:
            raise InvalidValueError("a re-branched session needs both the session it branches from and where")
        row = conn.execute("SELECT scenario_id, event_count FROM sessions WHERE id = ?", (parent,)).fetchone()
        if row is None:
            raise NotFoundError(f"no session {parent} in {self.path} to branch from")
        if row[0] != scenario_id:
            raise InvalidValueError(f"session {parent} played {row[0]!r}, not {scenario_id!r}: a re-branch plays "
                                    "the same case")
        if not 0 <= parted_at <= row[1]:
            raise InvalidValueError(f"session {parent} has {row[1]} events; it cannot part at event {parted_at}")

    def append_event(self, session_id: int, event: Event, *, expected: int | None = None,
                     holder: str | None = None) -> int:
        """Append one event in its own transaction; return its sequence number
        (0 for the first). When this returns, the event survives a crash.

        ``expected``: the sequence number the caller's own log gives the event. The event is refused
        (SessionConflictError) if the session holds another number of events: someone else (another window)
        has written to it, and this event, applied to the caller's log, may not apply to the log as
        recorded. ``holder``: refused too if another holder (``claim_session``) has the session.
        """
        if not isinstance(event, _EVENT_TYPES):
            raise TypeError(f"not a transcript event: {event!r}")
        text = _json(event_to_json(event))
        now = self._now()
        with self._write(session_id) as conn:
            updated = conn.execute(
                "UPDATE sessions SET event_count = event_count + 1, updated_at = ?, "
                "held_at = CASE WHEN holder IS NOT NULL AND holder = ? THEN ? ELSE held_at END "
                "WHERE id = ? AND status = ? AND (CAST(? AS BIGINT) IS NULL OR event_count = ?) "
                "AND (CAST(? AS TEXT) IS NULL OR holder IS NULL OR holder = ?)",
                (now, holder, now, session_id, SessionStatus.ACTIVE.value, expected, expected, holder, holder),
            ).rowcount
            if not updated:
                self._refuse_append(conn, session_id, expected, holder)
            seq = conn.execute("SELECT event_count - 1 FROM sessions WHERE id = ?", (session_id,)).fetchone()[0]
            conn.execute("INSERT INTO events (session_id, seq, event, at) VALUES (?, ?, ?, ?)",
                         (session_id, seq, text, now))
        result: int = seq
        return result

    def _refuse_append(self, conn: Connection, session_id: int, expected: int | None,
                       holder: str | None) -> None:
        row = conn.execute("SELECT status, event_count, holder FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None or row[0] != SessionStatus.ACTIVE.value:
            self._refuse_closed(conn, session_id)
        if holder is not None and row[2] is not None and row[2] != holder:
            raise SessionHeldError(f"session {session_id} is open in another window; this window's steps are "
                                   "not saved to it")
        raise SessionConflictError(f"session {session_id} has {row[1]} steps saved, not the {expected} this window "
                                   "has: it was changed in another window, so this step is not saved to it")

    def _refuse_closed(self, conn: Connection, session_id: int) -> None:
        row = conn.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no session {session_id} in {self.path}")
        raise SessionClosedError(f"session {session_id} is {row[0]}; it takes no more events")

    def event_log(self, session_id: int) -> list[LoggedEvent]:
        with self._snapshot() as conn:
            self._require_session(conn, session_id)
            rows = conn.execute("SELECT seq, event, at FROM events WHERE session_id = ? ORDER BY seq",
                                (session_id,)).fetchall()
        try:
            return [LoggedEvent(seq, event_from_json(json.loads(text)), _when(at)) for seq, text, at in rows]
        except (*_DAMAGE, RecursionError) as err:
            raise DamagedRowError(f"{self.path}: session {session_id} holds an event this version cannot read "
                                  f"(damaged, or written by another program): {err}") from err

    def events(self, session_id: int) -> list[Event]:
        return [logged.event for logged in self.event_log(session_id)]

    def _require_session(self, conn: Connection, session_id: int) -> None:
        if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
            raise NotFoundError(f"no session {session_id} in {self.path}")

    def session(self, session_id: int) -> SessionRecord:
        with self._read() as conn:
            row = conn.execute(f"SELECT {_SESSION_COLUMNS} {_SESSION_FROM} WHERE s.id = ?", (session_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no session {session_id} in {self.path}")
        return self._record(row)

    def _record(self, row: Sequence[Any]) -> SessionRecord:
        try:
            return _session_record(row)
        except _DAMAGE as err:
            raise DamagedRowError(f"{self.path}: session {row[0]} is damaged ({err}); it is skipped, and the file "
                                  "has been left as it is") from err

    def _records(self, rows: Iterable[Sequence[Any]]) -> list[SessionRecord]:
        """The rows as records; a damaged one is skipped and named in ``damaged``."""
        found = []
        for row in rows:
            try:
                found.append(self._record(row))
            except DamagedRowError as err:
                self.damaged[row[0]] = err.message
        return found

    def find_session(self, reference: str) -> SessionRecord:
        """A session by its number or its uuid, as a user would type either."""
        text = reference.strip()
        if text.isdecimal():
            number = int(text)
            if number > _MAX_ROWID:  # SQLite's integers stop there: no such session, rather than an OverflowError
                raise NotFoundError(f"no session {reference!r} in {self.path}")
            return self.session(number)
        with self._read() as conn:
            row = conn.execute(f"SELECT {_SESSION_COLUMNS} {_SESSION_FROM} WHERE s.uuid = ?",
                               (text.lower(),)).fetchone()
        if row is None:
            raise NotFoundError(f"no session {reference!r} in {self.path}")
        return self._record(row)

    def sessions(self, profile: Profile | None = None) -> list[SessionRecord]:
        """Sessions, oldest first: one trainee's, or everyone's."""
        where, args = ("WHERE s.profile_id = ?", (profile.id,)) if profile is not None else ("", ())
        with self._read() as conn:
            rows = conn.execute(f"SELECT {_SESSION_COLUMNS} {_SESSION_FROM} {where} ORDER BY s.started_at, s.id",
                                args).fetchall()
        return self._records(rows)

    def recent_sessions(self, profile: Profile, limit: int, before: SessionRecord | None = None) -> list[
            SessionRecord]:
        """One trainee's ``limit`` most recently started sessions (started before ``before``, if given: the
        next page), newest first. A range of an index, however long the history."""
        after = "" if before is None else "AND (s.started_at, s.id) < (?, ?) "
        args = () if before is None else (_stamp(before.started_at), before.id)
        with self._read() as conn:
            rows = conn.execute(f"SELECT {_SESSION_COLUMNS} {_SESSION_FROM} WHERE s.profile_id = ? {after}"
                                "ORDER BY s.started_at DESC, s.id DESC LIMIT ?", (profile.id, *args, limit)).fetchall()
        return self._records(rows)

    def case_tallies(self, profile: Profile) -> dict[str, CaseTally]:
        """What the trainee has done of each case they have played: sessions finished and unfinished, and the
        last finished one's grade. Two aggregates, a few rows per case, however long the history."""
        found: dict[str, CaseTally] = {}
        with self._snapshot() as conn:
            counts = conn.execute(
                "SELECT scenario_id, SUM(CASE WHEN status = ? THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN status = ? THEN 1 ELSE 0 END) FROM sessions WHERE profile_id = ? "
                "GROUP BY scenario_id",
                (SessionStatus.FINISHED.value, SessionStatus.ACTIVE.value, profile.id)).fetchall()
            last = dict(conn.execute(
                "SELECT scenario_id, overall FROM (SELECT scenario_id, overall, ROW_NUMBER() OVER ("
                "PARTITION BY scenario_id ORDER BY finished_at DESC, id DESC) AS n FROM sessions "
                "WHERE profile_id = ? AND status = ?) AS latest WHERE n = 1",
                (profile.id, SessionStatus.FINISHED.value)).fetchall())
        for scenario_id, finished, unfinished in counts:
            if not (finished or unfinished):
                continue  # abandoned only: nothing to mark
            grade = last.get(scenario_id)
            try:
                overall = Grade(grade) if grade else None
            except ValueError:  # a grade from a later version: the mark says done, without it
                overall = None
            found[scenario_id] = CaseTally(scenario_id, finished or 0, unfinished or 0, overall)
        return found

    def session_counts(self, profile: Profile) -> dict[SessionStatus, int]:
        """How many of the trainee's sessions are in each status (every status, zero included)."""
        counts = dict.fromkeys(SessionStatus, 0)
        with self._read() as conn:
            for status, n in conn.execute("SELECT status, COUNT(*) FROM sessions WHERE profile_id = ? GROUP BY status",
                                          (profile.id,)):
                with contextlib.suppress(ValueError):  # a status from a later version is not counted
                    counts[SessionStatus(status)] += n
        return counts

    def self_assessed_sessions(self, profile: Profile) -> list[SessionRecord]:
        """The trainee's finished self-assessment sessions that hold self-grades, oldest first."""
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {_SESSION_COLUMNS} {_SESSION_FROM} WHERE s.profile_id = ? AND s.status = ? AND s.mode = ? "
                "AND s.self_assessment != '{}' ORDER BY s.finished_at, s.id",
                (profile.id, SessionStatus.FINISHED.value, SessionMode.SELF_ASSESSMENT.value)).fetchall()
        return self._records(rows)

    def iter_sessions(self, profile: Profile | None = None, batch: int = 500) -> Iterator[SessionRecord]:
        """Sessions, oldest first, as ``sessions`` gives them, read ``batch`` at a time: a caller that writes
        each one out (``history --json``) holds a batch in memory, never the whole history. Each batch is read
        in one statement of its own, so other threads' use of the store can go on in between."""
        where, args = ("s.profile_id = ? AND ", (profile.id,)) if profile is not None else ("", ())
        after: tuple[str, int] = ("", 0)
        while True:
            with self._read() as conn:
                rows = conn.execute(f"SELECT {_SESSION_COLUMNS} {_SESSION_FROM} WHERE {where}"
                                    "(s.started_at, s.id) > (?, ?) ORDER BY s.started_at, s.id LIMIT ?",
                                    (*args, *after, batch)).fetchall()
            yield from self._records(rows)
            if len(rows) < batch:
                return
            last = rows[-1]
            after = (last[10], last[0])  # started_at, id: where the next batch starts

    def unfinished_sessions(self, profile: Profile, limit: int | None = None) -> list[SessionRecord]:
        """Sessions that can be resumed, the most recently touched first (at most ``limit``, if given)."""
        # No LIMIT at all rather than SQLite's LIMIT -1, which PostgreSQL refuses.
        most, args = ("", ()) if limit is None or limit < 0 else (" LIMIT ?", (limit,))
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {_SESSION_COLUMNS} {_SESSION_FROM} WHERE s.profile_id = ? AND s.status = ? "
                f"ORDER BY s.updated_at DESC, s.id DESC{most}",
                (profile.id, SessionStatus.ACTIVE.value, *args),
            ).fetchall()
        return self._records(rows)

    def finish_session(self, session_id: int, debrief: Debrief) -> None:
        """Close the session and cache its grades for history and progress.

        The events stay the truth: the cache can always be recomputed from them.
        """
        now = self._now()
        with self._write(session_id) as conn:
            row = conn.execute("SELECT status, scenario_id, profile_id FROM sessions WHERE id = ?",
                               (session_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"no session {session_id} in {self.path}")
            status, scenario_id, profile_id = row
            if status != SessionStatus.ACTIVE.value:
                raise SessionClosedError(f"session {session_id} is already {status}")
            if debrief.scenario != scenario_id:
                raise InvalidValueError(f"the debrief is for scenario {debrief.scenario!r}, but session {session_id} "
                                        f"played {scenario_id!r}")
            conn.execute(
                """UPDATE sessions SET status = ?, finished_at = ?, updated_at = ?, overall = ?, scores = ?,
                       debrief = ?, holder = NULL, held_at = NULL
                   WHERE id = ?""",
                (SessionStatus.FINISHED.value, now, now, debrief.overall.value,
                 _json({cid: r.score for cid, r in debrief.criteria.items()}), _json(debrief_to_json(debrief)),
                 session_id),
            )
            conn.executemany(
                """INSERT INTO criterion_scores (profile_id, criterion, finished_at, session_id, score, grade)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                [(profile_id, cid, now, session_id, r.score, r.grade.rank)
                 for cid, r in debrief.criteria.items()],
            )

    # -- who holds a session: one window at a time ----------------------------

    def claim_session(self, session_id: int, holder: str, is_gone: Callable[[str, datetime], bool]) -> str | None:
        """Hold the session for ``holder`` (a token naming one window); None when it is held now. Otherwise
        the token of the window that holds it, which keeps it. A holder that ``is_gone(token, last_seen)``
        (its process ended, or it has not been heard of for long) loses it to the new one."""
        now = self._now()
        with self._write(session_id) as conn:
            row = conn.execute("SELECT holder, held_at, status FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"no session {session_id} in {self.path}")
            current, held_at, _status = row
            if isinstance(current, str) and current != holder:
                try:
                    seen = _when(held_at)
                except _DAMAGE:
                    seen = None
                if seen is not None and not is_gone(current, seen):
                    return current
            conn.execute("UPDATE sessions SET holder = ?, held_at = ? WHERE id = ?", (holder, now, session_id))
        return None

    def still_holding(self, session_id: int, holder: str) -> bool:
        """Say that ``holder`` still holds the session (its heartbeat); False if it no longer does."""
        now = self._now()
        with self._write(session_id) as conn:
            return bool(conn.execute("UPDATE sessions SET held_at = ? WHERE id = ? AND holder = ?",
                                     (now, session_id, holder)).rowcount)

    def release_session(self, session_id: int, holder: str) -> None:
        """``holder`` lets the session go (the case was left, finished, or the app closed)."""
        with self._write(session_id) as conn:
            conn.execute("UPDATE sessions SET holder = NULL, held_at = NULL WHERE id = ? AND holder = ?",
                         (session_id, holder))

    # -- drafts: what is being typed ------------------------------------------

    def save_draft(self, session_id: int, kind: str, data: Mapping[str, object]) -> None:
        """Keep what is being typed (``kind``: "decision:<stage>", "reflection"), replacing the last."""
        text = _json(dict(data))
        now = self._now()
        with self._write(session_id) as conn:
            self._require_session(conn, session_id)
            conn.execute("INSERT INTO drafts (session_id, kind, data, saved_at) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT (session_id, kind) DO UPDATE SET data = excluded.data, "
                         "saved_at = excluded.saved_at", (session_id, kind, text, now))

    def drafts(self, session_id: int) -> dict[str, Draft]:
        """The session's drafts by kind; one that cannot be read is left out."""
        with self._read() as conn:
            rows = conn.execute("SELECT kind, data, saved_at FROM drafts WHERE session_id = ?",
                                (session_id,)).fetchall()
        found = {}
        for kind, text, at in rows:
            try:
                data = json.loads(_str(text))
                if isinstance(data, dict) and isinstance(kind, str):
                    found[kind] = Draft(kind, MappingProxyType(data), _when(at))
            except (*_DAMAGE, RecursionError):
                continue
        return found

    def drop_draft(self, session_id: int, kind: str) -> None:
        with self._write(session_id) as conn:
            conn.execute("DELETE FROM drafts WHERE session_id = ? AND kind = ?", (session_id, kind))

    def drafted_sessions(self, profile: Profile, kind: str) -> list[int]:
        """The trainee's sessions holding a draft of ``kind``, most recently saved first."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT d.session_id FROM drafts d JOIN sessions s ON s.id = d.session_id "
                "WHERE s.profile_id = ? AND d.kind = ? ORDER BY d.saved_at DESC", (profile.id, kind)).fetchall()
        return [r[0] for r in rows]

    def abandon_session(self, session_id: int) -> None:
        """Take a session off the resume list without grading it."""
        now = self._now()
        with self._write(session_id) as conn:
            updated = conn.execute("UPDATE sessions SET status = ?, updated_at = ?, holder = NULL, held_at = NULL "
                                   "WHERE id = ? AND status = ?",
                                   (SessionStatus.ABANDONED.value, now, session_id,
                                    SessionStatus.ACTIVE.value)).rowcount
            if not updated:
                self._refuse_closed(conn, session_id)

    def save_reflection(self, session_id: int, text: str, *, noticed: str = "", decided: str = "",
                        practice_change: str = "", peer_reflection: str = "") -> None:
        """The trainee's reflection: what they learned (``text``, as the exports
        print it) and, where it was written in two parts, what they noticed and
        what they decided; how it changes their practice, and what came of
        discussing it with a peer. Replaces any earlier reflection; allowed at
        any time, usually after the debrief."""
        self._update(session_id,
                     "reflection = ?, noticed = ?, decided = ?, practice_change = ?, peer_reflection = ?",
                     tuple(map(_text, (text, noticed, decided, practice_change, peer_reflection))))

    def save_self_assessment(self, session_id: int, ratings: Mapping[str, Grade | str]) -> None:
        """The trainee's own grade per criterion (self-assessment mode), to be
        set against the debrief's."""
        clean: dict[str, str] = {}
        for cid, grade in ratings.items():
            if cid not in CRITERION_IDS:
                raise InvalidValueError(f"unknown criterion {cid!r}; expected one of: {', '.join(CRITERION_IDS)}")
            try:
                clean[cid] = Grade(grade).value
            except ValueError:
                grades = ", ".join(g.value for g in Grade)
                raise InvalidValueError(f"unknown grade {grade!r} for {cid}; expected one of: {grades}") from None
        self._update(session_id, "self_assessment = ?", (_json(clean),))

    def save_seen_evidence(self, session_id: int, evidence_ids: Iterable[str]) -> None:
        """The evidence the trainee has looked at in this session (the whole set,
        replacing the last): what the case screen no longer marks as new."""
        ids = sorted(set(evidence_ids))
        self._update(session_id, "seen_evidence = ?", (_json(ids),))

    def _update(self, session_id: int, assignments: str, values: Sequence[Any]) -> None:
        now = self._now()
        with self._write(session_id) as conn:
            updated = conn.execute(f"UPDATE sessions SET {assignments}, updated_at = ? WHERE id = ?",
                                   (*values, now, session_id)).rowcount
            if not updated:
                raise NotFoundError(f"no session {session_id} in {self.path}")

    def scenario_source(self, session_id: int) -> ScenarioSource | None:
        """The scenario as it was when the session started, if it was stored."""
        with self._snapshot() as conn:
            self._require_session(conn, session_id)
            row = conn.execute(
                """SELECT src.digest, src.kind, src.data FROM sessions s
                   JOIN scenario_sources src ON src.digest = s.scenario_digest WHERE s.id = ?""",
                (session_id,),
            ).fetchone()
        if row is None:
            return None
        try:
            return ScenarioSource(_str(row[0]), SourceKind(row[1]), bytes(row[2]))
        except _DAMAGE:
            return None  # a damaged copy is as good as none: the library's version is tried instead

    def cached_debrief(self, session_id: int) -> dict[str, Any] | None:
        """The debrief JSON saved when the session finished (None before then)."""
        with self._read() as conn:
            row = conn.execute("SELECT debrief FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no session {session_id} in {self.path}")
        try:
            data = json.loads(row[0]) if row[0] else None
        except (*_DAMAGE, RecursionError) as err:
            raise DamagedRowError(f"{self.path}: session {session_id}'s saved debrief is damaged ({err})") from err
        if data is not None and not isinstance(data, dict):
            raise DamagedRowError(f"{self.path}: session {session_id}'s saved debrief is damaged")
        return data

    # -- the trainer's live view: a cohort's results, summed up in SQL -------------------

    def set_group(self, profile: Profile, group: str) -> None:
        """Put the trainee in ``group`` (a cohort, a course; '' for none), which the live view filters by."""
        with self._write() as conn:
            conn.execute("UPDATE profiles SET trainee_group = ? WHERE id = ?", (_text(group.strip()), profile.id))

    def groups(self) -> list[str]:
        """The groups trainees are in, by name."""
        with self._read() as conn:
            rows = conn.execute("SELECT DISTINCT trainee_group FROM profiles WHERE trainee_group != '' "
                                "ORDER BY trainee_group").fetchall()
        return [str(r[0]) for r in rows]

    def cohort(self, wanted: CohortFilter | None = None) -> CohortFigures:
        """The cohort's results per criterion, per scenario and per trainee, over the sessions ``wanted``
        keeps: counts, means and grades summed up by the database, a few rows whatever the cohort's size."""
        where, args = _cohort_where(wanted or CohortFilter())
        finished = SessionStatus.FINISHED.value
        active = SessionStatus.ACTIVE.value
        session_means = "(SELECT session_id, AVG(score) AS mean FROM criterion_scores GROUP BY session_id)"
        per = (f"COUNT(CASE WHEN s.status = '{finished}' THEN 1 END), AVG(m.mean), "
               f"{_grade_counts('s.overall', by_name=True)}, COUNT(CASE WHEN s.status = '{active}' THEN 1 END)")
        sessions_from = (f"FROM sessions s JOIN profiles p ON p.id = s.profile_id LEFT JOIN {session_means} m "
                         f"ON m.session_id = s.id AND s.status = '{finished}' WHERE s.status IN (?, ?){where}")
        status_args = (finished, active, *args)
        with self._snapshot() as conn:
            criteria = conn.execute(
                f"SELECT cs.criterion, cs.criterion, COUNT(*), AVG(cs.score), {_grade_counts('cs.grade', False)} "
                "FROM criterion_scores cs JOIN sessions s ON s.id = cs.session_id "
                "JOIN profiles p ON p.id = s.profile_id "
                f"WHERE s.status = ?{where} GROUP BY cs.criterion", (finished, *args)).fetchall()
            scenarios = conn.execute(
                f"SELECT s.scenario_id, MAX(s.scenario_title), {per} {sessions_from} "
                "GROUP BY s.scenario_id ORDER BY s.scenario_id", status_args).fetchall()
            trainees = conn.execute(
                f"SELECT p.name, p.name, {per} {sessions_from} GROUP BY p.id, p.name ORDER BY lower(p.name), p.name",
                status_args).fetchall()
        order = {cid: i for i, cid in enumerate(CRITERION_IDS)}
        criteria.sort(key=lambda r: (order.get(r[0], len(order)), str(r[0])))
        by_trainee = _cohort_rows(trainees, with_active=True)
        return CohortFigures(
            trainees=len(by_trainee), finished=sum(r.finished for r in by_trainee),
            active=sum(r.active for r in by_trainee), criteria=_cohort_rows(criteria, with_active=False),
            scenarios=_cohort_rows(scenarios, with_active=True), by_trainee=by_trainee)

    def trends(self, profile: Profile, most: int) -> dict[str, CriterionTrend]:
        """Each assessed criterion's progress summed up, with its scores in at most ``most`` runs: what a chart
        shows, computed in SQL (a count, a mean and two ends per run), so a trainee's thousands of sessions
        come back as a few rows each."""
        found: dict[str, CriterionTrend] = {}
        with self._snapshot() as conn:
            totals = conn.execute("SELECT criterion, COUNT(*), AVG(score) FROM criterion_scores WHERE profile_id = ? "
                                  "GROUP BY criterion", (profile.id,)).fetchall()
            for cid, count, mean in totals:
                try:
                    found[cid] = self._trend(conn, profile, cid, count, mean, most)
                except (*_DAMAGE, IndexError) as err:
                    # A damaged score or time breaks the walk through the runs: the figures cannot be trusted.
                    raise DamagedRowError(f"{self.path}: the progress figures for {cid!r} cannot be read, as a saved "
                                          f"score is damaged ({err}); the file has been left as it is") from err
        listed = [c for c in CRITERION_IDS if c in found] + sorted(c for c in found if c not in CRITERION_IDS)
        return {cid: found[cid] for cid in listed}

    @staticmethod
    def _trend(conn: Connection, profile: Profile, cid: str, count: int, mean: float, most: int) -> CriterionTrend:
        key = (profile.id, cid)
        first = row = conn.execute(_ROW_SQL, (*key, "", 0, 0)).fetchone()
        runs = []
        for start, stop in itertools.pairwise(run_edges(count, most)):
            if start:
                row = conn.execute(_NEXT_SQL, (*key, *row[2:])).fetchone()
            begin = row
            n, run_mean = conn.execute(_RUN_SQL, (*key, *begin[2:], stop - start)).fetchone()
            row = conn.execute(_ROW_SQL, (*key, *begin[2:], stop - start - 1)).fetchone()
            runs.append(ScoreRun(begin[3], row[3], n, _when(begin[2]), _when(row[2]), _number(run_mean)))
        return CriterionTrend(cid, count, _number(first[0]), _number(row[0]), _number(mean), _GRADES_BY_RANK[row[1]],
                              tuple(runs))

    def assessed_grades(self, profile: Profile) -> dict[int, dict[str, Grade]]:
        """The debrief's grade per criterion for each of the trainee's finished self-assessment sessions that
        hold self-grades: what their own grades are set against."""
        found: dict[int, dict[str, Grade]] = {}
        with self._read() as conn:
            for sid, cid, grade in conn.execute(
                    """SELECT cs.session_id, cs.criterion, cs.grade FROM sessions s
                       JOIN criterion_scores cs ON cs.session_id = s.id
                       WHERE s.profile_id = ? AND s.status = ? AND s.mode = ? AND s.self_assessment != '{}'""",
                    (profile.id, SessionStatus.FINISHED.value, SessionMode.SELF_ASSESSMENT.value)):
                found.setdefault(sid, {})[cid] = _GRADES_BY_RANK[grade]
        return found

    def progress(self, profile: Profile, criteria: Sequence[str] | None = None) -> Progress:
        """Per criterion, the trainee's finished sessions' scores, oldest first.

        Every criterion asked for has an entry, empty if never assessed.
        """
        wanted = tuple(CRITERION_IDS if criteria is None else criteria)
        found: dict[str, CriterionProgress] = {}
        with self._snapshot() as conn:
            when: dict[int, datetime] = {}
            scenario: dict[int, str] = {}
            for sid, at, scenario_id in conn.execute(
                    "SELECT id, finished_at, scenario_id FROM sessions WHERE profile_id = ? AND status = ?",
                    (profile.id, SessionStatus.FINISHED.value)):
                try:
                    when[sid] = _when(at)
                except _DAMAGE as err:
                    self.damaged[sid] = f"{self.path}: session {sid} is damaged ({err}); it is skipped"
                    continue
                scenario[sid] = str(scenario_id)
            for cid in wanted:
                rows = conn.execute(
                    """SELECT session_id, score, grade FROM criterion_scores
                       WHERE profile_id = ? AND criterion = ? ORDER BY finished_at, session_id""",
                    (profile.id, cid),
                ).fetchall()
                rows = [r for r in rows if r[0] in when and _valid_point(r[1], r[2])]
                if not rows:
                    found[cid] = CriterionProgress(cid)
                    continue
                ids, scores, ranks = zip(*rows, strict=True)
                found[cid] = CriterionProgress(cid, _pick(when, ids), ids, _pick(scenario, ids), scores,
                                               _pick(_GRADES_BY_RANK, ranks))
        return MappingProxyType(found)


def _grade_counts(column: str, by_name: bool) -> str:
    """SQL summing, per grade worst first, the rows whose ``column`` holds it (its rank, or its name)."""
    return ", ".join(f"SUM(CASE WHEN {column} = {repr(g.value) if by_name else i} THEN 1 ELSE 0 END)"
                     for i, g in enumerate(_GRADES_BY_RANK))


def _cohort_where(wanted: CohortFilter) -> tuple[str, tuple[Any, ...]]:
    """The live view's filter as SQL on sessions ``s`` and profiles ``p``."""
    clauses, args = [], []
    if wanted.group is not None:
        clauses.append("p.trainee_group = ?")
        args.append(_text(wanted.group))
    if wanted.since is not None:
        clauses.append("COALESCE(s.finished_at, s.updated_at) >= ?")
        args.append(_stamp(wanted.since))
    if wanted.until is not None:
        clauses.append("COALESCE(s.finished_at, s.updated_at) < ?")
        args.append(_stamp(wanted.until))
    return "".join(f" AND {c}" for c in clauses), tuple(args)


def _cohort_rows(rows: Iterable[Sequence[Any]], with_active: bool) -> tuple[CohortRow, ...]:
    found = []
    for key, label, finished, mean, *rest in rows:
        grades = tuple(int(n or 0) for n in rest[:4])
        found.append(CohortRow(str(key), str(label), int(finished or 0), None if mean is None else float(mean),
                               (grades[0], grades[1], grades[2], grades[3]),
                               int(rest[4] or 0) if with_active else 0))
    return tuple(found)


def _open_postgresql(url: str, *, create: bool, timeout: float) -> Connection:
    """psycopg is imported here, when a PostgreSQL store is opened, and only then."""
    try:
        from .postgres_backend import open_url
    except ImportError as err:
        raise StoreAccessError(f"{shown(url)}: a PostgreSQL history needs psycopg 3, which is not installed "
                               "(pip install 'case-review-simulator[postgresql]')") from err
    return open_url(url, create=create, timeout=timeout)

# A run of a criterion's scores is walked along the table's key (profile, criterion, time, session) from its
# first row: counted and averaged over LIMIT rows, its last row found at OFFSET LIMIT - 1, and the next run's
# first row just after that. Each key is read about twice in SQLite's C: cheaper than handing thousands of
# rows to Python, and than counting every run's OFFSET from the start.
_FROM_KEY = "FROM criterion_scores WHERE profile_id = ? AND criterion = ? AND (finished_at, session_id) {} (?, ?) " \
            "ORDER BY finished_at, session_id"
_RUN_SQL = f"SELECT COUNT(*), AVG(score) FROM (SELECT score {_FROM_KEY.format('>=')} LIMIT ?) AS run"
_ROW_SQL = f"SELECT score, grade, finished_at, session_id {_FROM_KEY.format('>=')} LIMIT 1 OFFSET ?"
_NEXT_SQL = f"SELECT score, grade, finished_at, session_id {_FROM_KEY.format('>')} LIMIT 1"


def run_edges(count: int, most: int) -> list[int]:
    """Where each run of ``count`` scores starts (and the last ends): one run per score when there are no
    more than ``most``, else ``most`` runs as even as can be (reports/progress.py's _groups cuts the same)."""
    if count <= most:
        return list(range(count + 1))
    return [-(-i * count // most) for i in range(most + 1)]


def _file_source(played: PlayedScenario) -> ScenarioSource | None:
    try:
        data = Path(played.path).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != played.digest:
        return None
    return ScenarioSource(played.digest, SourceKind.FILE, data)


def _valid_point(score: object, rank: object) -> bool:
    return isinstance(score, float | int) and 0 <= score <= 1 and isinstance(rank, int) \
        and 0 <= rank < len(_GRADES_BY_RANK)


def _pick(source: Any, keys: tuple[Any, ...]) -> tuple[Any, ...]:
    # itemgetter looks the keys up in C: progress over thousands of sessions
    # is dominated by these look-ups otherwise.
    picked = operator.itemgetter(*keys)(source)
    return picked if len(keys) > 1 else (picked,)


def _session_record(row: Sequence[Any]) -> SessionRecord:
    (sid, suuid, profile_id, profile, scenario_id, title, digest, path, mode, status, started, updated, finished,
     count, overall, scores, reflection, noticed, decided, practice, peer, assessment, seen, has_source,
     trainee_uuid, holder, held_at, twin, parent, parted_at) = row
    score_map = _json_object(scores)
    if not all(isinstance(v, float | int) and not isinstance(v, bool) for v in score_map.values()):
        raise ValueError("a cached score is not a number")
    seen_ids = json.loads(_str(seen))
    if not isinstance(seen_ids, list) or not all(isinstance(e, str) for e in seen_ids):
        raise ValueError("the evidence looked at is not a list of ids")
    if not isinstance(count, int):
        raise ValueError("the number of steps is not a number")
    if not isinstance(sid, int) or not isinstance(profile_id, int):
        raise ValueError("its number is damaged")
    return SessionRecord(
        id=sid, uuid=_str(suuid), profile_id=profile_id, profile=_str(profile), trainee_uuid=str(trainee_uuid or ""),
        scenario_id=_str(scenario_id), scenario_title=_str(title), scenario_digest=_str(digest),
        scenario_path=_str(path), mode=_mode(mode), status=SessionStatus(status),
        started_at=_when(started), updated_at=_when(updated), finished_at=_when(finished) if finished else None,
        event_count=count, overall=Grade(overall) if overall else None, scores=MappingProxyType(score_map),
        reflection=_str(reflection), noticed=_str(noticed), decided=_str(decided), practice_change=_str(practice),
        peer_reflection=_str(peer),
        self_assessment=MappingProxyType({cid: Grade(g) for cid, g in _json_object(assessment).items()}),
        seen_evidence=frozenset(seen_ids),
        has_source=bool(has_source),
        holder=holder if isinstance(holder, str) else None,
        held_at=_when(held_at) if isinstance(held_at, str) else None,
        twin=_str(twin), parent_id=parent if isinstance(parent, int) else None,
        parted_at=parted_at if isinstance(parted_at, int) else None,
    )


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"text expected, found {type(value).__name__}")
    return value


def _json_object(text: object) -> dict[str, Any]:
    data = json.loads(_str(text))
    if not isinstance(data, dict):
        raise ValueError("a JSON object expected")
    return data


def _mode(text: str) -> SessionMode:
    try:
        return SessionMode(text)
    except ValueError:
        return SessionMode.STANDARD  # a mode from a later version reads as standard rather than failing
