"""What the store takes and hands back: plain frozen records, no sqlite in sight,
so the application layer and the reports can use them without touching the
database. The store knows nothing of scenario files: a session names the
scenario it plays by the fields in ``PlayedScenario``."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import NamedTuple, Protocol

import attrs

from simulator.domain.catalogue import Grade
from simulator.domain.events import Event


class SessionMode(enum.StrEnum):
    STANDARD = "standard"
    SELF_ASSESSMENT = "self-assessment"  # the trainee grades themselves before seeing the debrief


class SessionStatus(enum.StrEnum):
    ACTIVE = "active"
    FINISHED = "finished"
    ABANDONED = "abandoned"


class SourceKind(enum.StrEnum):
    FILE = "file"  # the scenario file's own bytes; their sha256 is the session's digest
    NORMALISED = "normalised"  # the loaded scenario as JSON, when the file had changed before it could be read


class ScenarioFacts(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...


class PlayedScenario(Protocol):
    """The scenario a session plays, as the store keeps it: a loaded scenario
    (``simulator.scenarios.loader.Loaded``) has these fields."""

    @property
    def path(self) -> str: ...

    @property
    def digest(self) -> str: ...  # sha256 of the file's bytes: names the exact version played

    @property
    def scenario(self) -> ScenarioFacts: ...


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
    reflection: str = ""  # what the trainee learned, as one text (what the exports print)
    noticed: str = ""  # ... and the two answers it was written as, when it was: what they noticed,
    decided: str = ""  # and what they decided
    practice_change: str = ""
    peer_reflection: str = ""
    self_assessment: Mapping[str, Grade] = _EMPTY
    seen_evidence: frozenset[str] = frozenset()  # evidence ids the trainee has looked at (what is no longer new)
    has_source: bool = False  # whether the scenario as played was stored
    twin: str = ""  # the twin this session drew, for a twin case ('' for none)
    parent_id: int | None = None  # a re-branch: the session it was branched from ...
    parted_at: int | None = None  # ... and the index of its first event that differs (those before are the same)

    @property
    def rebranch(self) -> bool:
        return self.parent_id is not None

    @property
    def finished(self) -> bool:
        return self.status is SessionStatus.FINISHED


@attrs.frozen
class LoggedEvent:
    seq: int
    event: Event
    at: datetime


class ProgressPoint(NamedTuple):
    """One finished session's score on one criterion."""

    finished_at: datetime
    session_id: int
    scenario_id: str
    score: float
    grade: Grade


@attrs.frozen
class CriterionProgress:
    """One criterion's scores over a trainee's finished sessions, oldest first.

    Columns rather than a list of points: a chart wants x and y sequences,
    and a trainee with thousands of sessions should not cost an object per point.
    """

    criterion: str
    finished_at: tuple[datetime, ...] = ()
    session_ids: tuple[int, ...] = ()
    scenario_ids: tuple[str, ...] = ()
    scores: tuple[float, ...] = ()
    grades: tuple[Grade, ...] = ()

    def __len__(self) -> int:
        return len(self.scores)

    def points(self) -> Iterator[ProgressPoint]:
        return map(ProgressPoint._make,
                   zip(self.finished_at, self.session_ids, self.scenario_ids, self.scores, self.grades, strict=True))

    @property
    def latest(self) -> ProgressPoint | None:
        if not self.scores:
            return None
        return ProgressPoint(self.finished_at[-1], self.session_ids[-1], self.scenario_ids[-1], self.scores[-1],
                             self.grades[-1])


@attrs.frozen
class ScenarioSource:
    digest: str
    kind: SourceKind
    data: bytes
