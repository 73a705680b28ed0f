"""Several writers on one file, and a writer killed outright. Handshakes over
pipes decide when things happen; nothing sleeps."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

import simulator
from simulator.application.library import Library
from simulator.application.resume import Ready, plan_resume
from simulator.domain.engine import replay
from simulator.domain.events import Event, Note, event_to_json
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.serialise import debrief_to_json
from simulator.domain.strategies import random_play
from simulator.scenarios.loader import Loaded
from simulator.store.database import Store

ROOT = Path(simulator.__file__).resolve().parent.parent

# Appends the transcript's events one by one, printing each acknowledged seq.
# With --pad each line is 8 KiB, so once the parent stops reading, the pipe
# fills within a few events and the child blocks: it cannot finish before
# the parent's kill arrives.
APPENDER = """
import json, sys
from simulator.domain.events import event_from_json
from simulator.store.database import Store
db, session, transcript, pad = sys.argv[1], int(sys.argv[2]), sys.argv[3], len(sys.argv) > 4
events = [event_from_json(e) for e in json.load(open(transcript))["events"]]
store = Store.open(db)
print("ready", flush=True)
if sys.stdin.readline().strip() != "go":
    sys.exit(3)
for event in events:
    seq = store.append_event(session, event)
    print(seq, " " * 8192 if pad else "", flush=True)
print("done", flush=True)
"""


def _child(db: Path | str, session: int, transcript: Path, pad: bool = False) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-c", APPENDER, str(db), str(session), str(transcript)] + (["--pad"] if pad else [])
    return subprocess.Popen(args,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _transcript(tmp_path: Path, name: str, scenario_id: str, events: Sequence[Event]) -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"scenario": scenario_id, "events": [event_to_json(e) for e in events]}))
    return path


def _start(child: subprocess.Popen[str]) -> None:
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready", child.stderr.read() if child.stderr else ""


def test_two_connections_in_threads(db: Path | str, mini: Loaded) -> None:
    with Store.open(db) as first, Store.open(db) as second:
        shared = first.start_session(first.ensure_profile("ada"), mini)
        own = {first: first.start_session(first.ensure_profile("ada"), mini),
               second: second.start_session(second.ensure_profile("bea"), mini)}
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def write(store: Store, tag: str) -> None:
            try:
                barrier.wait()
                for i in range(150):
                    store.append_event(shared, Note(f"{tag}{i}"))
                    store.append_event(own[store], Note(f"{tag}{i}"))
            except BaseException as err:  # surfaced below: a thread's failure must fail the test
                errors.append(err)

        threads = [threading.Thread(target=write, args=(s, t)) for s, t in ((first, "a"), (second, "b"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        log = first.event_log(shared)
        assert [e.seq for e in log] == list(range(300))
        texts = [e.event.text for e in log if isinstance(e.event, Note)]
        for tag in "ab":
            assert [t for t in texts if t.startswith(tag)] == [f"{tag}{i}" for i in range(150)]
        assert second.events(own[first]) == [Note(f"a{i}") for i in range(150)]
        assert first.events(own[second]) == [Note(f"b{i}") for i in range(150)]


def test_two_processes_writing_one_session(db: Path | str, mini: Loaded, tmp_path: Path) -> None:
    with Store.open(db) as store:
        session = store.start_session(store.ensure_profile("ada"), mini)
    n = 200
    children = [_child(db, session, _transcript(tmp_path, tag, mini.scenario.id,
                                                     [Note(f"{tag}{i}") for i in range(n)]))
                for tag in "ab"]
    for child in children:
        _start(child)
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        assert out.splitlines()[-1].strip() == "done"
    with Store.open(db) as store:
        log = store.event_log(session)
    assert [e.seq for e in log] == list(range(2 * n))
    texts = [e.event.text for e in log if isinstance(e.event, Note)]
    for tag in "ab":
        assert [t for t in texts if t.startswith(tag)] == [f"{tag}{i}" for i in range(n)]


@pytest.mark.parametrize("acknowledged", [1, 7, 60])
def test_killed_writer_loses_no_acknowledged_event(db: Path | str, mini: Loaded, tmp_path: Path,
                                                   acknowledged: int) -> None:
    planned = random_play(mini.scenario, 11) + [Note(f"note {i}") for i in range(200)]
    with Store.open(db) as store:
        session = store.start_session(store.ensure_profile("ada"), mini)
    child = _child(db, session, _transcript(tmp_path, "plan", mini.scenario.id, planned), pad=True)
    _start(child)
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write("go\n")
    child.stdin.flush()
    seen = [int(child.stdout.readline()) for _ in range(acknowledged)]
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    child.stdout.close()
    child.stdin.close()
    if child.stderr:
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    assert seen == list(range(acknowledged))

    with Store.open(db) as store:
        stored = store.events(session)
        record = store.session(session)
        assert acknowledged <= len(stored) < len(planned)
        assert stored == planned[:len(stored)]
        assert record.event_count == len(stored)
        library = Library((mini,), ())
        plan = plan_resume(record, stored, library, store.scenario_source(session))
        assert isinstance(plan, Ready)
        assert debrief_to_json(score(plan.state)) == debrief_to_json(score(replay(mini.scenario, stored)))
        store.append_event(session, Note("after the crash"))  # the session carries on
        assert store.events(session)[-1] == Note("after the crash")
