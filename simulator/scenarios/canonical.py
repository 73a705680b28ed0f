"""The normalised scenario as JSON-ready data (what `show --json` prints and
the JSON Schema describes); also what the round-trip tests write back out."""

from __future__ import annotations

import enum
from typing import Any

import cattrs

from simulator.domain.model import Scenario

_CONVERTER = cattrs.Converter()
_CONVERTER.register_unstructure_hook_func(lambda t: isinstance(t, type) and issubclass(t, enum.Enum),
                                          lambda e: e.value)


def to_data(scenario: Scenario) -> dict[str, Any]:
    data: dict[str, Any] = _CONVERTER.unstructure(scenario)
    return data
