"""The documentation stays true: its worked example validates, and every
field of the model is described."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest

from simulator.domain import model
from simulator.domain.engine import replay
from simulator.domain.events import event_from_json
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.table import CRITERION_MEASURES
from simulator.domain.strategies import reference_play
from simulator.scenarios.loader import load_bytes

from .conftest import load_mini

DOCS = Path(__file__).parent.parent / "docs"
FORMAT = (DOCS / "scenario-format.md").read_text(encoding="utf-8")
# Twin cases (`twins`) are described in the trainer's guide, with the ethics of using them.
AUTHORING = (DOCS / "authoring.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("example", re.findall(r"```yaml\n(.*?)```", FORMAT, re.S), ids=["short-form", "worked"])
def test_the_examples_validate_and_play(example: str) -> None:
    scenario = load_bytes("example.yaml", example.encode())
    assert not isinstance(scenario, list), [p.format() for p in scenario]
    assert score(replay(scenario, reference_play(scenario))).overall.value in ("good", "outstanding")


def test_the_short_form_is_short() -> None:
    short = re.findall(r"```yaml\n(.*?)```", FORMAT, re.S)[0]
    assert short.startswith("format: 2") and len(short.splitlines()) <= 80


def test_every_field_is_documented() -> None:
    classes = [getattr(model, name) for name in dir(model)]
    for cls in filter(lambda c: isinstance(c, type) and attrs.has(c), classes):
        for field in attrs.fields(cls):
            where = AUTHORING if cls in (model.Twins, model.Twin) or field.name == "twins" else FORMAT
            assert f"| `{field.name}` |" in where or f"`{field.name}`" in where, f"{cls.__name__}.{field.name}"


SCORING = (DOCS / "scoring.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```json scoring-example\n(.*?)```", SCORING, re.S)


def test_the_scoring_document_has_worked_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: str(EXAMPLES.index(e)))
def test_each_worked_example_in_the_scoring_document_holds(example: str) -> None:
    """The figures docs/scoring.md gives are the ones the scoring computes, on tests/data/mini.yaml."""
    data = json.loads(example)
    debrief = score(replay(load_mini(), [event_from_json(e) for e in data["events"]]))
    expect = data["expect"]
    assert debrief.overall.value == expect["overall"], debrief.reasons
    for cid, value in expect["scores"].items():
        assert debrief.criteria[cid].score == pytest.approx(value, abs=0.005), (cid, debrief.criteria[cid])
    assert list(debrief.shown_failure_points) == expect["failure_points"]


def test_the_scoring_table_in_the_document_is_the_code_s() -> None:
    words = {"essential-evidence": "essential evidence", "child-seen": "child seen"}
    for cid, measures in CRITERION_MEASURES.items():
        row = next(line for line in SCORING.splitlines() if line.startswith(f"| {cid} |"))
        missing = [m for m in measures if words.get(m, m) not in row]
        assert not missing, (cid, missing)


def test_every_route_is_documented_with_its_place_on_the_scale() -> None:
    from simulator.domain.catalogue import ROUTES

    routes = (DOCS / "routes.md").read_text(encoding="utf-8")
    for route in ROUTES:
        row = next(line for line in routes.splitlines() if line.startswith(f"| `{route.id}`"))
        assert f"`{route.level.value}`" in row, route.id
