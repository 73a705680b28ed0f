"""Transcripts replayed and scored per second, over random transcripts for the
bundled scenarios; and, to tell where the time goes, replayed alone.

    .venv/bin/python benchmarks/score.py [N] [--fresh-records]

Random play writes the same record whenever it reaches the same point the same
way, and a record already read is not read again. --fresh-records makes every
record unique (a reference number added), so that each one is read: the rate
when no two sessions share a record.

The last line scores the same sessions with every record already read: what
the rest of the debrief costs, and so how much of the time reading takes.

Goal (issue 15): >= 4,000 transcripts per second, replayed and scored. This is one process;
benchmarks/keys.py measures the batch work a trainer waits for (`validate --keys`) on every core.
"""

from __future__ import annotations

import argparse
import statistics
import time

import attrs

from simulator.domain.engine import replay
from simulator.domain.events import Decide, Event
from simulator.domain.scoring import debrief
from simulator.domain.scoring.debrief import score
from simulator.domain.strategies import random_play
from simulator.scenarios.files import bundled_dir
from simulator.scenarios.loader import load_paths

GOAL = 4_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=10_000,
                        help="random transcripts to replay and score (default %(default)s)")
    parser.add_argument("--fresh-records", action="store_true",
                        help="make every record unique, so that none is read twice")
    args = parser.parse_args()
    count = args.count
    library = [loaded.scenario for loaded in load_paths([bundled_dir()], deep=False).scenarios]
    work = [(library[i % len(library)], random_play(library[i % len(library)], i)) for i in range(count)]
    if args.fresh_records:
        work = [(scenario, [_numbered(e, i, k) for k, e in enumerate(events)])
                for i, (scenario, events) in enumerate(work)]
    events = statistics.mean(len(e) for _, e in work)

    start = time.perf_counter()
    for scenario, transcript in work:
        replay(scenario, transcript)
    replayed = time.perf_counter() - start

    start = time.perf_counter()
    for scenario, transcript in work:
        score(replay(scenario, transcript))
    elapsed = time.perf_counter() - start

    # Where the rest goes: the same debriefs with every record already read (as if reading cost nothing).
    states = [replay(scenario, transcript) for scenario, transcript in work]
    read = {id(state): debrief.read_records(state) for state in states}
    reader = debrief.read_records
    debrief.read_records = lambda state: read[id(state)]
    try:
        start = time.perf_counter()
        for state in states:
            score(state)
        unread = time.perf_counter() - start
    finally:
        debrief.read_records = reader

    print(f"scenarios: {len(library)}; transcripts: {count} (mean {events:.1f} events each)")
    print(f"replayed alone in {replayed:.3f} s: {count / replayed:,.0f} transcripts per second")
    verdict = "met" if count / elapsed >= GOAL else "NOT MET"
    print(f"replayed and scored in {elapsed:.3f} s: {count / elapsed:,.0f} transcripts per second "
          f"(goal >= {GOAL:,}: {verdict}); scoring is {1 - replayed / elapsed:.0%} of the time")
    print(f"with every record already read: {count / (replayed + unread):,.0f} transcripts per second; reading "
          f"the records is {1 - (replayed + unread) / elapsed:.0%} of the time")


def _numbered(event: Event, transcript: int, index: int) -> Event:
    if isinstance(event, Decide) and event.rationale:
        return attrs.evolve(event, rationale=f"Ref {transcript}-{index}. {event.rationale}")
    return event


if __name__ == "__main__":
    main()
