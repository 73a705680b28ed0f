"""The trainee's own settings (their name, the theme) in a small JSON file.

The file lives in the user config directory, or wherever CASE_REVIEW_CONFIG
points, so tests and trainers on shared machines can keep it elsewhere. A
missing or damaged file means defaults, never a crash: settings are a
convenience, not a record.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import attrs

ENV_VAR = "CASE_REVIEW_CONFIG"
APP_NAME = "case-review"
MAX_NAME = 60


@attrs.frozen
class Settings:
    trainee: str = ""
    theme: str = ""


def settings_path() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "settings.json"


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
    return Settings(trainee=_text(data, "trainee")[:MAX_NAME], theme=_text(data, "theme"))


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically, owner-only: a half-written file must not lose the name."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(attrs.asdict(settings), indent=2, ensure_ascii=False)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(data + "\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
