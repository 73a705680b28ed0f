"""Properties of the reader: what is written comes back equal, and no input
of any kind makes it raise."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.scenarios import source, structure
from simulator.scenarios.canonical import to_data
from simulator.scenarios.loader import load_bytes
from simulator.scenarios.problems import Problem

from .helpers import MINI_TEXT
from .strategies import scenarios


def _structure_only(data: bytes) -> object:
    doc = source.read("s.yaml", data)
    assert not isinstance(doc, list), [p.format() for p in doc]
    return structure.structure(doc)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios)
def test_round_trip(scenario: object) -> None:
    written = yaml.safe_dump(to_data(scenario), allow_unicode=True, sort_keys=False)  # type: ignore[arg-type]
    assert _structure_only(written.encode("utf-8")) == scenario


def _never_raises(data: bytes) -> None:
    result = load_bytes("any.yaml", data)
    if isinstance(result, list):
        assert result, "a failed load must say why"
        assert all(isinstance(p, Problem) and p.line >= 1 and p.col >= 1 for p in result)


@settings(max_examples=300)
@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes) -> None:
    _never_raises(data)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300)
@given(yaml_values)
def test_any_yaml_document(value: object) -> None:
    _never_raises(yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))


@settings(max_examples=300)
@given(st.data())
def test_any_edit_of_a_valid_file(data: st.DataObject) -> None:
    """Cut, duplicate or overwrite a slice of a valid scenario."""
    text = MINI_TEXT
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 80)))
    insert = data.draw(st.text(max_size=20) | st.sampled_from(["\t", ": ", "- ", "&a ", "*a", "!!str ", "'", "[", "{"]))
    _never_raises((text[:start] + insert + text[end:]).encode("utf-8", "surrogatepass"))


@settings(max_examples=200)
@given(st.data())
def test_any_change_to_the_data(data: st.DataObject) -> None:
    """Replace one value anywhere in the scenario's data with any other value."""
    tree = yaml.safe_load(MINI_TEXT)
    paths: list[tuple[object, object]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                paths.append((node, k))
                walk(v)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                paths.append((node, i))
                walk(v)

    walk(tree)
    parent, key = data.draw(st.sampled_from(paths))
    parent[key] = data.draw(yaml_values)  # type: ignore[index]
    _never_raises(yaml.safe_dump(tree, allow_unicode=True).encode("utf-8"))
