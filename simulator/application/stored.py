"""A stored session read back whole (its record, its event log and the scenario as played), and what of a
scenario to keep when a session starts.

A session's digest names the exact file it was played against. The store keeps that file's bytes, or, when
the file changed before they could be read, the loaded scenario as canonical JSON; either way the version
played can be rebuilt here, with the scenario loader the store itself never imports.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import attrs

from simulator.domain.events import Event
from simulator.scenarios.canonical import to_data
from simulator.scenarios.loader import Loaded, load_bytes
from simulator.store.database import Store
from simulator.store.records import LoggedEvent, ScenarioSource, SessionRecord, SourceKind


@attrs.frozen
class StoredSession:
    record: SessionRecord
    log: tuple[LoggedEvent, ...]
    source: ScenarioSource | None  # the scenario as played, if the store kept it

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(logged.event for logged in self.log)

    def as_played(self) -> Loaded | None:
        return recorded_scenario(self.record, self.source)


def read_session(store: Store, session: int | SessionRecord) -> StoredSession:
    """Everything stored about one session (by id, or its record if already read). Raises StoreError."""
    record = store.session(session) if isinstance(session, int) else session
    return StoredSession(record, tuple(store.event_log(record.id)), store.scenario_source(record.id))


def recorded_scenario(record: SessionRecord, source: ScenarioSource | None) -> Loaded | None:
    """The scenario as played, rebuilt from the stored text; None if it was not
    kept or no longer loads (a later, stricter loader may refuse an old file)."""
    if source is None or source.digest != record.scenario_digest:
        return None
    if source.kind is SourceKind.FILE and hashlib.sha256(source.data).hexdigest() != record.scenario_digest:
        return None
    scenario = load_bytes(record.scenario_path, source.data)
    if isinstance(scenario, list) or scenario.id != record.scenario_id:
        return None
    return Loaded(record.scenario_path, scenario, record.scenario_digest)


def source_to_keep(loaded: Loaded, data: bytes | None = None) -> ScenarioSource:
    """What the store keeps of the scenario a session starts on: the file's bytes (``data``, else the file
    at ``loaded.path``) if they still hash to the loaded digest; otherwise, as the file changed since it was
    loaded, the loaded scenario itself as canonical JSON, so the version played can always be resumed."""
    if data is None:
        try:
            data = Path(loaded.path).read_bytes()
        except OSError:
            data = None
    if data is not None and hashlib.sha256(data).hexdigest() == loaded.digest:
        return ScenarioSource(loaded.digest, SourceKind.FILE, data)
    # ASCII escapes, no spaces: the same bytes the store has always written for this form.
    text = json.dumps(to_data(loaded.scenario), ensure_ascii=True, separators=(",", ":"))
    return ScenarioSource(loaded.digest, SourceKind.NORMALISED, text.encode("utf-8"))
