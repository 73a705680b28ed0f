"""What the store hands back: plain frozen records, no sqlite in sight, so the
reports and the app can use them without touching the database."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import NamedTuple

import attrs

from simulator.domain.catalogue import Grade
from simulator.domain.events import Event


class SessionMode(str, enum.Enum):
    STANDARD = "standard"
    SELF_ASSESSMENT = "self-assessment"  # the trainee grades themselves before seeing the debrief


class SessionStatus(str, enum.Enum):
    ACTIVE = "active"
    FINISHED = "finished"
    ABANDONED = "abandoned"


class SourceKind(str, enum.Enum):
    FILE = "file"  # the scenario file's own bytes; their sha256 is the session's digest
    NORMALISED = "normalised"  # the loaded scenario as JSON, when the file had changed before it could be read


_EMPTY: Mapping[str, Grade] = MappingProxyType({})
_NO_SCORES: Mapping[str, float] = MappingProxyType({})


@attrs.frozen
class Profile:
    id: int
    name: str
    created_at: datetime


@attrs.frozen(kw_only=True)
class SessionRecord:
    id: int
    uuid: str  # stable across machines; the xAPI registration
    profile_id: int
    profile: str  # the trainee's name
    scenario_id: str
    scenario_title: str  # kept so history reads well after the scenario leaves the library
    scenario_digest: str
    scenario_path: str
    mode: SessionMode
    status: SessionStatus
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None = None
    event_count: int = 0
    overall: Grade | None = None  # cached by finish_session
    scores: Mapping[str, float] = _NO_SCORES  # cached per-criterion scores, criterion id -> [0, 1]
    reflection: str = ""
    practice_change: str = ""
    peer_reflection: str = ""
    self_assessment: Mapping[str, Grade] = _EMPTY
    has_source: bool = False  # whether the scenario as played was stored

    @property
    def finished(self) -> bool:
        return self.status is SessionStatus.FINISHED


@attrs.frozen
class LoggedEvent:
    seq: int
    event: Event
    at: datetime


class ProgressPoint(NamedTuple):
    """One finished session's score on one criterion. A NamedTuple, not attrs:
    a progress chart can hold tens of thousands of these."""

    finished_at: datetime
    session_id: int
    scenario_id: str
    score: float
    grade: Grade


@attrs.frozen
class ScenarioSource:
    digest: str
    kind: SourceKind
    data: bytes
