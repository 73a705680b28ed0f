"""Autouse fixtures for every app test: a settings file and a history
database of the test's own (never the developer's), and a cursor that does
not blink."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from simulator.application.config import CONFIG_ENV_VAR, DB_ENV_VAR
from simulator.application.config import SETTINGS_ENV_VAR as ENV_VAR

TRAINEE = "Test Trainee"


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Path:
    """CASE_REVIEW_SETTINGS at a file in tmp_path, holding a trainee name unless
    the test is marked `new_trainee`; CASE_REVIEW_CONFIG at a config file that is not there (a test that
    wants one writes it: `private_config`)."""
    path = tmp_path / "config" / "settings.json"
    monkeypatch.setenv(ENV_VAR, str(path))
    monkeypatch.setenv(CONFIG_ENV_VAR, str(tmp_path / "config" / "config.toml"))
    if request.node.get_closest_marker("new_trainee") is None:
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps({"trainee": TRAINEE}), encoding="utf-8")
    return path


@pytest.fixture
def private_config(tmp_path: Path, private_settings: Path) -> Path:
    """Where the test's config file goes (CASE_REVIEW_CONFIG): write it before building the app."""
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(autouse=True)
def private_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """CASE_REVIEW_DB at a file in tmp_path: no test reads or writes a real history."""
    path = tmp_path / "history" / "history.sqlite3"
    monkeypatch.setenv(DB_ENV_VAR, str(path))
    return path


@pytest.fixture(autouse=True)
def freeze_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cursor stays drawn, so snapshots and screen text do not depend on timing."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
