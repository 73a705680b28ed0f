"""Measure the history at 1,000, 10,000 and 50,000 sessions and print the figures against the issue's goals.

For each size a temporary database is filled: a first 1,000 sessions through the public Store API (one
trainee with half of them, the rest spread over 50 trainees; nine in ten finished), then copied row for row
(sessions, events, cached grades) up to the size, which keeps the same mix. Then, for the heaviest trainee:

- opening the history screen in the app, as a trainee sees it: `case-review` from this Python's environment
  (install the wheel there, as for benchmarks/startup.py) in tmux at 120x40, from pressing h in the library
  until the screen shows the history's heading and first page, read with `tmux capture-pane`
  (goal <= 250 ms at every size);
- opening the unfinished-cases dialog (u in the library) with every unfinished case they have, the same way
  (goal <= 100 ms); and the help screen, which reads nothing, for scale;
- `case-review history --json` over every session, run as a command: its time and peak memory
  (goal: streamed, <= 100 MB);
- the progress tab's query (`Store.trends`, goal <= 50 ms), the whole columns (`Store.progress`) for
  comparison, and saving one event (goal <= 1 ms).

Run: .venv/bin/python benchmarks/history.py [--sizes 1000 10000 50000] [--screen-runs N] [--db postgresql://...]
(needs tmux; a trainee pauses before each key, as startup.py's do, so the app is idle when it comes). With
--db, the same in a PostgreSQL store (an empty one: it is filled for the smallest size, then further).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shlex
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from simulator.domain.engine import replay
from simulator.domain.events import Event, Note
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.results import Debrief
from simulator.domain.strategies import random_play, reference_play
from simulator.scenarios.loader import Loaded, load_file
from simulator.store.database import Store
from simulator.store.records import SessionStatus

sys.path.insert(0, str(Path(__file__).resolve().parent))
import startup as terminal  # its tmux helpers: the same terminal, read the same way

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini.yaml"
BASE = 1_000  # sessions written through the Store API; the rest are copies of these
GOALS_MS = {"screen": 250.0, "resume": 100.0, "progress": 50.0, "append": 1.0}
JSON_GOAL_MB = 100.0


def _timed(fn: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _fill_base(store: Store, loaded: Loaded, rng: random.Random) -> None:
    plays: list[tuple[list[Event], Debrief]] = []
    for seed in range(40):
        events = random_play(loaded.scenario, seed) if seed else reference_play(loaded.scenario)
        plays.append((events, score(replay(loaded.scenario, events))))
    heavy = store.ensure_profile("Heavy User")
    others = [store.ensure_profile(f"Trainee {i:02d}") for i in range(50)]
    for n in range(BASE):
        profile = heavy if n % 2 == 0 else others[(n // 2) % len(others)]
        events, debrief = plays[rng.randrange(len(plays))]
        sid = store.start_session(profile, loaded)
        for event in events:
            store.append_event(sid, event)
        if rng.random() < 0.9:
            store.finish_session(sid, debrief)


def _copy_up_to(path: Path, size: int) -> None:
    """Copy the first BASE sessions (with their events and cached grades) until there are ``size``."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(sessions)") if row[1] != "id"]
        base = conn.execute(f"SELECT id, {', '.join(columns)} FROM sessions ORDER BY id LIMIT ?", (BASE,)).fetchall()
        events = {sid: conn.execute("SELECT seq, event, at FROM events WHERE session_id = ?", (sid,)).fetchall()
                  for sid, *_ in base}
        scores = {sid: conn.execute("SELECT profile_id, criterion, finished_at, score, grade FROM criterion_scores "
                                    "WHERE session_id = ?", (sid,)).fetchall() for sid, *_ in base}
        uuid_at = columns.index("uuid")
        insert = f"INSERT INTO sessions ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        conn.execute("BEGIN")
        count = conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
        while count < size:
            for sid, *values in base[: size - count]:
                values[uuid_at] = str(uuid.uuid4())
                new = conn.execute(insert, values).lastrowid
                conn.executemany("INSERT INTO events (session_id, seq, event, at) VALUES (?, ?, ?, ?)",
                                 [(new, *e) for e in events[sid]])
                conn.executemany("INSERT INTO criterion_scores (profile_id, criterion, finished_at, session_id, score, "
                                 "grade) VALUES (?, ?, ?, ?, ?, ?)",
                                 [(p, c, f, new, s, g) for p, c, f, s, g in scores[sid]])
            count = conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
        conn.execute("COMMIT")
    finally:
        conn.close()


