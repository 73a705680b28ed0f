"""Load on `case-review serve`: many browser sessions at once on one machine, each playing a case through the
websocket as textual.js does, and the figures printed.

Starts `case-review serve` (its own process, on loopback, naming each session by the X-Forwarded-User header as
the sign-in proxy would), then opens SESSIONS websockets, one trainee each, all at once. Each opens the test case
(tests/data/mini.yaml), takes two actions, flags the evidence, makes both decisions and reaches the debrief: five
events. Then it checks the store holds every event of every session (no event lost), and prints:

- the time from a key to the first screen update after it (the first bytes drawn), median, p95 and max over
  every key of every session; under load those bytes may finish a frame begun before the key, so also
- the time from a key to its own result on screen (the words it should bring), for the keys that bring some;
- the time from opening the websocket to the library on screen;
- the events stored per session.

Traffic goes to 127.0.0.1 only; every wait has a deadline; the run stops by itself.

Run: .venv/bin/python benchmarks/serve_load.py [--sessions 50] [--ramp SECONDS] [--db PATH_OR_URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the websocket client the serve tests use

from tests.serve.client import DOWN, ENTER, WebSession, events_by_trainee, open_test_case  # noqa: E402

HEADER = "X-Forwarded-User"
CTRL_S = "\x13"
DEADLINE_S = 600.0  # the whole run; one step waits at most STEP_S
STEP_S = 120.0
EVENTS_PER_PLAY = 5


async def play(url: str, name: str, db: str, latencies: list[float], results: list[float], startups: list[float],
               failures: list[str]) -> None:
    """One trainee's browser session: open the test case and play it to the debrief. Each key that makes an
    event waits for the store to hold it before the next, as a person waits to see it done."""
    try:
        async with aiohttp.ClientSession() as client:
            opened = time.monotonic()
            async with WebSession.open(client, url, {HEADER: name}) as s:
                await s.wait(lambda: "in the library" in s.text(), "the library", STEP_S)
                startups.append(time.monotonic() - opened)
                await open_test_case(s, STEP_S)

                async def key(keys: str, *then: str, events: int | None = None) -> None:
                    await s.send(keys)
                    latencies.append(await s.updated())
                    for words in then:
                        await s.wait(lambda words=words: words in s.text(s.mark), repr(words), STEP_S)
                    if then:  # the first bytes may finish an earlier frame: this is the key's own result shown
                        results.append(time.monotonic() - s.sent_at)
                    if events is not None:
                        try:
                            await s.wait(lambda: events_by_trainee(db).get(name) == events,
                                         f"event {events} stored", STEP_S)
                        except AssertionError:
                            # Did the app take the step (and the store lose it), or never get the key?
                            taken = "Action taken" in s.text(s.mark) or "(•)" in s.text(s.mark)
                            raise AssertionError(f"event {events} not stored after {STEP_S:.0f} s; the screen "
                                                 f"{'says the step was taken' if taken else 'shows no sign of it'}"
                                                 ) from None

                await key(ENTER, events=1)  # check our records
                await key(ENTER, events=2)  # ask the police
                await key("e", "r p u Flag")  # the evidence list takes the focus: the footer offers its flags
                await key("r", events=3)  # flag the newest evidence as a risk
                await key("d", "Choose", "Decision: Contact")
                await key(DOWN)
                await key(ENTER, "(•)")  # strategy discussion
                await key(CTRL_S, "Continue", events=4)
                await key(ENTER, "Decide")
                await key("d", "Choose", "Decision: Section 47 enquiry")
                await key(ENTER, "(•)")  # initial conference
                await key(CTRL_S, "See the debrief", events=5)
                await key(ENTER, "Overall")
    except Exception as err:  # one session's failure is counted and said; the others go on
        failures.append(f"{name}: {type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}")


async def read_port(proc: asyncio.subprocess.Process) -> int:
    assert proc.stdout is not None
    while True:
        line = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()
        if not line:
            raise SystemExit("case-review serve stopped before it listened")
        found = re.search(r"127\.0\.0\.1:(\d+)", line)
        if found:
            return int(found[1])


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--db", help="the store (default: a new SQLite file)")
    parser.add_argument("--ramp", type=float, default=0.0, metavar="S",
                        help="open the sessions evenly over S seconds, as a cohort arrives (default: all at once)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="case-review-load-"))
    try:
        scenarios = work / "scenarios"
        scenarios.mkdir()
        shutil.copy(ROOT / "tests" / "data" / "mini.yaml", scenarios / "mini.yaml")
        db = args.db or str(work / "centre.sqlite3")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "CASE_REVIEW"))}
        env.update(HOME=str(work), LANG="C.UTF-8")
        server = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "simulator", "serve", "--port", "0", "--trust-header", HEADER, "--db", db,
            "--scenarios", str(scenarios), "--settings-dir", str(work / "trainees"),
            "--max-sessions", str(args.sessions), "--sessions-per-person", "1",
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, env=env, cwd=work)
        try:
            port = await read_port(server)
            url = f"http://127.0.0.1:{port}/ws"
            latencies: list[float] = []
            results: list[float] = []
            startups: list[float] = []
            failures: list[str] = []
            names = [f"trainee-{n:03d}" for n in range(args.sessions)]
            started = time.monotonic()
            async def arrive(index: int, name: str) -> None:
                await asyncio.sleep(args.ramp * index / len(names))
                await play(url, name, db, latencies, results, startups, failures)

            await asyncio.wait_for(asyncio.gather(*(arrive(i, n) for i, n in enumerate(names))), DEADLINE_S)
            wall = time.monotonic() - started
        finally:
            server.terminate()
            await asyncio.wait_for(server.wait(), 60)
        stored = events_by_trainee(db)
        lost = {n: EVENTS_PER_PLAY - stored.get(n, 0) for n in names if stored.get(n, 0) != EVENTS_PER_PLAY}

        def p95(values: list[float]) -> float:
            ordered = sorted(values)
            return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]

        arrival = f"arriving over {args.ramp:.0f} s" if args.ramp else "all at once"
        print(f"sessions: {args.sessions}, {arrival}, each playing the test case to its debrief ({wall:.0f} s in "
              f"all, {os.cpu_count()} cores)")
        if latencies:
            print(f"key to first screen update: median {statistics.median(latencies) * 1000:.0f} ms, "
                  f"p95 {p95(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms ({len(latencies)} keys)")
        if results:
            print(f"key to its result on screen: median {statistics.median(results) * 1000:.0f} ms, "
                  f"p95 {p95(results) * 1000:.0f} ms, max {max(results) * 1000:.0f} ms ({len(results)} keys whose "
                  "words are waited for)")
        if startups:
            print(f"websocket to library on screen: median {statistics.median(startups):.1f} s, "
                  f"p95 {p95(startups):.1f} s, max {max(startups):.1f} s")
        print(f"events stored: {sum(stored.get(n, 0) for n in names)} of {EVENTS_PER_PLAY * len(names)}; "
              f"sessions with an event lost: {len(lost)}; sessions that failed: {len(failures)}")
        for failure in failures[:5]:
            print("  " + failure)
        return 0 if not lost and not failures else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
