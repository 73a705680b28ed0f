"""Measure the history store at scale and print the figures.

Fills a temporary database with 10,000 sessions through the public Store API
(one trainee with half of them, the rest spread over 50 trainees; nine in ten
finished), then times:

- the per-criterion progress query (target <= 50 ms), for the heaviest
  trainee and for a typical one;
- saving one event, the median over many appends (target <= 1 ms);
- opening the history and progress screen in the app for the heaviest
  trainee (Pilot, from the key press until its session table is filled).

Run: .venv/bin/python benchmarks/history.py [--sessions N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from simulator.domain.engine import replay
from simulator.domain.events import Event, Note
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.results import Debrief
from simulator.domain.strategies import random_play, reference_play
from simulator.scenarios.loader import Loaded, load_file
from simulator.store.database import Store

ROOT = Path(__file__).resolve().parent.parent
PROGRESS_TARGET_MS = 50.0
EVENT_TARGET_MS = 1.0
SCREEN_TARGET_MS = 1000.0


def _timed(fn: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _fill(store: Store, loaded: Loaded, sessions: int, rng: random.Random) -> tuple[int, int]:
    """Returns (heavy trainee id, typical trainee id)."""
    plays: list[tuple[list[Event], Debrief]] = []
    for seed in range(40):
        events = random_play(loaded.scenario, seed) if seed else reference_play(loaded.scenario)
        plays.append((events, score(replay(loaded.scenario, events))))
    heavy = store.ensure_profile("Heavy User")
    others = [store.ensure_profile(f"Trainee {i:02d}") for i in range(50)]
    for n in range(sessions):
        profile = heavy if n % 2 == 0 else others[(n // 2) % len(others)]
        events, debrief = plays[rng.randrange(len(plays))]
        sid = store.start_session(profile, loaded)
        for event in events:
            store.append_event(sid, event)
        if rng.random() < 0.9:
            store.finish_session(sid, debrief)
    return heavy.id, others[0].id


async def _open_history_screen(path: Path, settings: Path) -> float:
    """Milliseconds from pressing h in the library until the history screen's tables are filled."""
    from simulator.ui.app import make_app
    from simulator.ui.screens.history import HistoryScreen
    from simulator.ui.screens.resume import ResumeScreen

    app = make_app([str(ROOT / "tests" / "data" / "mini.yaml")], bundled=False, settings_file=settings, db_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.monotonic() + 120
        while app.history is None or app.library is None:  # start-up: settings, library, history
            if time.monotonic() > deadline:
                raise RuntimeError("the app did not finish starting")
            await app.workers.wait_for_complete()
            await pilot.pause()
        if isinstance(app.screen, ResumeScreen):
            await pilot.press("escape")
        start = time.perf_counter()
        await pilot.press("h")
        screen = app.screen
        while not (isinstance(screen, HistoryScreen) and screen.loaded):
            if time.monotonic() > deadline:
                raise RuntimeError("the history screen never filled its tables")
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
        elapsed = (time.perf_counter() - start) * 1000
        rows = screen.query_one("#sessions").row_count  # type: ignore[attr-defined]
        if rows == 0:
            raise RuntimeError("the history screen showed no sessions")
        await pilot.press("escape")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--appends", type=int, default=2_000)
    parser.add_argument("--screen-runs", type=int, default=5, help="times to open the history screen in the app")
    args = parser.parse_args()
    loaded = load_file(ROOT / "tests" / "data" / "mini.yaml")
    assert isinstance(loaded, Loaded), loaded
    rng = random.Random(2024)
    with tempfile.TemporaryDirectory(prefix="case-review-bench-") as folder:
        path = Path(folder) / "history.sqlite3"
        with Store.open(path) as store:
            start = time.perf_counter()
            _fill(store, loaded, args.sessions, rng)
            fill_s = time.perf_counter() - start
            heavy = store.get_profile("Heavy User")
            typical = store.get_profile("Trainee 00")
            assert heavy is not None and typical is not None
            counts = {p.name: len(store.sessions(p)) for p in (heavy, typical)}
            points = sum(len(v) for v in store.progress(heavy).values())

            heavy_ms = _timed(lambda: store.progress(heavy), 20)
            typical_ms = _timed(lambda: store.progress(typical), 50)
            one_ms = _timed(lambda: store.progress(heavy, ["front-door"]), 50)

            sid = store.start_session(typical, loaded)
            append_ms = _timed(lambda: store.append_event(sid, Note("benchmark note")), args.appends)
        size_mb = path.stat().st_size / 1e6
        settings = Path(folder) / "settings.json"
        settings.write_text(json.dumps({"trainee": "Heavy User"}), encoding="utf-8")
        screen_ms = [asyncio.run(_open_history_screen(path, settings)) for _ in range(args.screen_runs)]

    def line(label: str, times: list[float], target: float) -> str:
        median = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times)
        verdict = "ok" if median <= target else "OVER TARGET"
        return f"  {label:<58} median {median:8.3f} ms  p95 {p95:8.3f} ms  (target <= {target:g} ms: {verdict})"

    print(f"history store benchmark: {args.sessions} sessions in {fill_s:.1f} s, database {size_mb:.1f} MB")
    print(f"  heavy trainee: {counts['Heavy User']} sessions, {points} criterion scores; "
          f"typical trainee: {counts['Trainee 00']} sessions")
    print(line("progress(), every criterion, heavy trainee", heavy_ms, PROGRESS_TARGET_MS))
    print(line("progress(), every criterion, typical trainee", typical_ms, PROGRESS_TARGET_MS))
    print(line("progress(), one criterion, heavy trainee", one_ms, PROGRESS_TARGET_MS))
    print(line(f"append_event(), one transaction each ({args.appends} appends)", append_ms, EVENT_TARGET_MS))
    print(line(f"history screen, h until its tables are filled ({counts['Heavy User']} sessions)", screen_ms,
               SCREEN_TARGET_MS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
