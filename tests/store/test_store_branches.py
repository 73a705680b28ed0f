"""What-if in the store (schema version 4): a re-branch names its parent and where the two part; a twin case
records the twin drawn; histories written before keep working."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from simulator.domain.events import TakeAction
from simulator.scenarios.loader import Loaded
from simulator.store.database import Store
from simulator.store.errors import InvalidValueError, NotFoundError
from simulator.store.schema import MIGRATIONS, migrate


def test_a_rebranch_names_its_parent_and_where_they_part(store: Store, mini: Loaded) -> None:
    ada = store.ensure_profile("ada")
    first = store.start_session(ada, mini)
    store.append_event(first, TakeAction("check-records"))
    store.append_event(first, TakeAction("ask-school"))
    second = store.start_session(ada, mini, parent=first, parted_at=1)
    record = store.session(second)
    assert (record.parent_id, record.parted_at, record.rebranch) == (first, 1, True)
    original = store.session(first)
    assert (original.parent_id, original.parted_at, original.rebranch, original.twin) == (None, None, False, "")


def test_a_rebranch_must_fit_its_parent(store: Store, mini: Loaded) -> None:
    ada = store.ensure_profile("ada")
    first = store.start_session(ada, mini)
    store.append_event(first, TakeAction("check-records"))
    with pytest.raises(InvalidValueError, match="has 1 events; it cannot part at event 2"):
        store.start_session(ada, mini, parent=first, parted_at=2)
    with pytest.raises(NotFoundError, match="no session 99"):
        store.start_session(ada, mini, parent=99, parted_at=0)
    with pytest.raises(InvalidValueError, match="needs both"):
        store.start_session(ada, mini, parent=first)
    assert len(store.sessions()) == 1  # nothing half-made


def test_the_twin_drawn_is_kept(store: Store, mini: Loaded) -> None:
    ada = store.ensure_profile("ada")
    session = store.start_session(ada, mini, twin="begum")
    assert store.session(session).twin == "begum"
    assert store.find_session(store.session(session).uuid).twin == "begum"


def test_a_version_3_history_opens_with_no_parents_and_no_twins(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    when = "2026-01-05T10:00:00.000000+00:00"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as raw:
        assert migrate(raw, MIGRATIONS[:3]) == 3
        raw.execute("INSERT INTO profiles (name, created_at) VALUES ('ada', ?)", (when,))
        raw.execute("INSERT INTO sessions (uuid, profile_id, scenario_id, scenario_title, scenario_digest, "
                    "scenario_path, mode, status, started_at, updated_at, event_count) VALUES ('u-1', 1, 'm', 'M', "
                    "'ab', 'm.yaml', 'standard', 'finished', ?, ?, 0)", (when, when))
    with Store.open(path) as store:
        (record,) = store.sessions()
        assert (record.parent_id, record.parted_at, record.twin) == (None, None, "")
        branch = store.start_session(store.ensure_profile("ada"), _played("m"), parent=record.id, parted_at=0)
        assert store.session(branch).parent_id == record.id


class _Facts:
    def __init__(self, scenario_id: str) -> None:
        self.id = scenario_id
        self.title = "M"


class _Played:
    def __init__(self, scenario_id: str) -> None:
        self.path = "m.yaml"
        self.digest = "ab"
        self.scenario = _Facts(scenario_id)


def _played(scenario_id: str) -> _Played:
    return _Played(scenario_id)


def test_a_rebranch_of_another_case_is_refused(store: Store, mini: Loaded) -> None:
    ada = store.ensure_profile("ada")
    other = store.start_session(ada, _played("other-case"))
    with pytest.raises(InvalidValueError, match="a re-branch plays the same case"):
        store.start_session(ada, mini, parent=other, parted_at=0)

