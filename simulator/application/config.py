"""Where the trainee's files live, and their settings (design.md, "Data and places").

Two files, each with its own environment variable: the settings (the trainee's name, the theme) in
``$CASE_REVIEW_CONFIG``, else the user config folder; the history database in ``--db``, else
``$CASE_REVIEW_DB``, else the user data folder. An empty value counts as not given. The app suggests
exports in the user's documents. A missing or damaged settings file means defaults, never a crash:
settings are a convenience, not a record.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import platformdirs

from simulator.application.files import write_whole

APP_NAME = "case-review"  # the folder name under the platform's config and data folders
SETTINGS_ENV_VAR = "CASE_REVIEW_CONFIG"  # the settings file
DB_ENV_VAR = "CASE_REVIEW_DB"  # the history database
SETTINGS_FILE = "settings.json"
DB_FILE = "history.sqlite3"
MAX_NAME = 60


# --- the history database ----------------------------------------------------


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DB_FILE


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """``--db PATH`` first, then ``$CASE_REVIEW_DB``, then the user data folder.

    An empty value counts as not given, so ``CASE_REVIEW_DB= case-review`` falls
    back to the default rather than opening a file called "".
    """
    env = os.environ if environ is None else environ
    for value in (cli_value, env.get(DB_ENV_VAR)):
        if value is not None and str(value) != "":
            return Path(value).expanduser()
    return default_db_path()


def default_export_dir() -> Path:
    """Where the app suggests writing exports: a folder of the trainee's documents."""
    return platformdirs.user_documents_path() / APP_NAME


# --- the settings ------------------------------------------------------------


@attrs.frozen
class Settings:
    trainee: str = ""
    theme: str = ""
    twins: bool = True  # a twin case draws a twin at random for each session; a trainer may turn it off


def settings_path() -> Path:
    override = os.environ.get(SETTINGS_ENV_VAR)
    if override:
        return Path(override)
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / SETTINGS_FILE


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    return value if isinstance(value, str) else ""


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    return Settings(trainee=_text(data, "trainee")[:MAX_NAME], theme=_text(data, "theme"),
                    twins=data.get("twins") is not False)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Whole or not at all, owner-only: a half-written file must not lose the name."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_whole(path, json.dumps(attrs.asdict(settings), indent=2, ensure_ascii=False) + "\n")
