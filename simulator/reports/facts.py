"""What the reports read about a stored session, as shapes rather than the store's classes.

The application layer hands the reports the records the store returned (``simulator.store.records``), which
have these fields; the reports never import the store, so either can change without the other as long as
these fields stay. Modes and statuses are read as their text (``standard``, ``finished`` ...).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from simulator.domain.catalogue import Grade
from simulator.domain.events import Event


class SessionFacts(Protocol):
    """One session: who played what, when, how it stands, and what the trainee wrote about it."""

    @property
    def id(self) -> int: ...
    @property
    def uuid(self) -> str: ...
    @property
    def profile(self) -> str: ...  # the trainee's name

    @property
    def trainee_uuid(self) -> str: ...  # the trainee's stable id ("" in a record from before there were ids)
    @property
    def scenario_id(self) -> str: ...
    @property
    def scenario_title(self) -> str: ...
    @property
    def scenario_digest(self) -> str: ...
    @property
    def scenario_path(self) -> str: ...
    @property
    def mode(self) -> str: ...  # standard, self-assessment
    @property
    def status(self) -> str: ...  # active, finished, abandoned
    @property
    def started_at(self) -> datetime: ...
    @property
    def finished_at(self) -> datetime | None: ...
    @property
    def self_assessment(self) -> Mapping[str, Grade]: ...
    @property
    def reflection(self) -> str: ...  # what the trainee learned, as one text
    @property
    def practice_change(self) -> str: ...
    @property
    def peer_reflection(self) -> str: ...
    @property
    def twin(self) -> str: ...  # the twin a twin case drew ('' for none)
    @property
    def parent_id(self) -> int | None: ...  # a re-branch: the session it was branched from
    @property
    def parted_at(self) -> int | None: ...  # ... and the index of its first event that differs


class TimedEvent(Protocol):
    """One event of a session's log, with its place in it and when it was recorded."""

    @property
    def seq(self) -> int: ...
    @property
    def event(self) -> Event: ...
    @property
    def at(self) -> datetime: ...


class ScoreColumn(Protocol):
    """One criterion's scores over a trainee's finished sessions, oldest first, as columns."""

    @property
    def criterion(self) -> str: ...
    @property
    def finished_at(self) -> tuple[datetime, ...]: ...
    @property
    def session_ids(self) -> tuple[int, ...]: ...
    @property
    def scores(self) -> tuple[float, ...]: ...
    @property
    def grades(self) -> tuple[Grade, ...]: ...
    def __len__(self) -> int: ...


class RunFacts(Protocol):
    """Consecutive finished sessions' scores on one criterion, averaged (the store's ScoreRun)."""

    @property
    def first_session(self) -> int: ...
    @property
    def last_session(self) -> int: ...
    @property
    def sessions(self) -> int: ...
    @property
    def first_at(self) -> datetime: ...
    @property
    def last_at(self) -> datetime: ...
    @property
    def mean(self) -> float: ...


class TrendFacts(Protocol):
    """One criterion's progress summed up (the store's CriterionTrend): its runs, oldest first."""

    @property
    def criterion(self) -> str: ...
    @property
    def sessions(self) -> int: ...
    @property
    def first(self) -> float: ...
    @property
    def latest(self) -> float: ...
    @property
    def mean(self) -> float: ...
    @property
    def latest_grade(self) -> Grade: ...
    @property
    def runs(self) -> Sequence[RunFacts]: ...
