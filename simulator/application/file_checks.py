"""Checking a trainer's scenario files in full (``validate``), many at once on every core: each file is
checked on its own, so a folder of them is shared among worker processes (``workers.shared_map``), and the
library they make is put together here, in the files' order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from simulator.application.workers import FILES_POOL_FROM, shared_map, starting_safely
from simulator.scenarios.files import scenario_files
from simulator.scenarios.loader import Loaded, LoadResult, gathered, load_file
from simulator.scenarios.problems import Problem


def check_files(paths: Iterable[str | os.PathLike[str]], *, jobs: int | None = None,
                found: Callable[[int], None] | None = None) -> LoadResult:
    """Every scenario file under ``paths`` checked as ``load_paths`` checks them (deep), with the same result.
    ``jobs``: how many processes may share the files (default: one per usable core); ``found`` is told how
    many files there are before they are checked."""
    files, problems = scenario_files(paths)
    if found is not None:
        found(len(files))
    context = starting_safely(("simulator.scenarios.loader",))
    return gathered(files, shared_map(_check, files, jobs=jobs, least=FILES_POOL_FROM, context=context, chunk=4),
                    problems)


def _check(path: Path) -> Loaded | list[Problem]:
    return load_file(path, deep=True)
