"""Checking the keys of a whole library, on every core the machine lends us.

Each key check plays its scenario about a hundred times (``domain.keycheck``), and the scenarios do not
depend on one another, so a library's checks are shared among worker processes (``workers.shared_map``): a
trainer checking five hundred files waits half as long on two cores, and each result comes back in order as
soon as it is ready, so a command can print as it goes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from simulator.application.workers import shared_map, starting_safely
from simulator.domain.keycheck import KeyCheck, check_key
from simulator.domain.model import Scenario


def check_keys(scenarios: Sequence[Scenario], jobs: int | None = None) -> Iterator[KeyCheck]:
    """Each scenario's key check, in order. ``jobs`` is how many processes may share the work (default: one
    per usable core)."""
    return shared_map(check_key, scenarios, jobs=jobs, context=starting_safely(("simulator.domain.keycheck",)))
