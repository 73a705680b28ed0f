"""Values derived from a scenario (or a part of one), computed once per object.

Scoring asks the same questions of a scenario for every transcript: the key's best path, a decision's best
options, the words of the case file. A scenario is frozen, so the answers never change, but it hashes by
value, deeply, so ``functools.lru_cache`` would hash the whole case on every call. These caches go by the
object itself (its identity) instead, and hold it while cached, so that no other object can take its place.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# More scenarios, stages or decisions than a library holds; past this a cache starts again rather than grow.
MAX_ENTRIES = 8192


def per_object(compute: Callable[[T], R]) -> Callable[[T], R]:
    """``compute`` cached by the identity of its one argument, which must never change (a frozen object, or a
    tuple of them)."""
    values: dict[int, tuple[T, R]] = {}

    @functools.wraps(compute)
    def cached(obj: T) -> R:
        hit = values.get(id(obj))
        if hit is not None and hit[0] is obj:
            return hit[1]
        if len(values) >= MAX_ENTRIES:
            values.clear()
        value = compute(obj)
        values[id(obj)] = (obj, value)
        return value

    cached.cache_clear = values.clear  # type: ignore[attr-defined]
    return cached
