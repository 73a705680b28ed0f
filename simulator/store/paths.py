"""Where the history database lives (design.md, "Data and places")."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

ENV_VAR = "CASE_REVIEW_DB"
APP_NAME = "case-review"
FILE_NAME = "history.sqlite3"


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / FILE_NAME


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """``--db PATH`` first, then ``$CASE_REVIEW_DB``, then the user data directory.

    An empty value counts as not given, so ``CASE_REVIEW_DB= case-review`` falls
    back to the default rather than opening a file called "".
    """
    env = os.environ if environ is None else environ
    for value in (cli_value, env.get(ENV_VAR)):
        if value is not None and str(value) != "":
            return Path(value).expanduser()
    return default_db_path()
