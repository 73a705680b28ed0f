"""A library's keys checked on several processes: the same results, in the same order, as checking them one
after another here; and still every result when processes cannot be had or a worker dies."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest

from simulator.application import workers
from simulator.application.key_checks import check_keys
from simulator.domain.keycheck import KeyCheck, check_key
from simulator.domain.model import Scenario

from .bundled import bundled_library
from .pools import count_pools


@pytest.fixture(scope="module")
def library() -> list[Scenario]:
    """Four small cases, each with a key of its own, so that an answer out of order would show."""
    scenarios = sorted((loaded.scenario for loaded in bundled_library().scenarios), key=lambda s: len(s.evidence))
    return scenarios[:4]


@pytest.fixture(scope="module")
def one_by_one(library: list[Scenario]) -> list[KeyCheck]:
    return [check_key(s) for s in library]


def test_several_processes_give_what_one_gives_in_the_same_order(
    library: list[Scenario], one_by_one: list[KeyCheck], monkeypatch: pytest.MonkeyPatch
) -> None:
    started = count_pools(monkeypatch)
    assert len({tuple(c.random_grades.values()) for c in one_by_one}) == len(one_by_one)  # so order shows
    assert list(check_keys(library, jobs=2)) == one_by_one
    assert started == [2]


def test_a_small_library_or_one_job_is_checked_here(library: list[Scenario], one_by_one: list[KeyCheck],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _never)
    assert list(check_keys(library, jobs=1)) == one_by_one
    assert list(check_keys(library[:2], jobs=2)) == one_by_one[:2]


def test_without_processes_the_checks_run_here(library: list[Scenario], one_by_one: list[KeyCheck],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: Any, **kwargs: Any) -> None:
        raise PermissionError("no semaphores in this sandbox")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refused)
    assert list(check_keys(library, jobs=2)) == one_by_one


def test_when_a_worker_dies_the_rest_are_checked_here(library: list[Scenario], one_by_one: list[KeyCheck],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    class DiesAfterOne:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pass

        def map(self, check: Callable[[Scenario], KeyCheck], scenarios: Iterable[Scenario],
                chunksize: int = 1) -> Iterator[KeyCheck]:
            yield check(next(iter(scenarios)))
            raise BrokenProcessPool("a worker was killed")

        def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
            pass

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", DiesAfterOne)
    assert list(check_keys(library, jobs=2)) == one_by_one


def test_the_default_is_one_process_per_usable_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: {0, 3, 5}, raising=False)
    assert workers.usable_cores() == 3


def _never(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("no worker process should be started")


def test_when_the_workers_cannot_start_the_checks_run_here(library: list[Scenario], one_by_one: list[KeyCheck],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Starting them can fail after the pool is made: in the app, Textual's stand-in for stderr once gave the
    resource tracker -1 to hand on, a ValueError."""
    class CannotStart:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pass

        def map(self, check: Callable[[Scenario], KeyCheck], scenarios: Iterable[Scenario],
                chunksize: int = 1) -> Iterator[KeyCheck]:
            raise ValueError("bad value(s) in fds_to_keep")

        def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
            pass

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", CannotStart)
    assert list(check_keys(library, jobs=2)) == one_by_one
