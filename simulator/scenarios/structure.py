"""Plain data to the attrs model with cattrs, strictly: unknown keys are
errors, and every scalar is read as its field's type says. cattrs' nested
errors carry the path of the bad value; ``structure`` turns each into a
problem at that value's line and column."""

from __future__ import annotations

import copy
import difflib
import enum
import functools
import re
import weakref
from collections.abc import Callable, Iterator
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn
from yaml.nodes import MappingNode, Node, SequenceNode

from simulator.domain.model import MODEL_ENUMS, Scenario

from .problems import Problem, Severity
from .source import Document

T = TypeVar("T")
PathElem = str | int
Path = tuple[PathElem, ...]


class FieldError(ValueError):
    def __init__(self, message: str, hint: str = "", value: Any = None) -> None:
        super().__init__(message)
        self.hint = hint
        self.value = value  # what was found, where a message about it may say it better


_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}


def found(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys"
    return repr(value)


def _text(value: Any, _: type) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        raise FieldError("this needs text, but nothing was given", "write the text after the colon, or remove the key")
    raise FieldError(f"this needs text, but found {found(value)}",
                     "text containing ': ' or starting with '-' must be quoted, or written after `|`")


def _int(value: Any, _: type) -> int:
    if isinstance(value, str) and _INT.fullmatch(value.strip()):
        return int(value)
    raise FieldError(f"this needs a whole number, but found {found(value)}")


def _float(value: Any, _: type) -> float:
    if isinstance(value, str) and _FLOAT.fullmatch(value.strip()):
        return float(value)
    raise FieldError(f"this needs a number such as 0.5 or 2, but found {found(value)}", value=value)


def _bool(value: Any, _: type) -> bool:
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    hint = "write true or false" + ("; yes and no are not accepted here"
                                     if isinstance(value, str) and value.lower() in _YAML11_BOOLS else "")
    raise FieldError(f"this needs true or false, but found {found(value)}", hint)


def _enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    choices = [m.value for m in cls]
    if isinstance(value, str) and value in choices:
        return cls(value)
    hint = ""
    if isinstance(value, str) and (close := difflib.get_close_matches(value, choices, n=1)):
        hint = f"did you mean {close[0]!r}?"
    raise FieldError(f"this must be one of {', '.join(choices)}, but found {found(value)}", hint)


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _text)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(float, _float)
    conv.register_structure_hook(bool, _bool)
    # Each enum by name: the dispatch on `str` would otherwise catch the str-based enums.
    for enum_cls in MODEL_ENUMS:
        conv.register_structure_hook(enum_cls, _enum)

    def attrs_factory(cls: type) -> Any:
        generated: Any = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)

        def structure(value: Any, _: type) -> Any:
            if not isinstance(value, dict):
                raise FieldError(f"this needs a mapping of keys, but found {found(value)}",
                                 "indent the keys that belong here under it")
            return generated(value, cls)

        return structure

    def tuple_factory(cls: Any) -> Any:
        elem = cls.__args__[0]

        def structure(value: Any, _: type) -> Any:
            if not isinstance(value, list):
                raise FieldError(f"this needs a list, but found {found(value)}",
                                 "write a list as [a, b] or as one `- item` per line")
            return tuple(_each(conv, enumerate(value), elem, cls))

        return structure

    def dict_factory(cls: Any) -> Any:
        elem = cls.__args__[1]

        def structure(value: Any, _: type) -> Any:
            if not isinstance(value, dict):
                raise FieldError(f"this needs a mapping of keys, but found {found(value)}")
            return dict(zip(value, _each(conv, value.items(), elem, cls), strict=True))

        return structure

    conv.register_structure_hook_factory(attrs.has, attrs_factory)
    conv.register_structure_hook_factory(
        lambda t: _origin(t) is tuple and len(get_args(t)) == 2 and get_args(t)[1] is Ellipsis, tuple_factory
    )
    conv.register_structure_hook_factory(lambda t: _origin(t) is dict, dict_factory)
    return conv


def _origin(tp: Any) -> Any:
    return get_origin(tp)


def _each(conv: cattrs.Converter, items: Any, elem: Any, cls: Any) -> Iterator[Any]:
    """Structure every item, collecting all failures with their index or key."""
    out: list[Any] = []
    errors: list[Exception] = []
    for index, item in items:
        try:
            out.append(conv.structure(item, elem))
        except Exception as exc:  # cattrs raises many types; each is reported, none escapes
            exc.__notes__ = [*getattr(exc, "__notes__", []), IterableValidationNote(f"@ {index}", index, elem)]
            errors.append(exc)
    if errors:
        raise IterableValidationError(f"While structuring {cls}", errors, cls)
    return iter(out)


CONVERTER = _make_converter()


