"""Reading a transcript file (design.md's transcript JSON) into events, with
errors a trainer can act on.

Input is bounded before it costs anything: the file is read up to ``MAX_BYTES`` (so `/dev/zero` is refused,
not read for ever), a transcript holds at most ``MAX_EVENTS`` events and each text at most ``MAX_TEXT``
characters, and JSON nested too deeply or holding a number too long to read is an error like any other. A
real session is a few hundred events and rationales of a few hundred words: the bounds are far above them.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs

from simulator.domain.events import Event, EventFormatError, event_from_json

MAX_BYTES = 8 * 1024 * 1024
MAX_EVENTS = 10_000
MAX_TEXT = 100_000  # characters in one rationale or note


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
    except RecursionError:
        raise TranscriptError("not a transcript: its JSON is nested far too deeply") from None
    except ValueError:  # a number of thousands of digits, which Python refuses to read
        raise TranscriptError("not a transcript: it holds a number thousands of digits long") from None
    if not isinstance(data, dict):
        raise TranscriptError('a transcript must be a JSON object: {"scenario": ..., "events": [...]}')
    scenario = data.get("scenario")
    if not isinstance(scenario, str):
        raise TranscriptError("the transcript needs \"scenario\": the scenario's id")
    raw = data.get("events")
    if not isinstance(raw, list):
        raise TranscriptError("the transcript needs \"events\": a list of events")
    if len(raw) > MAX_EVENTS:
        raise TranscriptError(f"the transcript holds {len(raw):,} events; at most {MAX_EVENTS:,} are read")
    events = []
    for index, item in enumerate(raw):
        try:
            event = event_from_json(item)
        except EventFormatError as err:
            raise TranscriptError(f"event {index}: {err}") from None
        longest = max((len(value) for value in attrs.astuple(event) if isinstance(value, str)), default=0)
        if longest > MAX_TEXT:
            raise TranscriptError(f"event {index}: a text of {longest:,} characters; at most {MAX_TEXT:,} are read")
        events.append(event)
    return Transcript(scenario, tuple(events), _twin(data))


def read_transcript(path: str) -> Transcript:
    try:
        with Path(path).open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as err:
        raise TranscriptError(f"cannot read the file: {err.strerror or err}") from None
    except ValueError as err:  # a path holding a NUL byte
        raise TranscriptError(f"cannot read the file: {err}") from None
    if len(data) > MAX_BYTES:
        raise TranscriptError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB; a transcript is far smaller")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TranscriptError("the file is not UTF-8 text") from None
    return parse_transcript(text)
