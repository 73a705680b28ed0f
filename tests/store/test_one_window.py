"""A session is held by one window at a time, and the store never takes an event that does not follow the
log as recorded (issue 14, item 3): two windows appending to one session made it impossible to export."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from simulator.application.history import STALE_AFTER, holder_is_gone, holder_token
from simulator.domain.engine import replay
from simulator.domain.events import Flag, FlagKind, TakeAction, Unflag
from simulator.scenarios.loader import Loaded
from simulator.store.database import Store
from simulator.store.errors import SessionConflictError, SessionHeldError

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def never_gone(token: str, seen: datetime) -> bool:
    return False


def test_a_second_window_appending_at_the_same_place_is_refused(db: Path | str, mini: Loaded) -> None:
    with Store.open(db) as a, Store.open(db) as b:
        sid = a.start_session(a.ensure_profile("Sam"), mini)
        for seq, event in enumerate([TakeAction("ask-police"), Flag("police-record", FlagKind.RISK)]):
            a.append_event(sid, event, expected=seq)
        # Both windows had two events and both unflag: only the first is the next event of the log.
        a.append_event(sid, Unflag("police-record"), expected=2)
        with pytest.raises(SessionConflictError, match="changed in another window"):
            b.append_event(sid, Unflag("police-record"), expected=2)
        events = a.events(sid)
    assert len(events) == 3
    replay(mini.scenario, events)  # the log as recorded still replays: it can be exported


def test_a_session_is_held_by_one_window_and_others_are_refused(db: Path | str, mini: Loaded) -> None:
    with Store.open(db) as store:
        sid = store.start_session(store.ensure_profile("Sam"), mini)
        assert store.claim_session(sid, "window-a", never_gone) is None
        assert store.claim_session(sid, "window-b", never_gone) == "window-a"
        with pytest.raises(SessionHeldError, match="open in another window"):
            store.append_event(sid, TakeAction("ask-police"), expected=0, holder="window-b")
        store.append_event(sid, TakeAction("ask-police"), expected=0, holder="window-a")
        store.release_session(sid, "window-a")
        assert store.claim_session(sid, "window-b", never_gone) is None
        assert store.session(sid).holder == "window-b"


def test_a_holder_that_is_gone_loses_the_session(db: Path | str, mini: Loaded) -> None:
    with Store.open(db) as store:
        sid = store.start_session(store.ensure_profile("Sam"), mini)
        assert store.claim_session(sid, "crashed", never_gone) is None
        assert store.claim_session(sid, "new", lambda token, seen: token == "crashed") is None
        assert store.session(sid).holder == "new"


def test_a_holder_whose_process_ended_is_gone_and_a_live_one_is_not() -> None:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    ended = int(done.stdout)
    mine = holder_token()
    host = mine.split(":")[0]
    now = datetime.now(UTC)
    assert not holder_is_gone(mine, now, now)
    assert holder_is_gone(f"{host}:{ended}:abc", now, now)
    assert holder_is_gone(mine, now - STALE_AFTER - timedelta(seconds=1), now)  # not heard of for too long
    assert not holder_is_gone(f"elsewhere.example:{ended}:abc", now, now)  # another machine: its heartbeat says


def test_finishing_or_abandoning_lets_the_session_go(db: Path | str, mini: Loaded) -> None:
    with Store.open(db) as store:
        sid = store.start_session(store.ensure_profile("Sam"), mini)
        store.claim_session(sid, "a", never_gone)
        store.abandon_session(sid)
        assert store.session(sid).holder is None
