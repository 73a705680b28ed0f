"""The normalised scenario as JSON-ready data (what `show --json` prints and
the JSON Schema describes); also what the round-trip tests write back out."""

from __future__ import annotations

from typing import Any

import cattrs

from simulator.domain.model import MODEL_ENUMS, Scenario

_CONVERTER = cattrs.Converter()
# Each enum by name: the dispatch on `str` would otherwise pass the str-based enums through as they are.
for _enum in MODEL_ENUMS:
    _CONVERTER.register_unstructure_hook(_enum, lambda e: e.value)


def to_data(scenario: Scenario) -> dict[str, Any]:
    data: dict[str, Any] = _CONVERTER.unstructure(scenario)
    for stage in data["stages"]:
        # design.md's contract: a stage with several decisions carries `decisions`; one with one decision keeps
        # the plain `options` list. Each leaves the other out rather than printing it empty.
        stage.pop("options" if stage["decisions"] else "decisions")
    return data
