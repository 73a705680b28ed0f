"""The bundled library, loaded once per test process: eight test modules read it when they are collected, and
loading it (with the lint) costs over a second each time, in every test process."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from simulator.domain.events import Event, event_from_json
from simulator.domain.model import Scenario
from simulator.domain.twins import as_twin
from simulator.scenarios.loader import LoadResult, bundled_dir, load_paths


@functools.cache
def bundled_library() -> LoadResult:
    """Shared, so never changed by a test: scenarios are frozen, and the lists are only read."""
    return load_paths([bundled_dir()])


def expert_session(case: str, pattern: str = "good-practice") -> tuple[Scenario, list[Event]]:
    """An expert transcript (tests/expert/CASE/PATTERN.json) and its case, told as the twin it was written for."""
    data = json.loads((Path(__file__).parent / "expert" / case / f"{pattern}.json").read_text(encoding="utf-8"))
    scenario = next(loaded.scenario for loaded in bundled_library().scenarios if loaded.scenario.id == case)
    return (as_twin(scenario, data["twin"]) if data.get("twin") else scenario,
            [event_from_json(e) for e in data["events"]])
