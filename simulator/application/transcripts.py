"""Reading a transcript file (design.md's transcript JSON) into events, with
errors a trainer can act on."""

from __future__ import annotations

import json
from pathlib import Path

import attrs

from simulator.domain.events import Event, EventFormatError, event_from_json


class TranscriptError(ValueError):
    pass


@attrs.frozen
class Transcript:
    scenario: str
    events: tuple[Event, ...]
    twin: str = ""  # a twin case's twin, when the file is a session export that names it


def _twin(data: dict[str, object]) -> str:
    """The twin an export (`session.twin.id`) names; '' for a plain transcript."""
    session = data.get("session")
    twin = session.get("twin") if isinstance(session, dict) else None
    found = twin.get("id") if isinstance(twin, dict) else None
    return found if isinstance(found, str) else ""


def parse_transcript(text: str) -> Transcript:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise TranscriptError(f"line {err.lineno} column {err.colno}: not valid JSON: {err.msg}") from None
    if not isinstance(data, dict):
        raise TranscriptError('a transcript must be a JSON object: {"scenario": ..., "events": [...]}')
    scenario = data.get("scenario")
    if not isinstance(scenario, str):
        raise TranscriptError("the transcript needs \"scenario\": the scenario's id")
    raw = data.get("events")
    if not isinstance(raw, list):
        raise TranscriptError("the transcript needs \"events\": a list of events")
    events = []
    for index, item in enumerate(raw):
        try:
            events.append(event_from_json(item))
        except EventFormatError as err:
            raise TranscriptError(f"event {index}: {err}") from None
    return Transcript(scenario, tuple(events), _twin(data))


def read_transcript(path: str) -> Transcript:
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise TranscriptError(f"cannot read the file: {err.strerror or err}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TranscriptError("the file is not UTF-8 text") from None
    return parse_transcript(text)
