"""Checking a library's keys, as `validate --keys` does: transcripts replayed and scored per second, on one
process and then on every usable core.

    .venv/bin/python benchmarks/keys.py [N] [--jobs J]

N scenarios (default 100), the bundled ones copied round. Each copy is a distinct object, as each of a
trainer's files is, so that what scoring derives once per scenario (its best path, its record points) is
paid for every one. Each check plays a scenario RANDOM_PLAYS times at random, plus the key's best path and
the two extremes.

Each run is a process of its own, started cold: the text a run has read is cached by its words, and the
bundled copies share their words, so a run after another in the same process (or forked from it) would start
with the first one's reading done.

This is the batch work in the product where scoring speed is waited for (issue 15's score rate: >= 4,000
transcripts per second). benchmarks/score.py measures the rate of one process.
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import time

from simulator.application.key_checks import check_keys
from simulator.application.workers import usable_cores
from simulator.domain.keycheck import RANDOM_PLAYS
from simulator.scenarios.files import bundled_dir
from simulator.scenarios.loader import load_paths

GOAL = 4_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=100, help="scenarios to check (default %(default)s)")
    parser.add_argument("--jobs", type=int, default=usable_cores(),
                        help="processes for the second run (default: the usable cores, %(default)s)")
    parser.add_argument("--one-run", type=int, metavar="JOBS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run is not None:
        print(_run(args.count, args.one_run))
        return
    transcripts = args.count * (RANDOM_PLAYS + 3)
    print(f"{args.count} scenarios, {transcripts:,} transcripts ({RANDOM_PLAYS + 3} per scenario)")
    for jobs in dict.fromkeys((1, args.jobs)):
        run = subprocess.run([sys.executable, __file__, str(args.count), "--one-run", str(jobs)],
                             capture_output=True, text=True, check=True)
        elapsed = float(run.stdout)
        rate = transcripts / elapsed
        verdict = "met" if rate >= GOAL else "NOT MET"
        print(f"{jobs} process{'es' if jobs > 1 else ''}: {elapsed:.2f} s, {rate:,.0f} transcripts per second "
              f"(goal >= {GOAL:,}: {verdict})")


def _run(count: int, jobs: int) -> float:
    """Seconds to check ``count`` scenarios' keys on ``jobs`` processes, from a cold start."""
    bundled = [loaded.scenario for loaded in load_paths([bundled_dir()], deep=False).scenarios]
    library = [pickle.loads(pickle.dumps(bundled[i % len(bundled)])) for i in range(count)]
    start = time.perf_counter()
    for _ in check_keys(library, jobs):
        pass
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
