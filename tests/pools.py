"""Counting the worker pools a test starts (real ones: the work is done in worker processes)."""

from __future__ import annotations

import concurrent.futures
from typing import Any

import pytest

from simulator.application import workers


def count_pools(monkeypatch: pytest.MonkeyPatch, cores: int | None = None) -> list[int]:
    """The processes of each pool started from now on, as a list that fills as they start. ``cores``: as if
    this process could run on that many (so that a test shares its work on a one-core machine too)."""
    started: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    def counting(max_workers: int, **kwargs: Any) -> concurrent.futures.ProcessPoolExecutor:
        started.append(max_workers)
        return real(max_workers, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting)
    if cores is not None:
        monkeypatch.setattr(workers, "usable_cores", lambda: cores)
    return started
