"""The transcript events: the one vocabulary the app, the store, `score` and
the exports all speak (design.md, "One event vocabulary").

Reading events from JSON-shaped data is pure, so it lives here too.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs


class FlagKind(enum.StrEnum):
    RISK = "risk"
    PROTECTIVE = "protective"


CONFIDENCE_RANGE = range(1, 4)
CONFIDENCE_LABELS = {1: "low", 2: "medium", 3: "high"}


@attrs.frozen
class TakeAction:
    action: str


@attrs.frozen
class Flag:
    evidence: str
    as_: FlagKind


@attrs.frozen
class Unflag:
    evidence: str


@attrs.frozen(kw_only=True)
class Decide:
    stage: str
    option: str
    rationale: str = ""
    cites: tuple[str, ...] = ()
    confidence: int | None = None
    decision: str | None = None  # which of a stage's several decisions (format 2); None for a stage's only one


@attrs.frozen
class Note:
    """A free-text note; kept in the log, never scored."""

    text: str


Event = TakeAction | Flag | Unflag | Decide | Note


class EventFormatError(ValueError):
    """An event that is not of the transcript's shape."""


def event_to_json(event: Event) -> dict[str, Any]:
    if isinstance(event, TakeAction):
        return {"type": "action", "action": event.action}
    if isinstance(event, Flag):
        return {"type": "flag", "evidence": event.evidence, "as": event.as_.value}
    if isinstance(event, Unflag):
        return {"type": "unflag", "evidence": event.evidence}
    if isinstance(event, Decide):
        out: dict[str, Any] = {
            "type": "decide",
            "stage": event.stage,
            "option": event.option,
            "rationale": event.rationale,
            "cites": list(event.cites),
        }
        if event.confidence is not None:
            out["confidence"] = event.confidence
        if event.decision is not None:
            out["decision"] = event.decision
        return out
    return {"type": "note", "text": event.text}


_FIELDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # type: (required, optional)
    "action": (frozenset({"action"}), frozenset()),
    "flag": (frozenset({"evidence", "as"}), frozenset()),
    "unflag": (frozenset({"evidence"}), frozenset()),
    "decide": (frozenset({"stage", "option"}), frozenset({"rationale", "cites", "confidence", "decision"})),
    "note": (frozenset({"text"}), frozenset()),
}


def event_from_json(data: object) -> Event:
    """Read one event, or raise EventFormatError saying what is wrong."""
    if not isinstance(data, Mapping):
        raise EventFormatError("an event must be a JSON object")
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in _FIELDS:  # a list or an object cannot even be looked up
        raise EventFormatError(f"unknown event type {kind!r}; expected one of: {', '.join(_FIELDS)}")
    required, optional = _FIELDS[kind]
    keys = set(data) - {"type"}
    if missing := sorted(required - keys):
        raise EventFormatError(f"a {kind!r} event needs {', '.join(repr(m) for m in missing)}")
    if extra := sorted(keys - required - optional):
        raise EventFormatError(f"a {kind!r} event has unknown field {', '.join(repr(e) for e in extra)}")
    for name in sorted(keys - {"cites", "confidence"}):
        if not isinstance(data[name], str):
            raise EventFormatError(f"{name!r} must be a string")
    if kind == "action":
        return TakeAction(data["action"])
    if kind == "flag":
        try:
            as_ = FlagKind(data["as"])
        except ValueError:
            raise EventFormatError("'as' must be \"risk\" or \"protective\"") from None
        return Flag(data["evidence"], as_)
    if kind == "unflag":
        return Unflag(data["evidence"])
    if kind == "note":
        return Note(data["text"])
    cites = data.get("cites", [])
    if not isinstance(cites, list) or not all(isinstance(c, str) for c in cites):
        raise EventFormatError("'cites' must be a list of evidence ids")
    confidence = data.get("confidence")
    if confidence is not None and (
        isinstance(confidence, bool) or not isinstance(confidence, int) or confidence not in CONFIDENCE_RANGE
    ):
        raise EventFormatError("'confidence' must be 1 (low), 2 (medium) or 3 (high)")
    return Decide(
        stage=data["stage"],
        option=data["option"],
        rationale=data.get("rationale", ""),
        cites=tuple(cites),
        confidence=confidence,
        decision=data.get("decision"),
    )
