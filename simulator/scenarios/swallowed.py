"""A field swallowed by the text above it: `key:` indented one step too far under a `|` block becomes a line of
that text, and the item silently loses its key (or, in format 1, is "missing" it). Found from the composed
nodes and the source lines, before structuring, so the trainer is told what happened where it happened."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from types import UnionType
from typing import Any, Union, get_args, get_origin

import attrs
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from simulator.domain.model import Option, Scenario

from .problems import Problem
from .shorthand import KEY_FIELDS
from .source import Document

_FIELD_LINE = re.compile(r"^(\s*)([a-z_]+):(?:\s|$)")


@functools.cache
def _shape(cls: type) -> tuple[frozenset[str], dict[str, type]]:
    """The keys an item of ``cls`` may have, and the attrs class each field holds where it holds one. Worked
    out once per class: a file has a hundred or more items, and the library's files are read by the hundred."""
    attrs.resolve_types(cls)
    names = frozenset(f.name for f in attrs.fields(cls))
    inner = {f.name: held for f in attrs.fields(cls) if (held := _inner(f.type)) is not None}
    return (names | frozenset(KEY_FIELDS) if cls is Option else names), inner


def _inner(tp: Any) -> Any:
    """The attrs class a field holds, through tuples and optionals; None if it holds none."""
    while get_origin(tp) in (tuple, Union, UnionType):
        tp = next((a for a in get_args(tp) if a is not type(None) and a is not Ellipsis), None)
    return tp if isinstance(tp, type) and attrs.has(tp) else None


@attrs.frozen
class Swallowed:
    field: str
    problem: Problem


def swallowed_fields(doc: Document) -> list[Swallowed]:
    """Every line inside a `|` or `>` text that names a field its own item is missing."""
    if doc.root is None:
        return []
    lines = doc.text.splitlines()
    return list(_walk(doc, lines, doc.root, Scenario))


def _walk(doc: Document, lines: list[str], node: Node, cls: type) -> Iterator[Swallowed]:
    if isinstance(node, SequenceNode):
        for item in node.value:
            yield from _walk(doc, lines, item, cls)
        return
    if not isinstance(node, MappingNode):
        return
    names, holds = _shape(cls)
    present = {k.value for k, _ in node.value if isinstance(k, ScalarNode)}
    missing = names - present
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            continue
        if isinstance(value, ScalarNode) and value.style in ("|", ">"):
            yield from _inside(doc, lines, key, value, missing)
        elif (inner := holds.get(key.value)) is not None:
            yield from _walk(doc, lines, value, inner)


def _inside(doc: Document, lines: list[str], key: ScalarNode, text: ScalarNode,
            missing: frozenset[str]) -> Iterator[Swallowed]:
    # The block's own lines: after the `|` line, up to where the node ends.
    for number in range(text.start_mark.line + 1, min(text.end_mark.line + 1, len(lines))):
        match = _FIELD_LINE.match(lines[number])
        if match is None or match.group(2) not in missing:
            continue
        name, column = match.group(2), key.start_mark.column
        yield Swallowed(name, Problem(
            doc.path, number + 1, len(match.group(1)) + 1,
            f"`{name}:` is inside the text of `{key.value}` above: it is indented as part of that text, so this "
            f"item has no `{name}`",
            f"move `{name}:` left to column {column + 1}, under `{key.value}:`"))
        return  # one is enough: what follows it in the block is usually swallowed with it
