"""Twin cases: one scenario told of two or more families that differ in one declared attribute only.

The text a trainee reads may say ``((key))`` where the twins differ; each twin says what every key stands for
(``Scenario.twins``). ``as_twin`` gives the case as one twin tells it. Only text is ever substituted, never an
id, a reference or the answer key's terms, so every twin has the same stages, options, evidence and key: the
same events replay the same way and score the same on each (lint makes sure, ``scenarios/twin_lint.py``).
Pure: no randomness here; the application layer draws the twin.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from .model import Scenario, Twin

# ((key)): parentheses mean nothing to YAML or Markdown, so a placeholder can start a line or a plain value.
PLACEHOLDER = re.compile(r"\(\(\s*([^()]*?)\s*\)\)")

# The text fields a twin may change: what a trainee reads while playing and in the debrief. Everything else
# (ids, references, conditions, the key's record terms and synonyms) is the same in every twin.
SUBSTITUTED = frozenset({
    "text", "label", "narrative", "source", "received", "household", "notes", "name", "role", "age", "date",
    "title", "feedback", "explanation", "message", "reviewer", "says",
})
# At the top level these are shown in the library before any twin is drawn, so they never change.
FIXED_AT_TOP = frozenset({"title", "summary", "author", "twins"})

Path = tuple[str | int, ...]


def placeholders(text: str) -> list[str]:
    """The keys ``text`` names, in order, repeats kept."""
    return PLACEHOLDER.findall(text)


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each ``((key))`` replaced by its value; a key without one stays as written."""
    if "((" not in text:
        return text
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def text_fields(scenario: Scenario) -> Iterator[tuple[Path, str, bool]]:
    """Every piece of text in the scenario as (data path, text, whether a twin may change it)."""
    for field in attrs.fields(Scenario):
        if field.name == "twins":
            continue
        yield from _walk((field.name,), getattr(scenario, field.name),
                         field.name in SUBSTITUTED and field.name not in FIXED_AT_TOP)


def _walk(path: Path, value: Any, substituted: bool) -> Iterator[tuple[Path, str, bool]]:
    if isinstance(value, enum.Enum) or value is None or isinstance(value, bool | int | float):
        return
    if isinstance(value, str):
        yield path, value, substituted
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _walk((*path, i), item, substituted)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk((*path, key), item, substituted)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from _walk((*path, field.name), getattr(value, field.name), field.name in SUBSTITUTED)


def written_anywhere(scenario: Scenario, needle: str) -> bool:
    """Whether any text ``text_fields`` gives contains ``needle``. Most cases have no twins and no
    placeholder, and finding that out needs no path to each text: walked with a stack, not a generator per
    value, as the library's files are read by the hundred."""
    stack: list[Any] = [getattr(scenario, f.name) for f in attrs.fields(Scenario) if f.name != "twins"]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if needle in value and not isinstance(value, enum.Enum):
                return True
        elif isinstance(value, tuple):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif (fields := getattr(type(value), "__attrs_attrs__", None)) is not None:
            stack.extend(getattr(value, f.name) for f in fields)
    return False


def twin_by_id(scenario: Scenario, twin_id: str) -> Twin | None:
    if scenario.twins is None:
        return None
    return next((t for t in scenario.twins.each if t.id == twin_id), None)


def as_twin(scenario: Scenario, twin_id: str) -> Scenario:
    """The case as twin ``twin_id`` tells it. A session that drew no twin (twins turned off, ``twin_id`` empty)
    or names one the file no longer has is told as the first twin; a case without twins is itself."""
    if scenario.twins is None or not scenario.twins.each:
        return scenario
    twin = twin_by_id(scenario, twin_id) or scenario.twins.each[0]
    values = dict(twin.text)
    changes = {f.name: _filled(getattr(scenario, f.name), values, f.name in SUBSTITUTED)
               for f in attrs.fields(Scenario) if f.name not in FIXED_AT_TOP}
    return attrs.evolve(scenario, **changes)


def _filled(value: Any, values: Mapping[str, str], substituted: bool) -> Any:
    if isinstance(value, enum.Enum) or value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return fill(value, values) if substituted else value
    if isinstance(value, tuple):
        return tuple(_filled(item, values, substituted) for item in value)
    if isinstance(value, dict):
        return {key: _filled(item, values, substituted) for key, item in value.items()}
    if attrs.has(type(value)):
        return attrs.evolve(value, **{f.name: _filled(getattr(value, f.name), values, f.name in SUBSTITUTED)
                                      for f in attrs.fields(type(value)) if f.init})
    return value
