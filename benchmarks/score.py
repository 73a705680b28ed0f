"""Transcripts replayed and scored per second, over random transcripts for the
bundled scenarios; and, to tell where the time goes, replayed alone.

    .venv/bin/python benchmarks/score.py [N]

Goal (issue 15): >= 4,000 transcripts per second, replayed and scored.
"""

from __future__ import annotations

import argparse
import statistics
import time

from simulator.domain.engine import replay
from simulator.domain.scoring.debrief import score
from simulator.domain.strategies import random_play
from simulator.scenarios.files import bundled_dir
from simulator.scenarios.loader import load_paths

GOAL = 4_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=10_000,
                        help="random transcripts to replay and score (default %(default)s)")
    count = parser.parse_args().count
    library = [loaded.scenario for loaded in load_paths([bundled_dir()], deep=False).scenarios]
    work = [(library[i % len(library)], random_play(library[i % len(library)], i)) for i in range(count)]
    events = statistics.mean(len(e) for _, e in work)

    start = time.perf_counter()
    for scenario, transcript in work:
        replay(scenario, transcript)
    replayed = time.perf_counter() - start

    start = time.perf_counter()
    for scenario, transcript in work:
        score(replay(scenario, transcript))
    elapsed = time.perf_counter() - start

    print(f"scenarios: {len(library)}; transcripts: {count} (mean {events:.1f} events each)")
    print(f"replayed alone in {replayed:.3f} s: {count / replayed:,.0f} transcripts per second")
    verdict = "met" if count / elapsed >= GOAL else "NOT MET"
    print(f"replayed and scored in {elapsed:.3f} s: {count / elapsed:,.0f} transcripts per second "
          f"(goal >= {GOAL:,}: {verdict}); scoring is {1 - replayed / elapsed:.0%} of the time")


if __name__ == "__main__":
    main()
