"""The history: profiles, sessions and the append-only event log in SQLite.

``from simulator.store import Store`` is all most callers need; the records,
errors and the resume planner are re-exported here too.
"""

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
from .paths import ENV_VAR, default_db_path, resolve_db_path
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

__all__ = [
    "ENV_VAR",
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
    "default_db_path",
    "plan_resume",
    "played_version",
    "recorded_scenario",
    "recorder",
    "resolve_db_path",
    "utc_now",
]
