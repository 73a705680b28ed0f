"""The documentation stays true: its worked example validates, and every
field of the model is described."""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from simulator.domain import model
from simulator.domain.engine import replay
from simulator.domain.scoring import score
from simulator.domain.strategies import reference_play
from simulator.scenarios.loader import load_bytes

DOCS = Path(__file__).parent.parent / "docs"
FORMAT = (DOCS / "scenario-format.md").read_text(encoding="utf-8")


def test_the_worked_example_validates_and_plays() -> None:
    [example] = re.findall(r"```yaml\n(.*?)```", FORMAT, re.S)
    scenario = load_bytes("worked-example.yaml", example.encode())
    assert not isinstance(scenario, list), [p.format() for p in scenario]
    assert score(replay(scenario, reference_play(scenario))).overall.value in ("good", "outstanding")


def test_every_field_is_documented() -> None:
    classes = [getattr(model, name) for name in dir(model)]
    for cls in filter(lambda c: isinstance(c, type) and attrs.has(c), classes):
        for field in attrs.fields(cls):
            assert f"| `{field.name}` |" in FORMAT or f"`{field.name}`" in FORMAT, f"{cls.__name__}.{field.name}"
