"""Values derived from a scenario (or a part of one), computed once per object.

Scoring asks the same questions of a scenario for every transcript: the key's best path, a decision's best
options, the words of the case file. A scenario is frozen, so the answers never change, but it hashes by
value, deeply, so ``functools.lru_cache`` would hash the whole case on every call. These caches go by the
object itself (its identity) instead. A value lives as long as its object: the author preview makes a new
scenario at every save, and what was derived from the old one goes with it.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Objects that cannot be referred to weakly (tuples) are held while cached: past this many, the cache of such
# objects starts again rather than grow.
MAX_HELD = 8192


def per_object(compute: Callable[[T], R]) -> Callable[[T], R]:
    """``compute`` cached by the identity of its one argument, which must never change (a frozen object, or a
    tuple of them)."""
    values: dict[int, tuple[Callable[[], object], R]] = {}
    held: list[int] = []  # the keys of objects held, not referred to weakly

    @functools.wraps(compute)
    def cached(obj: T) -> R:
        key = id(obj)
        hit = values.get(key)
        if hit is not None and hit[0]() is obj:
            return hit[1]
        value = compute(obj)
        try:
            # Gone with its object: the entry is dropped as the object dies, before its id can be used again.
            ref: Callable[[], object] = weakref.ref(obj, lambda _: values.pop(key, None))
        except TypeError:  # a tuple
            if len(held) >= MAX_HELD:
                for old in held:
                    values.pop(old, None)
                held.clear()
            held.append(key)
            ref = functools.partial(_itself, obj)
        values[key] = (ref, value)
        return value

    cached.cache_clear = values.clear  # type: ignore[attr-defined]
    cached.cache_size = values.__len__  # type: ignore[attr-defined]
    return cached


def _itself(obj: T) -> T:
    return obj
