"""Checking the keys of a whole library, on every core the machine lends us.

Each key check plays its scenario about a hundred times (``domain.keycheck``), and the scenarios do not
depend on one another, so a library's checks are shared among worker processes: a trainer checking five
hundred files waits half as long on two cores. The results come back in the order the scenarios were given,
each as soon as it and those before it are done, so a command can print as it goes.

Where worker processes cannot be had (one core, a sandbox that forbids them, a pool that broke), the checks
run here, one after another: slower, never wrong.
"""

from __future__ import annotations

import concurrent.futures
import os
import signal
from collections.abc import Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool

from simulator.domain.keycheck import KeyCheck, check_key
from simulator.domain.model import Scenario

# Fewer scenarios than this are checked here: starting the workers would cost more than it saves.
POOL_FROM = 3


def usable_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_keys(scenarios: Sequence[Scenario], jobs: int | None = None) -> Iterator[KeyCheck]:
    """Each scenario's key check, in order. ``jobs`` is how many processes may share the work (default: one
    per usable core)."""
    jobs = min(jobs or usable_cores(), len(scenarios))
    if jobs < 2 or len(scenarios) < POOL_FROM:
        yield from map(check_key, scenarios)
        return
    done = 0
    try:
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=jobs, initializer=_leave_interrupts_to_parent)
    except (OSError, NotImplementedError):  # no semaphores or no processes here
        yield from map(check_key, scenarios)
        return
    try:
        for result in pool.map(check_key, scenarios):
            yield result
            done += 1
    except BrokenProcessPool:  # a worker was killed (out of memory, say): finish the rest here
        yield from map(check_key, scenarios[done:])
    finally:
        # Interrupted, or the caller stopped reading: drop what has not started rather than wait for it.
        pool.shutdown(wait=True, cancel_futures=True)


def _leave_interrupts_to_parent() -> None:
    """Ctrl-C reaches every process in the terminal's group: the workers leave it to the parent, which stops
    them, so that one interrupt gives one quiet exit and not a traceback from each worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