def _in_terminal(db: str, settings: Path, cache: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    """Seconds from h until the history screen shows its heading and first page, from u until the
    unfinished-cases dialog is up, and from f1 until the help screen is up (a screen that reads nothing, for
    scale), in a real terminal: the installed `case-review` in tmux."""
    env = {"CASE_REVIEW_SETTINGS": str(settings), "CASE_REVIEW_CONFIG": str(settings.with_name("config.toml")),
           "CASE_REVIEW_CACHE": str(cache), "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    command = f"{terminal.BIN / 'case-review'} --scenarios {MINI} --db {shlex.quote(db)}"
    session = f"history-{uuid.uuid4().hex[:8]}"
    screen_s: list[float] = []
    resume_s: list[float] = []
    help_s: list[float] = []

    def press(key: str, *shown: str) -> float:
        time.sleep(terminal.READING)  # a trainee reads before the next key: the app is idle when it comes
        pressed = time.perf_counter()
        terminal.tmux("send-keys", "-t", session, key)
        return terminal.wait_for(session, shown, pressed)

    try:
        started = terminal.launch(session, command, env)
        terminal.wait_for(session, ("Unfinished cases",), started)  # offered at start: they have some
        press("Escape", "in the library")
        for _ in range(runs):
            screen_s.append(press("h", "History: Heavy User · ", "Started"))
            press("Escape", "in the library")
            resume_s.append(press("u", "Unfinished cases", "did not finish"))
            press("Escape", "in the library")
            help_s.append(press("F1", "Help"))
            press("Escape", "in the library")
    finally:
        terminal.stop(session)
    return screen_s, resume_s, help_s


# The command, run as `case-review` runs it, reporting its own peak memory (VmHWM) when it ends: a child's
# ru_maxrss would count the memory of this process, which it was forked from.
JSON_COMMAND = """
import sys
from simulator.cli.main import main
code = main(["history", "--json", "--db", sys.argv[1]])
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(int(peak.split()[1]) // 1024, file=sys.stderr)
sys.exit(code)
"""


def _history_json(path: Path | str) -> tuple[float, float, int]:
    """`case-review history --json` as a command: seconds, peak memory in MB, and the bytes it printed."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", JSON_COMMAND, str(path)], stdout=out, stderr=subprocess.PIPE,
                              text=True, cwd="/")
        elapsed = time.perf_counter() - start
        if done.returncode:
            raise RuntimeError(f"history --json failed: {done.stderr!r}")
        size = out.tell()
    return elapsed, float(done.stderr.split()[-1]), size


def _line(label: str, times: list[float], goal: float) -> str:
    median = statistics.median(times)
    verdict = "met" if median <= goal else "NOT MET"
    return f"  {label:<64} median {median:8.2f} ms  max {max(times):8.2f} ms  (goal <= {goal:g} ms: {verdict})"


def _copy_up_to_postgresql(url: str, size: int) -> None:
    """As ``_copy_up_to``, in PostgreSQL: each copy of one of the first BASE sessions in one statement (the
    session, its events and its cached grades)."""
    import psycopg

    with psycopg.connect(url) as conn:
        columns = [r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = 'sessions' AND column_name <> 'id' ORDER BY ordinal_position")]
        base = conn.execute(f"SELECT id, {', '.join(columns)} FROM sessions ORDER BY id LIMIT %s",
                            (BASE,)).fetchall()
        uuid_at = columns.index("uuid")
        copy = (f"WITH s AS (INSERT INTO sessions ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "
                "RETURNING id), e AS (INSERT INTO events (session_id, seq, event, at) "
                "SELECT s.id, seq, event, at FROM events, s WHERE session_id = %s) "
                "INSERT INTO criterion_scores (profile_id, criterion, finished_at, session_id, score, grade) "
                "SELECT profile_id, criterion, finished_at, s.id, score, grade FROM criterion_scores, s "
                "WHERE session_id = %s")
        count = conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]  # type: ignore[index]
        while count < size:
            with conn.pipeline():
                for sid, *values in base[: size - count]:
                    values[uuid_at] = str(uuid.uuid4())
                    conn.execute(copy, (*values, sid, sid))
            count = conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]  # type: ignore[index]
        conn.commit()


def measure(size: int, folder: Path, base: Path | str, settings: Path, runs: int) -> None:
    if isinstance(base, str):  # a PostgreSQL store, filled further for each size, the smallest first
        db: Path | str = base
        _copy_up_to_postgresql(base, size)
    else:
        db = folder / f"history-{size}.sqlite3"
        db.write_bytes(base.read_bytes())
        _copy_up_to(db, size)
    with Store.open(db) as store:
        heavy = store.get_profile("Heavy User")
        assert heavy is not None
        counts = store.session_counts(heavy)
        unfinished = counts[SessionStatus.ACTIVE]
        progress_ms = _timed(lambda: store.progress(heavy), 5)
        trends_ms = _timed(lambda: store.trends(heavy, 12), 10)
        sid = store.start_session(heavy, load_mini())
        append_ms = _timed(lambda: store.append_event(sid, Note("benchmark note")), 300)
        store.abandon_session(sid)
    screen_s, resume_s, help_s = _in_terminal(str(db), settings, folder / "cache", runs)
    screen_ms, resume_ms, help_ms = ([t * 1000 for t in times] for times in (screen_s, resume_s, help_s))
    seconds, peak_mb, printed = _history_json(db)
    mine = sum(counts.values())
    where = "PostgreSQL" if isinstance(db, str) else f"the database, {db.stat().st_size / 1e6:.0f} MB"
    print(f"{size:,} sessions ({where}); the heavy trainee has {mine:,}, {unfinished:,} of them unfinished")
    print(_line("history screen: h until its heading and first page show", screen_ms, GOALS_MS["screen"]))
    print(_line("unfinished-cases dialog: u until it shows", resume_ms, GOALS_MS["resume"]))
    print(f"  {'for scale: the help screen, f1 until it shows (reads nothing)':<64} median "
          f"{statistics.median(help_ms):8.1f} ms")
    verdict = "met" if peak_mb <= JSON_GOAL_MB else "NOT MET"
    print(f"  {'history --json, every session (a command, streamed)':<64} {seconds:8.2f} s, peak memory "
          f"{peak_mb:.0f} MB, {printed / 1e6:.0f} MB printed (goal <= {JSON_GOAL_MB:g} MB: {verdict})")
    print(_line("trends(): the progress tab's charts, summed up in SQL", trends_ms, GOALS_MS["progress"]))
    print(_line("progress(): every score of every criterion (tests and exports)", progress_ms, GOALS_MS["progress"]))
    print(_line("append_event(), one transaction each", append_ms, GOALS_MS["append"]))


def load_mini() -> Loaded:
    loaded = load_file(MINI)
    assert isinstance(loaded, Loaded), loaded
    return loaded


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--screen-runs", type=int, default=7, help="times to open the screen and the dialog")
    parser.add_argument("--db", metavar="URL", help="measure a PostgreSQL store instead (postgresql://...: a database, "
                        "or a schema with ?options=-csearch_path%%3DNAME, with no tables yet; left filled)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="case-review-bench-") as name:
        folder = Path(name)
        os.environ["CASE_REVIEW_CACHE"] = str(folder / "cache")  # the app's library index: not the user's
        base: Path | str = args.db or folder / "base.sqlite3"
        start = time.perf_counter()
        with Store.open(base, create=True) as store:
            _fill_base(store, load_mini(), random.Random(2024))
        print(f"history benchmark: {BASE:,} sessions written through the Store API in "
              f"{time.perf_counter() - start:.1f} s, then copied up to each size")
        settings = folder / "settings.json"
        settings.write_text(json.dumps({"trainee": "Heavy User"}), encoding="utf-8")
        terminal.tmux("new-session", "-d", "-s", "keepalive", "-x", str(terminal.WIDTH), "-y", str(terminal.HEIGHT))
        try:
            for size in sorted(args.sizes):
                measure(size, folder, base, settings, args.screen_runs)
        finally:
            terminal.stop("keepalive")
            subprocess.run(["tmux", "-L", terminal.SOCKET, "kill-server"], capture_output=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
