"""The two stores side by side: SQLite (a file) and PostgreSQL (a server), through the same Store API.

For each backend:

- saving one event from one writer: the median and p99 of many appends (SQLite's target: <= 1 ms);
- a centre's load: WRITERS processes (each a trainee's app) appending EVENTS events each to sessions of their
  own, all at once: every event acknowledged is checked to be stored (none lost), with the median, p95 and p99
  time of one append and the total rate;
- the trainer's live view (``Store.cohort``) over TRAINEES trainees with FINISHED finished sessions each:
  the median of several reads, for everyone and for one group.

Which PostgreSQL: ``--pg URL`` (or CASE_REVIEW_BENCH_PG), else one from pgserver in a temporary folder
(PostgreSQL 16 from a pip package; .ci/postgres-cluster makes a Debian one: pass its URL). The SQLite file and
each PostgreSQL schema are made fresh and removed after.

Run: .venv/bin/python benchmarks/store_backends.py [--writers 50] [--events 100] [--trainees 200] [--finished 10]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from simulator.domain.engine import replay
from simulator.domain.events import Note
from simulator.domain.scoring.debrief import score
from simulator.domain.strategies import random_play
from simulator.scenarios.loader import Loaded, load_file
from simulator.store.database import Store
from simulator.store.records import CohortFilter

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini.yaml"

# One trainee's app: opens the store, says it is ready, waits for "go", appends its events, each timed, and
# prints the sequence numbers acknowledged and the times as JSON.
WRITER = """
import json, sys, time
from simulator.domain.events import Note
from simulator.store.database import Store
db, session, events = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
store = Store.open(db)
print("ready", flush=True)
sys.stdin.readline()
acknowledged, times = [], []
for i in range(events):
    start = time.perf_counter()
    acknowledged.append(store.append_event(session, Note(f"{session}:{i}")))
    times.append((time.perf_counter() - start) * 1000)
store.close()
print(json.dumps({"acknowledged": acknowledged, "times": times}), flush=True)
"""


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _loaded() -> Loaded:
    loaded = load_file(MINI)
    assert isinstance(loaded, Loaded), loaded
    return loaded


def one_writer(where: Path | str, loaded: Loaded, appends: int) -> None:
    with Store.open(where) as store:
        sid = store.start_session(store.ensure_profile("Solo"), loaded)
        times = []
        for i in range(appends):
            start = time.perf_counter()
            store.append_event(sid, Note(f"note {i}"))
            times.append((time.perf_counter() - start) * 1000)
    print(f"  one writer, {appends} appends: median {statistics.median(times):.2f} ms, "
          f"p99 {_percentile(times, 0.99):.2f} ms")


def many_writers(where: Path | str, loaded: Loaded, writers: int, events: int) -> None:
    with Store.open(where) as store:
        sessions = [store.start_session(store.ensure_profile(f"Writer {i:03d}"), loaded) for i in range(writers)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    children = [subprocess.Popen([sys.executable, "-c", WRITER, str(where), str(sid), str(events)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env=env) for sid in sessions]
    for child in children:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line == "ready", child.stderr.read() if child.stderr else line
    start = time.perf_counter()
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    results = []
    for child in children:
        out, err = child.communicate(timeout=600)
        assert child.returncode == 0, err
        results.append(json.loads(out.splitlines()[-1]))
    elapsed = time.perf_counter() - start
    times = [t for r in results for t in r["times"]]
    lost = 0
    with Store.open(where) as store:
        for sid, result in zip(sessions, results, strict=True):
            stored = [e.text for e in store.events(sid) if isinstance(e, Note)]
            lost += sum(1 for seq in result["acknowledged"] if seq >= len(stored) or stored[seq] != f"{sid}:{seq}")
    print(f"  {writers} writers x {events} events at once: {len(times)} acknowledged, {lost} lost; one append: "
          f"median {statistics.median(times):.2f} ms, p95 {_percentile(times, 0.95):.2f} ms, "
          f"p99 {_percentile(times, 0.99):.2f} ms; {len(times) / elapsed:.0f} events/s in all")


def live_view(where: Path | str, loaded: Loaded, trainees: int, finished: int) -> None:
    plays = []
    for seed in range(20):
        events = random_play(loaded.scenario, seed)
        plays.append((events, score(replay(loaded.scenario, events))))
    with Store.open(where) as store:
        for t in range(trainees):
            profile = store.ensure_profile(f"Trainee {t:03d}")
            store.set_group(profile, f"group {t % 10}")
            for n in range(finished):
                events, debrief = plays[(t + n) % len(plays)]
                sid = store.start_session(profile, loaded)
                for event in events:
                    store.append_event(sid, event)
                store.finish_session(sid, debrief)
        for wanted, label in ((CohortFilter(), "everyone"), (CohortFilter(group="group 3"), "one group")):
            times = []
            for _ in range(7):
                start = time.perf_counter()
                figures = store.cohort(wanted)
                times.append((time.perf_counter() - start) * 1000)
            print(f"  live view, {label} ({figures.trainees} trainees, {figures.finished} finished sessions): "
                  f"median {statistics.median(times):.1f} ms")


@contextmanager
def sqlite_store() -> Iterator[Callable[[], Path]]:
    with tempfile.TemporaryDirectory(prefix="case-review-bench-") as folder:
        count = iter(range(1000))
        yield lambda: Path(folder) / f"h{next(count)}.sqlite3"


@contextmanager
def postgres_store(given: str | None) -> Iterator[Callable[[], str]]:
    import psycopg

    server = None
    url = given
    if not url:
        import pgserver  # type: ignore[import-untyped]

        folder = tempfile.mkdtemp(prefix="case-review-bench-pg-")
        server = pgserver.get_server(os.path.join(folder, "data"), cleanup_mode="delete")
        url = server.get_uri()
    schemas: list[str] = []

    def fresh() -> str:
        assert url is not None
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"CREATE SCHEMA {schema}")
        schemas.append(schema)
        return f"{url}{'&' if '?' in url else '?'}options={quote(f'-csearch_path={schema}')}"

    try:
        with psycopg.connect(url, autocommit=True) as admin:
            print(f"  ({admin.execute('SELECT version()').fetchone()[0].split(',')[0]})")  # type: ignore[index]
        yield fresh
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            for schema in schemas:
                admin.execute(f"DROP SCHEMA {schema} CASCADE")
        if server is not None:
            server.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--trainees", type=int, default=200)
    parser.add_argument("--finished", type=int, default=10)
    parser.add_argument("--appends", type=int, default=500)
    parser.add_argument("--pg", default=os.environ.get("CASE_REVIEW_BENCH_PG"))
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    loaded = _loaded()
    backends = [("SQLite", sqlite_store, ()), ("PostgreSQL", postgres_store, (args.pg,))]
    for name, make, extra in backends:
        if args.only and name.lower() != args.only:
            continue
        print(name)
        with make(*extra) as fresh:  # type: ignore[operator]
            one_writer(fresh(), loaded, args.appends)
            many_writers(fresh(), loaded, args.writers, args.events)
            live_view(fresh(), loaded, args.trainees, args.finished)


if __name__ == "__main__":
    main()
