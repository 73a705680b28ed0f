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
    uuid: str = ""  # stable for ever, unlike the name: the trainee as a learning record store knows them


@attrs.frozen(kw_only=True)
class SessionRecord:
    id: int
    uuid: str  # stable across machines; the xAPI registration
    profile_id: int
    profile: str  # the trainee's name
    trainee_uuid: str = ""  # the trainee's stable id (Profile.uuid)
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
    holder: str | None = None  # the window holding the session now (a Holder's token), if any
    held_at: datetime | None = None  # when the holder last said it still holds it
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
class CaseTally:
    """What one trainee has done of one case, summed up in SQL however many sessions: the library's marks."""

    scenario_id: str
    finished: int  # sessions finished
    unfinished: int  # sessions waiting to be resumed
    last_grade: Grade | None  # the overall grade of the one finished last


@attrs.frozen
class Draft:
    """Something being typed and not yet kept as an event (an open decision, a reflection), kept as typed."""

    kind: str  # "decision:<stage id>", "reflection"
    data: Mapping[str, object]
    saved_at: datetime


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
class ScoreRun:
    """Consecutive finished sessions' scores on one criterion, and their mean: one bar of a progress chart."""

    first_session: int
    last_session: int
    sessions: int
    first_at: datetime
    last_at: datetime
    mean: float


@attrs.frozen
class CriterionTrend:
    """One criterion over a trainee's finished sessions, summed up in SQL: how many, the first and latest
    scores, the mean and the latest grade, and the scores in at most a chart's width of runs (oldest first)."""

    criterion: str
    sessions: int
    first: float
    latest: float
    mean: float
    latest_grade: Grade
    runs: tuple[ScoreRun, ...]


@attrs.frozen
class ScenarioSource:
    digest: str
    kind: SourceKind
    data: bytes
