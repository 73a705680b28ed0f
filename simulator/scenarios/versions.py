"""What each format version allows, read from the plain data before it is structured.

Format 1 files are read by format 1's rules: a format 2 field in one is an error that says to change the first
line, and the keys format 1 required stay required there. Format 2 fills in sensible defaults
(`shorthand.py`). A `format:` newer than this version reads gets one message, at that line, instead of a list
of missing keys; so does one missing or not a format, saying which format the file's fields are written in.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from simulator.domain.model import (
    FORMAT_VERSIONS,
    Action,
    Ending,
    EvidenceKey,
    NeverEvent,
    Option,
    Person,
    Scenario,
    Stage,
)

from .structure import Path, describe, found

# Per kind of object, the keys format 2 added.
FORMAT_2_KEYS: dict[str, frozenset[str]] = {
    "scenario": frozenset({"facts", "clocks", "twins"}),
    "person": frozenset({"child"}),
    "evidence_key": frozenset({"bears_on"}),
    "action": frozenset({"sees", "by", "sets", "when"}),
    "stage": frozenset({"decisions", "next", "variants"}),
    "option": frozenset({"route", "sets", "when", "verdict", "votes", "feedback", "counts_against", "sees"}),
    "ending": frozenset({"variants"}),
    "never_event": frozenset({"when"}),
}
# Keys format 1 required that format 2 fills in.
FORMAT_1_REQUIRED: dict[str, tuple[str, ...]] = {"stage": ("scores", "options"), "option": ("next",)}


def declared(data: Any) -> int | None:
    """The file's `format:` as a whole number, or None when it is missing or not a number (structuring says so)."""
    value = data.get("format") if isinstance(data, dict) else None
    return int(value) if isinstance(value, str) and value.strip().isdigit() else None


def readable(version: int) -> bool:
    return version in FORMAT_VERSIONS


def too_new_message(version: int) -> tuple[str, str]:
    known = " and ".join(str(v) for v in FORMAT_VERSIONS)
    return (f"this file is format {version}; this version of the Case Review Simulator reads formats {known}",
            f"write it as format {FORMAT_VERSIONS[-1]}, or use a newer version of the simulator")


def _objects(data: dict[str, Any]) -> Iterator[tuple[str, Path, dict[str, Any]]]:
    """Every object in the file that format 2 changed, as (kind, path, mapping)."""
    yield "scenario", (), data
    case = data.get("case")
    people = case.get("people") if isinstance(case, dict) else None
    for i, p in enumerate(people if isinstance(people, list) else []):
        if isinstance(p, dict):
            yield "person", ("case", "people", i), p
    for i, e in enumerate(_list(data.get("evidence"))):
        if isinstance(e, dict) and isinstance(e.get("key"), dict):
            yield "evidence_key", ("evidence", i, "key"), e["key"]
    for i, a in enumerate(_list(data.get("actions"))):
        if isinstance(a, dict):
            yield "action", ("actions", i), a
    for si, st in enumerate(_list(data.get("stages"))):
        if not isinstance(st, dict):
            continue
        yield "stage", ("stages", si), st
        for oi, o in enumerate(_list(st.get("options"))):
            if isinstance(o, dict):
                yield "option", ("stages", si, "options", oi), o
    for i, e in enumerate(_list(data.get("endings"))):
        if isinstance(e, dict):
            yield "ending", ("endings", i), e
    key = data.get("key")
    for i, ne in enumerate(_list(key.get("never_events")) if isinstance(key, dict) else []):
        if isinstance(ne, dict):
            yield "never_event", ("key", "never_events", i), ne


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def format_1_problems(data: dict[str, Any]) -> Iterator[tuple[Path, str, str]]:
    """In a format 1 file: format 2 fields used, and format 1's required keys missing, as (path, message, hint)."""
    for path, key in format_2_uses(data):
        if key == "kind":
            yield (*path, key), "`kind: status` is a format 2 value, and this file says `format: 1`", _CHANGE_TO_2
        else:
            yield (*path, key), f"`{key}` is a format 2 field, and this file says `format: 1`", _CHANGE_TO_2
    for path, key in format_1_missing(data):
        yield path, f"{describe(path, data)} is missing the required key {key!r}", ""


_CHANGE_TO_2 = "change the first line to `format: 2`: format 2 reads everything format 1 does"


def format_2_uses(data: dict[str, Any]) -> Iterator[tuple[Path, str]]:
    """Every format 2 field (or `kind: status`, format 2's value) the file uses, as (path of its object, key)."""
    for kind, path, mapping in _objects(data):
        # The normalised form (`show --json`) writes every field, format 2's empty ones included: only a value
        # that says something is format 2's.
        for key in sorted(k for k in FORMAT_2_KEYS[kind] & set(mapping) if _says_something(kind, k, mapping[k])):
            yield path, key
        if kind == "evidence_key" and mapping.get("kind") == "status":
            yield path, "kind"


def format_1_missing(data: dict[str, Any]) -> Iterator[tuple[Path, str]]:
    """Every key format 1 requires that the file leaves out (format 2 fills it in), as (path of its object, key)."""
    for kind, path, mapping in _objects(data):
        for key in FORMAT_1_REQUIRED.get(kind, ()):
            if key not in mapping:
                yield path, key


def unknown_format_message(data: dict[str, Any]) -> tuple[str, str]:
    """What to say of a file whose `format:` is missing or not a format at all, and which format its fields are
    written in: reading it by either format's rules would bury this one mistake under the fields that format
    does not have, or has but the file left out."""
    known = " or ".join(str(v) for v in FORMAT_VERSIONS)
    if "format" in data:
        written = found(data["format"])
        message = f"`format:` must be {known}, the format the file is written in; this file says {written}"
    else:
        message = f"this file has no `format:` line, which says the format it is written in: {known}"
    newest = f"put `format: {FORMAT_VERSIONS[-1]}` on its first line"
    used = _named(sorted({"kind: status" if key == "kind" else key for _, key in format_2_uses(data)}))
    if used:
        return message, f"this file uses format 2's {used}: {newest}"
    left_out = _named(sorted({key for _, key in format_1_missing(data)}))
    if left_out:
        return message, f"this file leaves out {left_out}, which format 2 fills in: {newest}"
    return message, "this file reads as format 1: put `format: 1` on its first line; `format: 2` reads it too, " \
                    "and lets it use what format 2 adds"


def _named(keys: list[str]) -> str:
    """`a`, `b` and `c`."""
    quoted = [f"`{k}`" for k in keys]
    return " and ".join([", ".join(quoted[:-1]), quoted[-1]] if len(quoted) > 1 else quoted)


_CLASSES: dict[str, type] = {
    "scenario": Scenario, "person": Person, "evidence_key": EvidenceKey, "action": Action, "stage": Stage,
    "option": Option, "ending": Ending, "never_event": NeverEvent,
}


def _says_something(kind: str, key: str, value: Any) -> bool:
    """Whether a value says something beyond the field's default (the normalised form writes them all)."""
    if value in (None, "", "null", "~") or value == [] or value == {}:
        return False
    fields = attrs.fields_dict(_CLASSES[kind])
    if key not in fields or fields[key].default is attrs.NOTHING:
        return True
    default: Any = fields[key].default
    written = ("true" if default else "false") if isinstance(default, bool) else getattr(default, "value", default)
    return bool(value != written)
