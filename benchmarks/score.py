"""Transcripts replayed and scored per second, over random transcripts for the
bundled scenarios.

    .venv/bin/python benchmarks/score.py [N]

Target: >= 2,000 transcripts per second.
"""

from __future__ import annotations

import statistics
import sys
import time

from simulator.domain.engine import replay
from simulator.domain.scoring.debrief import score
from simulator.domain.strategies import random_play
from simulator.scenarios.loader import bundled_dir, load_paths


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    library = [loaded.scenario for loaded in load_paths([bundled_dir()]).scenarios]
    work = [(library[i % len(library)], random_play(library[i % len(library)], i)) for i in range(count)]
    events = statistics.mean(len(e) for _, e in work)

    start = time.perf_counter()
    for scenario, transcript in work:
        score(replay(scenario, transcript))
    elapsed = time.perf_counter() - start

    print(f"scenarios: {len(library)}; transcripts: {count} (mean {events:.1f} events each)")
    print(f"replayed and scored in {elapsed:.3f} s: {count / elapsed:,.0f} transcripts per second (target >= 2,000)")


if __name__ == "__main__":
    main()
