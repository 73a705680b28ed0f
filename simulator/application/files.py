"""Writing a file whole or not at all: one writer for the settings and every export.

The text goes to a temporary file beside the target, which then replaces it in one step, so a crash or a
full disk leaves the old file (or none), never half a new one. The file is owner-only: settings hold the
trainee's name and exports their work.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_whole(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, newlines as written) to ``path``; its folder must exist."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
