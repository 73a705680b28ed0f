"""The trainee's settings file: where it lives, and that a damaged one never
stops the app."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from simulator.application.config import SETTINGS_ENV_VAR as ENV_VAR
from simulator.application.config import Settings, load_settings, save_settings, settings_path


def test_env_var_points_at_the_file(private_settings: Path) -> None:
    assert settings_path() == private_settings
    assert os.environ[ENV_VAR] == str(private_settings)


def test_default_is_the_user_config_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR)
    path = settings_path()
    assert path.name == "settings.json" and "case-review" in str(path)


def test_round_trip_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "settings.json"
    save_settings(Settings(trainee="Sam", theme="textual-light"), path)
    assert load_settings(path) == Settings(trainee="Sam", theme="textual-light")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", '{"trainee": 7, "theme": null}', '{"x": 1}'])
def test_damaged_or_odd_files_give_defaults(tmp_path: Path, text: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(text)
    assert load_settings(path) == Settings()


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.json") == Settings()
