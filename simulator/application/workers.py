"""Independent pieces of work shared among worker processes, on every core the machine lends us.

A library's key checks and the reading of a folder of new scenario files are each many pieces that do not
depend on one another: on two cores a trainer waits half as long. The results come back in the order the
pieces were given, each as soon as it and those before it are done, so a caller can print or count as it goes.

Where worker processes cannot be had (one core, a sandbox that forbids them, a pool that broke), the work is
done here, one piece after another: slower, never wrong.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

Item = TypeVar("Item")
Result = TypeVar("Result")

# Fewer pieces than this are done here: starting the workers would cost more than it saves.
POOL_FROM = 3
# The same for scenario files to read, each 5-10 ms of work against about 200 ms to start the workers.
FILES_POOL_FROM = 64


def usable_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def starting_safely(preload: Sequence[str]) -> BaseContext | None:
    """How to start workers from this process. Forking copies it whole, which is quickest, but in a process
    that runs other threads (the app reads its library in one) it copies locks they may hold: so there the
    workers come from a clean server process that has imported ``preload`` once. None means the platform's
    own way (forking on Linux; a fresh process where there is no server)."""
    import multiprocessing  # here, not above: the library index imports this module in the app's first frame

    if threading.active_count() == 1 or "forkserver" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(preload))
    return context


def shared_map(work: Callable[[Item], Result], items: Sequence[Item], *, jobs: int | None = None,
               least: int = POOL_FROM, context: BaseContext | None = None,
               chunk: int = 1) -> Iterator[Result]:
    """``work`` done on each item, in order. ``jobs`` is how many processes may share it (default: one per
    usable core); fewer than ``least`` items are done here. ``work`` must be a module-level function, and
    items and results picklable. ``chunk`` items go to a worker at a time: more for small pieces of work, so
    that passing them costs less than doing them."""
    jobs = min(jobs or usable_cores(), len(items))
    if jobs < 2 or len(items) < max(least, 2):
        yield from map(work, items)
        return
    import concurrent.futures
    from concurrent.futures.process import BrokenProcessPool

    try:
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                                      initializer=_leave_interrupts_to_parent)
    except (OSError, NotImplementedError):  # no semaphores or no processes here
        yield from map(work, items)
        return
    done = 0
    try:
        try:
            results = pool.map(work, items, chunksize=chunk)  # starts the workers
        except (OSError, ValueError):  # they could not be started (ValueError: no stderr to hand them)
            yield from map(work, items)
            return
        for result in results:
            yield result
            done += 1
    except BrokenProcessPool:  # a worker was killed (out of memory, say), or could not start: the rest here
        yield from map(work, items[done:])
    finally:
        # Interrupted, or the caller stopped reading: drop what has not started rather than wait for it.
        pool.shutdown(wait=True, cancel_futures=True)


def _leave_interrupts_to_parent() -> None:
    """Ctrl-C reaches every process in the terminal's group: the workers leave it to the parent, which stops
    them, so that one interrupt gives one quiet exit and not a traceback from each worker."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
