"""The history store: profiles, sessions and the append-only event log in SQLite.

The imperative shell around the pure engine: it records what happened and
hands it back; it never decides what an event means. One write transaction per
call, so whatever a call acknowledged is on disk when it returns.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import operator
import os
import sqlite3
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

from . import opening
from .errors import InvalidValueError, NotFoundError, SessionClosedError, StoreError
from .records import (
    CriterionProgress,
    LoggedEvent,
    PlayedScenario,
    Profile,
    ScenarioSource,
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
    EXISTS (SELECT 1 FROM scenario_sources src WHERE src.digest = s.scenario_digest),
    s.twin, s.parent_id, s.parted_at"""
_SESSION_FROM = "FROM sessions s JOIN profiles p ON p.id = s.profile_id"


def utc_now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    # One fixed width and zone, so text order is time order in SQL.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _json(data: object) -> str:
    # ASCII escapes: a lone surrogate in trainee text (which UTF-8 cannot hold)
    # round-trips as \\udxxx instead of failing the write.
    return json.dumps(data, ensure_ascii=True, separators=(",", ":"))


def _text(value: str) -> str:
    """Free text for a TEXT column; anything UTF-8 cannot hold becomes '?'."""
    return value.encode("utf-8", "replace").decode("utf-8")


class Store:
    """One open history database. Safe to share between threads of one process;
    several processes may open the same file at once."""

    def __init__(self, path: Path, conn: sqlite3.Connection, clock: Clock) -> None:
        self.path = path
        self._conn = conn
        self._clock = clock
        self._lock = threading.RLock()

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        clock: Clock = utc_now,
        timeout: float = 10.0,
    ) -> Store:
        """Open (and, if ``create``, make) the history at ``path``.

        Raises DatabaseMissingError, DatabaseUnreadableError, ForeignDatabaseError
        or NewerSchemaError, all StoreErrors; in each case the file is untouched.
        ``timeout`` is how long to wait for another process's write to finish.
        """
        where = Path(path).expanduser()
        opening.prepare_file(where, create)
        opening.check_header(where)
        conn = opening.connect(where, timeout)
        try:
            opening.check_identity(conn, where)
            opening.configure(conn, where)
            with opening.translated(where):
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
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. IMMEDIATE takes the write lock up front, so two
        processes queue on the busy timeout instead of deadlocking mid-way."""
        with self._lock, opening.translated(self.path):
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock, opening.translated(self.path):
            yield self._conn

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """Several reads that must agree: another process finishing a session
        in between must not be half-seen."""
        with self._lock, opening.translated(self.path):
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")  # nothing was written: ending it is all

    def _now(self) -> str:
        return _stamp(self._clock())

    # -- profiles ---------------------------------------------------------------

    def create_profile(self, name: str) -> Profile:
        clean = _text(" ".join(name.split()))
        if not clean:
            raise InvalidValueError("a trainee's name cannot be empty")
        now = self._now()
        try:
            with self._write() as conn:
                cur = conn.execute("INSERT INTO profiles (name, created_at) VALUES (?, ?)", (clean, now))
                row_id = cur.lastrowid
        except sqlite3.IntegrityError:
            raise InvalidValueError(f"there is already a trainee called {clean!r}") from None
        assert row_id is not None
        return Profile(row_id, clean, _when(now))

    def get_profile(self, name: str) -> Profile | None:
        with self._read() as conn:
            row = conn.execute("SELECT id, name, created_at FROM profiles WHERE name = ?",
                               (_text(" ".join(name.split())),)).fetchone()
        return None if row is None else Profile(row[0], row[1], _when(row[2]))

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
            rows = conn.execute("SELECT id, name, created_at FROM profiles ORDER BY name COLLATE NOCASE").fetchall()
        return [Profile(r[0], r[1], _when(r[2])) for r in rows]

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
                    "INSERT OR IGNORE INTO scenario_sources (digest, kind, data, stored_at) VALUES (?, ?, ?, ?)",
                    (played.digest, source.kind.value, source.data, now))
            cur = conn.execute(
                """INSERT INTO sessions (uuid, profile_id, scenario_id, scenario_title, scenario_digest,
                       scenario_path, mode, status, started_at, updated_at, twin, parent_id, parted_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (str(uuid.uuid4()), profile.id, scenario.id, _text(scenario.title), played.digest, _text(played.path),
                 session_mode.value, SessionStatus.ACTIVE.value, now, now, _text(twin), parent, parted_at),
            )
            session_id = cur.lastrowid
        assert session_id is not None
        return session_id

    def _check_parent(self, conn: sqlite3.Connection, scenario_id: str, parent: int | None,
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

    def append_event(self, session_id: int, event: Event) -> int:
        """Append one event in its own transaction; return its sequence number
        (0 for the first). When this returns, the event survives a crash."""
        if not isinstance(event, _EVENT_TYPES):
            raise TypeError(f"not a transcript event: {event!r}")
        text = _json(event_to_json(event))
        now = self._now()
        with self._write() as conn:
            updated = conn.execute(
                "UPDATE sessions SET event_count = event_count + 1, updated_at = ? WHERE id = ? AND status = ?",
                (now, session_id, SessionStatus.ACTIVE.value),
            ).rowcount
            if not updated:
                self._refuse_closed(conn, session_id)
            seq = conn.execute("SELECT event_count - 1 FROM sessions WHERE id = ?", (session_id,)).fetchone()[0]
            conn.execute("INSERT INTO events (session_id, seq, event, at) VALUES (?, ?, ?, ?)",
                         (session_id, seq, text, now))
        result: int = seq
        return result

    def _refuse_closed(self, conn: sqlite3.Connection, session_id: int) -> None:
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
        except ValueError as err:
            raise StoreError(f"{self.path}: session {session_id} holds an event this version cannot read: {err}") \
                from err

    def events(self, session_id: int) -> list[Event]:
        return [logged.event for logged in self.event_log(session_id)]

    def _require_session(self, conn: sqlite3.Connection, session_id: int) -> None:
        if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
            raise NotFoundError(f"no session {session_id} in {self.path}")

    def session(self, session_id: int) -> SessionRecord:
        with self._read() as conn:
            row = conn.execute(f"SELECT {_SESSION_COLUMNS} {_SESSION_FROM} WHERE s.id = ?", (session_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no session {session_id} in {self.path}")
        return _session_record(row)

    def find_session(self, reference: str) -> SessionRecord:
        """A session by its number or its uuid, as a user would type either."""
        text = reference.strip()
        if text.isdecimal():
            return self.session(int(text))
        with self._read() as conn:
            row = conn.execute(f"SELECT {_SESSION_COLUMNS} {_SESSION_FROM} WHERE s.uuid = ?",
                               (text.lower(),)).fetchone()
        if row is None:
            raise NotFoundError(f"no session {reference!r} in {self.path}")
        return _session_record(row)

    def sessions(self, profile: Profile | None = None) -> list[SessionRecord]:
        """Sessions, oldest first: one trainee's, or everyone's."""
        where, args = ("WHERE s.profile_id = ?", (profile.id,)) if profile is not None else ("", ())
        with self._read() as conn:
            rows = conn.execute(f"SELECT {_SESSION_COLUMNS} {_SESSION_FROM} {where} ORDER BY s.started_at, s.id",
                                args).fetchall()
        return [_session_record(r) for r in rows]

    def unfinished_sessions(self, profile: Profile) -> list[SessionRecord]:
        """Sessions that can be resumed, the most recently touched first."""
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {_SESSION_COLUMNS} {_SESSION_FROM} WHERE s.profile_id = ? AND s.status = ? "
                "ORDER BY s.updated_at DESC, s.id DESC",
                (profile.id, SessionStatus.ACTIVE.value),
            ).fetchall()
        return [_session_record(r) for r in rows]

    def finish_session(self, session_id: int, debrief: Debrief) -> None:
        """Close the session and cache its grades for history and progress.

        The events stay the truth: the cache can always be recomputed from them.
        """
        now = self._now()
        with self._write() as conn:
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
                """UPDATE sessions SET status = ?, finished_at = ?, updated_at = ?, overall = ?, scores = ?, debrief = ?
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

    def abandon_session(self, session_id: int) -> None:
        """Take a session off the resume list without grading it."""
        now = self._now()
        with self._write() as conn:
            updated = conn.execute("UPDATE sessions SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
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
        with self._write() as conn:
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
        return None if row is None else ScenarioSource(row[0], SourceKind(row[1]), bytes(row[2]))

    def cached_debrief(self, session_id: int) -> dict[str, Any] | None:
        """The debrief JSON saved when the session finished (None before then)."""
        with self._read() as conn:
            row = conn.execute("SELECT debrief FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no session {session_id} in {self.path}")
        data: dict[str, Any] | None = json.loads(row[0]) if row[0] else None
        return data

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
                when[sid] = _when(at)
                scenario[sid] = scenario_id
            for cid in wanted:
                rows = conn.execute(
                    """SELECT session_id, score, grade FROM criterion_scores
                       WHERE profile_id = ? AND criterion = ? ORDER BY finished_at, session_id""",
                    (profile.id, cid),
                ).fetchall()
                if not rows:
                    found[cid] = CriterionProgress(cid)
                    continue
                ids, scores, ranks = zip(*rows, strict=True)
                found[cid] = CriterionProgress(cid, _pick(when, ids), ids, _pick(scenario, ids), scores,
                                               _pick(_GRADES_BY_RANK, ranks))
        return MappingProxyType(found)


def _file_source(played: PlayedScenario) -> ScenarioSource | None:
    try:
        data = Path(played.path).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != played.digest:
        return None
    return ScenarioSource(played.digest, SourceKind.FILE, data)


def _pick(source: Any, keys: tuple[Any, ...]) -> tuple[Any, ...]:
    # itemgetter looks the keys up in C: progress over thousands of sessions
    # is dominated by these look-ups otherwise.
    picked = operator.itemgetter(*keys)(source)
    return picked if len(keys) > 1 else (picked,)


def _session_record(row: Sequence[Any]) -> SessionRecord:
    (sid, suuid, profile_id, profile, scenario_id, title, digest, path, mode, status, started, updated, finished,
     count, overall, scores, reflection, noticed, decided, practice, peer, assessment, seen, has_source, twin, parent,
     parted_at) = row
    return SessionRecord(
        id=sid, uuid=suuid, profile_id=profile_id, profile=profile, scenario_id=scenario_id, scenario_title=title,
        scenario_digest=digest, scenario_path=path, mode=_mode(mode), status=SessionStatus(status),
        started_at=_when(started), updated_at=_when(updated), finished_at=_when(finished) if finished else None,
        event_count=count, overall=Grade(overall) if overall else None, scores=MappingProxyType(json.loads(scores)),
        reflection=reflection, noticed=noticed, decided=decided, practice_change=practice, peer_reflection=peer,
        self_assessment=MappingProxyType({cid: Grade(g) for cid, g in json.loads(assessment).items()}),
        seen_evidence=frozenset(json.loads(seen)),
        has_source=bool(has_source), twin=twin, parent_id=parent, parted_at=parted_at,
    )


def _mode(text: str) -> SessionMode:
    try:
        return SessionMode(text)
    except ValueError:
        return SessionMode.STANDARD  # a mode from a later version reads as standard rather than failing
