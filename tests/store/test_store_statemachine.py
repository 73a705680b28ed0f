"""A stateful property test of the store against a plain model: sessions are
started, played with any event the engine accepts, the process "dies" between
events (its connection abandoned, or closed in the middle of a write), and the
app resumes from what is on disk. No acknowledged event may be lost, none may
appear twice, and replaying the log must give the debrief the live session had.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from simulator.application.library import Library
from simulator.application.resume import Ready, plan_resume
from simulator.domain.engine import SessionState, apply, replay, start
from simulator.domain.events import Decide, Event, Flag, FlagKind, Note, TakeAction, Unflag
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.serialise import debrief_to_json
from simulator.scenarios.loader import Loaded, load_file
from simulator.store.database import Store
from simulator.store.errors import SessionClosedError
from tests.postgres import server_url, with_schema

from .conftest import MINI

_LOADED = load_file(MINI)
assert isinstance(_LOADED, Loaded)
LOADED: Loaded = _LOADED

free_text = st.text(max_size=40)


def candidates(state: SessionState, text: str, cites: list[str]) -> list[Event]:
    """Every event the engine would accept now (the choice of text aside)."""
    if state.finished:
        return [Note(text)]  # an ended case still takes notes, and nothing else
    out: list[Event] = [TakeAction(a.id) for a in state.available_actions()]
    for r in state.revealed:
        out += [Flag(r.evidence, kind) for kind in FlagKind if state.flags.get(r.evidence) is not kind]
        if r.evidence in state.flags:
            out.append(Unflag(r.evidence))
    if state.stage is not None:
        out += [Decide(stage=state.stage, option=o.id, rationale=text, cites=tuple(cites), confidence=2)
                for o in state.options()]
    out.append(Note(text))
    return out


class SessionMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="case-review-sm-"))
        self.path: Path | str = self._location()
        self.store = Store.open(self.path)
        self.dead: list[Store] = []  # "killed" stores: never closed, never used again
        self.profile = self.store.ensure_profile("ada")
        self.library = Library((LOADED,), ())
        self.acknowledged: dict[int, list[Event]] = {}  # the model: what append_event returned for
        self.live: dict[int, SessionState] = {}  # sessions the running app holds in memory
        self.finished: set[int] = set()

    def teardown(self) -> None:
        for store in [*self.dead, self.store]:
            store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _location(self) -> Path | str:
        return self.folder / "history.sqlite3"

    def _restart(self) -> None:
        self.store = Store.open(self.path)
        self.live.clear()  # a new process remembers nothing but the file

    @rule()
    def start_session(self) -> None:
        sid = self.store.start_session(self.profile, LOADED)
        self.acknowledged[sid] = []
        self.live[sid] = start(LOADED.scenario)

    @precondition(lambda self: self.live)
    @rule(data=st.data())
    def act(self, data: st.DataObject) -> None:
        sid = data.draw(st.sampled_from(sorted(self.live)), label="session")
        state = self.live[sid]
        revealed = [r.evidence for r in state.revealed]
        cites = data.draw(st.lists(st.sampled_from(revealed), max_size=3)) if revealed else []
        event = data.draw(st.sampled_from(candidates(state, data.draw(free_text), cites)))
        next_state = apply(state, event)
        seq = self.store.append_event(sid, event)
        assert seq == len(self.acknowledged[sid])
        self.acknowledged[sid].append(event)
        self.live[sid] = next_state

    @rule()
    def kill_between_events(self) -> None:
        self.dead.append(self.store)
        self._restart()

    @precondition(lambda self: self.acknowledged)
    @rule(data=st.data())
    def kill_during_a_write(self, data: st.DataObject) -> None:
        sid = data.draw(st.sampled_from(sorted(self.acknowledged)), label="session")
        # The process dies after writing an event's row but before COMMIT;
        # closing the connection here is what SQLite's recovery (or PostgreSQL
        # losing its client) does to a transaction that never committed.
        conn = self.store._conn
        conn.begin_write()
        conn.execute("UPDATE sessions SET event_count = event_count + 1 WHERE id = ?", (sid,))
        conn.execute("INSERT INTO events (session_id, seq, event, at) VALUES (?, ?, ?, ?)",
                     (sid, len(self.acknowledged[sid]), '{"type":"note","text":"never acknowledged"}', "x"))
        conn.close()
        self._restart()

    @rule()
    def resume(self) -> None:
        unfinished = self.store.unfinished_sessions(self.profile)
        assert {s.id for s in unfinished} == set(self.acknowledged) - self.finished
        for record in unfinished:
            if record.id in self.live:
                continue
            events = self.store.events(record.id)
            plan = plan_resume(record, events, self.library, self.store.scenario_source(record.id))
            assert isinstance(plan, Ready), plan
            self.live[record.id] = plan.state

    @precondition(lambda self: self.live)
    @rule(data=st.data())
    def finish(self, data: st.DataObject) -> None:
        sid = data.draw(st.sampled_from(sorted(self.live)), label="session")
        self.store.finish_session(sid, score(self.live.pop(sid)))
        self.finished.add(sid)

    @precondition(lambda self: self.finished)
    @rule(data=st.data(), text=free_text)
    def closed_sessions_take_no_events(self, data: st.DataObject, text: str) -> None:
        sid = data.draw(st.sampled_from(sorted(self.finished)), label="session")
        with pytest.raises(SessionClosedError):
            self.store.append_event(sid, Note(text))

    @invariant()
    def every_acknowledged_event_is_stored_once_in_order(self) -> None:
        for sid, events in self.acknowledged.items():
            assert self.store.events(sid) == events
            assert self.store.session(sid).event_count == len(events)

    @invariant()
    def replay_gives_the_live_debrief(self) -> None:
        for sid, state in self.live.items():
            replayed = replay(LOADED.scenario, self.acknowledged[sid])
            assert replayed == state
            assert debrief_to_json(score(replayed)) == debrief_to_json(score(state))

    @invariant()
    def finished_grades_match_a_replay(self) -> None:
        for sid in self.finished:
            record = self.store.session(sid)
            debrief = score(replay(LOADED.scenario, self.acknowledged[sid]))
            assert record.overall is debrief.overall
            assert dict(record.scores) == {cid: r.score for cid, r in debrief.criteria.items()}


SessionMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestSessionMachine = SessionMachine.TestCase


class PostgresSessionMachine(SessionMachine):
    """The same machine on a PostgreSQL store: a fresh schema per run, dropped after it."""

    def _location(self) -> Path | str:
        self.schema = f"sm_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(server_url(), autocommit=True) as admin:
            admin.execute(f"CREATE SCHEMA {self.schema}")
        return with_schema(server_url(), self.schema)

    def teardown(self) -> None:
        super().teardown()
        with psycopg.connect(server_url(), autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {self.schema} CASCADE")


def test_the_machine_on_postgresql() -> None:
    server_url()  # skips, saying why, when there is no PostgreSQL to test against
    run_state_machine_as_test(PostgresSessionMachine, settings=settings(
        max_examples=25, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]))
