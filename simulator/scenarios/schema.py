"""The JSON Schema of the scenario format, derived from the attrs model so the
two cannot drift apart. Editors use it for checking and completion."""

from __future__ import annotations

import enum
import types
from typing import Any, Union, get_args, get_origin

import attrs

from simulator.domain.catalogue import CRITERION_IDS, FAILURE_POINT_IDS
from simulator.domain.model import Scenario

_ID_LISTS = {"failure_points": sorted(FAILURE_POINT_IDS), "scores": list(CRITERION_IDS),
             "limiting": list(CRITERION_IDS), "essential": list(CRITERION_IDS)}
# Editors read `age: 15` as a number; the loader reads it as text.
_TEXT_OR_NUMBER = frozenset({"age", "received", "date"})


def _type_schema(tp: Any, defs: dict[str, Any], name: str = "") -> dict[str, Any]:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return {"anyOf": [_type_schema(args[0], defs, name), {"type": "null"}]}
    if origin is tuple:
        items = _type_schema(get_args(tp)[0], defs)
        if name in _ID_LISTS:
            items = {"type": "string", "enum": _ID_LISTS[name]}
        return {"type": "array", "items": items}
    if origin is dict:
        return {"type": "object", "propertyNames": {"enum": list(CRITERION_IDS)},
                "additionalProperties": _type_schema(get_args(tp)[1], defs)}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"type": "string", "enum": [m.value for m in tp]}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is str:
        return {"type": ["string", "number"]} if name in _TEXT_OR_NUMBER else {"type": "string"}
    if attrs.has(tp):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # placeholder against recursion
            defs[tp.__name__] = _class_schema(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    raise TypeError(f"no schema for {tp!r}")


def _class_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    attrs.resolve_types(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    for f in attrs.fields(cls):
        prop = _type_schema(f.type, defs, f.name)
        if doc := f.metadata.get("doc"):
            prop = {**prop, "description": doc}
        props[f.name] = prop
        if f.default is attrs.NOTHING:
            required.append(f.name)
    return {"type": "object", "properties": props, "required": required, "additionalProperties": False}


def scenario_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    root = _class_schema(Scenario, defs)
    root["properties"]["format"] = {**root["properties"]["format"], "const": 1}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:case-review-simulator:scenario:1",
        "title": "Case Review Simulator scenario (format 1)",
        **root,
        "$defs": defs,
    }
