"""The JSON Schema of the scenario format, derived from the attrs model so the
two cannot drift apart. Editors use it for checking and completion."""

from __future__ import annotations

import enum
import types
from typing import Any, Union, get_args, get_origin

import attrs

from simulator.domain.catalogue import CRITERION_IDS, FAILURE_POINT_IDS
from simulator.domain.model import FORMAT_VERSIONS, Scenario

from .shorthand import KEY_FIELDS
from .versions import FORMAT_1_REQUIRED

_ID_LISTS = {"failure_points": sorted(FAILURE_POINT_IDS), "scores": list(CRITERION_IDS),
             "limiting": list(CRITERION_IDS), "essential": list(CRITERION_IDS)}
# Mappings keyed by criterion id (the others, such as `synonyms`, are keyed by the author's words).
_BY_CRITERION = frozenset({"feedback"})
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
        schema: dict[str, Any] = {"type": "object", "additionalProperties": _type_schema(get_args(tp)[1], defs)}
        if name in _BY_CRITERION:
            schema["propertyNames"] = {"enum": list(CRITERION_IDS)}
        return schema
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


# What format 2's short form lets a file leave out (shorthand.py fills it in); format 1 still requires it.
_SHORT_FORM_OPTIONAL = {
    "Scenario": ("difficulty", "minutes"),
    "Evidence": ("source", "key"),
    "Option": ("outcome", "key"),
}


def scenario_schema() -> dict[str, Any]:
    """The file as a trainer writes it, in either format: format 2's short forms are allowed (an option's
    `verdict` on the option, no `next`, no `scores`), and a file saying `format: 1` is held to format 1's
    required keys. The normalised form (`show --json`) fits it too."""
    defs: dict[str, Any] = {}
    root = _class_schema(Scenario, defs)
    root["properties"]["format"] = {**root["properties"]["format"], "enum": list(FORMAT_VERSIONS)}
    for name, optional in _SHORT_FORM_OPTIONAL.items():
        target = root if name == "Scenario" else defs[name]
        target["required"] = [r for r in target["required"] if r not in optional]
    option_key = defs["OptionKey"]["properties"]
    defs["Option"]["properties"].update({k: option_key[k] for k in KEY_FIELDS})
    format_1 = {
        "required": list(_SHORT_FORM_OPTIONAL["Scenario"]),
        "properties": {
            "evidence": {"items": {"required": list(_SHORT_FORM_OPTIONAL["Evidence"])}},
            "stages": {"items": {"required": list(FORMAT_1_REQUIRED["stage"]), "properties": {
                "options": {"items": {"required": [*_SHORT_FORM_OPTIONAL["Option"], *FORMAT_1_REQUIRED["option"]]}},
            }}},
        },
    }
    known = " and ".join(str(v) for v in FORMAT_VERSIONS)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:case-review-simulator:scenario:2",
        "title": f"Case Review Simulator scenario (formats {known})",
        **root,
        "allOf": [{"if": {"properties": {"format": {"const": 1}}}, "then": format_1}],
        "$defs": defs,
    }
