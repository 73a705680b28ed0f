"""The bundled library, loaded once per test process: eight test modules read it when they are collected, and
loading it (with the lint) costs over a second each time, in every test process."""

from __future__ import annotations

import functools

from simulator.scenarios.loader import LoadResult, bundled_dir, load_paths


@functools.cache
def bundled_library() -> LoadResult:
    """Shared, so never changed by a test: scenarios are frozen, and the lists are only read."""
    return load_paths([bundled_dir()])
