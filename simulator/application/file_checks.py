"""Checking a trainer's scenario files in full (``validate``), many at once on every core: each file is
checked on its own, so a folder of them is shared among worker processes (``workers.shared_map``), and the
library they make is put together here, in the files' order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from simulator.application.workers import FILES_POOL_FROM, shared_map, starting_safely
from simulator.scenarios.files import bundled_dir, scenario_files
from simulator.scenarios.loader import Loaded, LoadResult, gathered, load_file
from simulator.scenarios.problems import Problem, id_used


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


def beside_bundled(result: LoadResult) -> LoadResult:
    """``result`` as the app's library would take it: the bundled cases come first there, so a trainer's file
    with a bundled case's id is not loaded, and is a problem here too (the library sends the trainer to
    `validate` to find it)."""
    from simulator.application.library import open_library

    bundled = bundled_dir().resolve()
    theirs = [s for s in result.scenarios if not Path(s.path).resolve().is_relative_to(bundled)]
    if not theirs:
        return result
    taken = {entry.id: entry.path for entry in open_library().entries}
    clashes = [s for s in theirs if s.scenario.id in taken]
    if not clashes:
        return result
    problems = [id_used(s.path, s.scenario.id, f"the bundled case {taken[s.scenario.id]}") for s in clashes]
    return LoadResult(tuple(s for s in result.scenarios if s not in clashes),
                      tuple(sorted([*result.problems, *problems])), result.files)
