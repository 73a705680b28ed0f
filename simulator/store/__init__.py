"""The history: profiles, sessions and the append-only event log in SQLite.

``from simulator.store import Store`` is all most callers need; the records,
errors and the resume planner are re-exported here too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.lazy_exports import lazy_getattr

if TYPE_CHECKING:
    from .database import Progress, Store, utc_now
    from .errors import (
        DatabaseBusyError,
        DatabaseMissingError,
        DatabaseUnreadableError,
        ForeignDatabaseError,
        InvalidValueError,
        NewerSchemaError,
        NotFoundError,
        SessionClosedError,
        StoreAccessError,
        StoreError,
    )
    from .recording import recorder
    from .records import (
        CriterionProgress,
        LoggedEvent,
        Profile,
        ProgressPoint,
        ScenarioSource,
        SessionMode,
        SessionRecord,
        SessionStatus,
        SourceKind,
    )
    from .resume import (
        CannotReplay,
        Ready,
        ResumePlan,
        ScenarioChanged,
        ScenarioMissing,
        plan_resume,
        played_version,
        recorded_scenario,
    )
    from .schema import SCHEMA_VERSION

_EXPORTS: dict[str, str] = {
    "Progress": "database",
    "Store": "database",
    "utc_now": "database",
    "DatabaseBusyError": "errors",
    "DatabaseMissingError": "errors",
    "DatabaseUnreadableError": "errors",
    "ForeignDatabaseError": "errors",
    "InvalidValueError": "errors",
    "NewerSchemaError": "errors",
    "NotFoundError": "errors",
    "SessionClosedError": "errors",
    "StoreAccessError": "errors",
    "StoreError": "errors",
    "recorder": "recording",
    "CriterionProgress": "records",
    "LoggedEvent": "records",
    "Profile": "records",
    "ProgressPoint": "records",
    "ScenarioSource": "records",
    "SessionMode": "records",
    "SessionRecord": "records",
    "SessionStatus": "records",
    "SourceKind": "records",
    "CannotReplay": "resume",
    "Ready": "resume",
    "ResumePlan": "resume",
    "ScenarioChanged": "resume",
    "ScenarioMissing": "resume",
    "plan_resume": "resume",
    "played_version": "resume",
    "recorded_scenario": "resume",
    "SCHEMA_VERSION": "schema",
}


__getattr__ = lazy_getattr(__name__, _EXPORTS)

__all__ = [
    "SCHEMA_VERSION",
    "CannotReplay",
    "CriterionProgress",
    "DatabaseBusyError",
    "DatabaseMissingError",
    "DatabaseUnreadableError",
    "ForeignDatabaseError",
    "InvalidValueError",
    "LoggedEvent",
    "NewerSchemaError",
    "NotFoundError",
    "Profile",
    "Progress",
    "ProgressPoint",
    "Ready",
    "ResumePlan",
    "ScenarioChanged",
    "ScenarioMissing",
    "ScenarioSource",
    "SessionClosedError",
    "SessionMode",
    "SessionRecord",
    "SessionStatus",
    "SourceKind",
    "Store",
    "StoreAccessError",
    "StoreError",
    "plan_resume",
    "played_version",
    "recorded_scenario",
    "recorder",
    "utc_now",
]