def _errors(exc: BaseException, path: Path) -> Iterator[tuple[Path, BaseException]]:
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            step = note.name if isinstance(note, AttributeValidationNote) else note.index
            yield from _errors(inner, (*path, step))
        for inner in without:
            yield from _errors(inner, path)
    else:
        yield path, exc


# Steps that format 2's short forms leave out of the file (shorthand.py): a problem under one is found on the
# mapping that holds it.
_SHORTHAND_STEPS = frozenset({"key"})


_KEYS: weakref.WeakKeyDictionary[MappingNode, dict[object, tuple[Node, Node]]] = weakref.WeakKeyDictionary()


def _keys(node: MappingNode) -> dict[object, tuple[Node, Node]]:
    """A mapping node's (key node, value node) by key, the first of duplicates, made once per node: a file of
    thousands of problems would otherwise scan its mapping once for each (quadratic)."""
    found = _KEYS.get(node)
    if found is None:
        found = {}
        for k, v in node.value:
            if isinstance(k.value, str):
                found.setdefault(k.value, (k, v))
        _KEYS[node] = found
    return found


def _node_at(root: Node, path: Path) -> tuple[Node, Node | None]:
    """The node at ``path`` (or the deepest that exists) and, for a mapping
    value, the node of its key."""
    node, key_node = root, None
    for step in path:
        if isinstance(node, MappingNode):
            found = _keys(node).get(step)
            if found is None:
                if step in _SHORTHAND_STEPS:
                    continue  # format 2 wrote what is under it on the mapping itself (an option's `verdict`)
                return node, key_node
            key_node, node = found
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            node, key_node = node.value[step], None
        else:
            return node, key_node
    return node, key_node


def problem_at(doc: Document, path: Path, message: str, hint: str = "", *, on_key: bool = False,
               severity: Severity = Severity.ERROR) -> Problem:
    assert doc.root is not None
    node, key_node = _node_at(doc.root, path)
    mark = (key_node if on_key and key_node is not None else node).start_mark
    return Problem(doc.path, mark.line + 1, mark.column + 1, message, hint, severity)


# What one item of each list is called when a message names it by its id.
_ITEM_NAMES = {
    "evidence": "evidence", "actions": "action", "stages": "stage", "options": "option", "endings": "ending",
    "people": "person", "decisions": "decision", "never_events": "never-event", "harmful": "harmful step",
    "facts": "fact", "clocks": "clock", "documents": "document", "points": "record point", "wrong": "record point",
}


def item_name(path: Path) -> str | None:
    """What the items of the list at or holding ``path`` are called (`option` for `stages[0].options[2]`)."""
    for step in reversed(path):
        if isinstance(step, str) and step in _ITEM_NAMES:
            return _ITEM_NAMES[step]
    return None


def describe(path: Path, data: Any = None) -> str:
    """Where ``path`` is, as a trainer would name it: items by their ids where ``data`` has them
    (`stage 'contact', option 'close', key.verdict`), else by place (`stages[0].options[0].key.verdict`)."""
    parts: list[str] = []
    fields = ""
    node = data
    for index, step in enumerate(path):
        named = None
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            item = node[step]
            list_name = path[index - 1] if index else None
            item_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(list_name, str) and list_name in _ITEM_NAMES and isinstance(item_id, str) and item_id:
                named = f"{_ITEM_NAMES[list_name]} {item_id!r}"
        if named is not None:
            # The list's own name is said by the item's ("stage 'contact'", not "stages, stage 'contact'").
            fields = fields.rsplit(".", 1)[0] if "." in fields else ""
            if fields:
                parts.append(fields)
            parts.append(named)
            fields = ""
        elif isinstance(step, int):
            fields += f"[{step}]"
        else:
            fields += f".{step}" if fields else str(step)
        node = node[step] if _can_step(node, step) else None
    if fields:
        parts.append(fields)
    return ", ".join(parts) or "the file"


def _can_step(node: Any, step: str | int) -> bool:
    if isinstance(step, int):
        return isinstance(node, list) and step < len(node)
    return isinstance(node, dict) and step in node


def _field_names(cls: type) -> list[str]:
    return [f.name for f in attrs.fields(cls)]


def _field_at(path: Path) -> attrs.Attribute[Any] | None:
    """The attrs field a data path names (list indexes skipped), or None."""
    cls: Any = Scenario
    found: attrs.Attribute[Any] | None = None
    for step in path:
        if isinstance(step, int):
            continue
        if not attrs.has(cls):
            return None
        attrs.resolve_types(cls)
        fields = attrs.fields_dict(cls)
        if step not in fields:
            return None
        found = fields[step]
        cls = found.type
        while _origin(cls) in (tuple, Union, UnionType, dict):
            cls = [a for a in get_args(cls) if a is not type(None) and a is not Ellipsis][-1]
    return found


_NOT_SCALAR = object()


def _placeholder(tp: Any) -> Any:
    """A value of the field's type that structures, standing in for a bad one."""
    if _origin(tp) in (Union, UnionType):
        return None
    if _origin(tp) is tuple:
        return []
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return next(iter(tp)).value
    return {str: "", int: "1", float: "0", bool: "false"}.get(tp, _NOT_SCALAR)


def _container(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


def _repair(data: Any, errors: list[tuple[Path, BaseException]]) -> tuple[Any, list[Path]] | None:
    """A copy of the data with each bad part removed or replaced, or None if some part cannot be."""
    data = copy.deepcopy(data)
    repaired: list[Path] = []
    try:
        for path, err in errors:
            if isinstance(err, ForbiddenExtraKeysError):
                mapping = _container(data, path)
                for key in err.extra_fields:
                    del mapping[key]
                    repaired.append((*path, key))
                continue
            if not path or not isinstance(path[-1], str):
                return None  # a whole list item or the document itself is unusable
            field = _field_at(path)
            if field is None:
                return None
            parent = _container(data, path[:-1])
            if field.default is not attrs.NOTHING and not isinstance(err, KeyError):
                del parent[path[-1]]
            else:
                value = _placeholder(field.type)
                if value is _NOT_SCALAR:
                    return None
                parent[path[-1]] = value
            repaired.append(path)
    except (KeyError, IndexError, TypeError):
        return None
    return data, repaired


def lenient(doc: Document) -> tuple[Scenario, list[Path]] | None:
    """For a file that failed to structure: the model with its bad parts
    repaired, and the paths repaired, so cross-reference checks can still
    run and every problem be reported at once. None when it cannot be done."""
    try:
        CONVERTER.structure(doc.data, Scenario)
        return None
    except Exception as exc:  # each failure is examined; none escapes
        errors = list(_errors(exc, ()))
    fixed = _repair(doc.data, errors)
    if fixed is None:
        return None
    data, repaired = fixed
    try:
        return CONVERTER.structure(data, Scenario), repaired
    except Exception:  # the repair did not take; the first round's problems stand alone
        return None


def structure(doc: Document) -> Scenario | list[Problem]:
    try:
        return CONVERTER.structure(doc.data, Scenario)
    except Exception as exc:  # every failure becomes a problem; none escapes as a traceback
        errors = list(_errors(exc, ()))
        # A misspelt key also leaves its real name missing; the "did you mean" says it all.
        # Each unknown key's suggestion is worked out once: a file of thousands of them would otherwise
        # pay for each twice.
        closest = functools.cache(_closest)
        misspelt = {(path, closest(key, err.cl)) for path, err in errors if isinstance(err, ForbiddenExtraKeysError)
                    for key in err.extra_fields}
        return [p for path, err in errors
                if not (isinstance(err, KeyError) and (path[:-1], err.args[0] if err.args else None) in misspelt)
                for p in _to_problems(doc, path, err, closest)]


def _closest(key: str, cls: type) -> str | None:
    close = difflib.get_close_matches(key, _field_names(cls), n=1, cutoff=0.6)
    return close[0] if close else None


# Fields measured in working days: their messages say the unit, and what an hour is.
_WORKING_DAYS = frozenset({"cost", "elapses", "days", "start_day", "by_day"})


def _to_problems(doc: Document, path: Path, err: BaseException,
                 closest: Callable[[str, type], str | None] = _closest) -> list[Problem]:
    where = describe(path, doc.data)
    if isinstance(err, ForbiddenExtraKeysError):
        # one problem per unknown key, at the key itself
        problems = []
        for key in sorted(err.extra_fields):
            close = closest(key, err.cl)
            if close:
                hint = f"did you mean {close!r}?"
            elif " " in key.strip():
                hint = "a comma inside { } or [ ] ends the text there; put quotes around text that contains a comma"
            else:
                hint = f"the keys allowed here are: {', '.join(_field_names(err.cl))}"
            problems.append(problem_at(doc, (*path, key), f"unknown key {key!r} in {where}", hint, on_key=True))
        return problems
    if isinstance(err, KeyError):
        name = err.args[0] if err.args else "?"
        return [problem_at(doc, path[:-1], f"{describe(path[:-1], doc.data)} is missing the required key {name!r}")]
    if isinstance(err, FieldError) and path and path[-1] in _WORKING_DAYS and isinstance(err.value, str):
        holder = describe(path[:-1], doc.data)
        return [problem_at(doc, path, f"{holder}: `{path[-1]}` is a number of working days, but found {err.value!r}",
                           "write the number alone: 0.1 is about an hour, 0.5 half a day, 2 two working days")]
    if isinstance(err, FieldError):
        return [problem_at(doc, path, f"{where}: {err}", err.hint)]
    return [problem_at(doc, path, f"{where}: {err}")]
