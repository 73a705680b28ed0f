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


def write_whole(path: Path, text: str, *, replace: bool = True) -> None:
    """Write ``text`` (UTF-8, newlines as written) to ``path``; its folder must exist.

    ``replace=False``: never replace a file that is there, even one that appears while this writes
    (FileExistsError). The new file is linked into place, which fails rather than replaces.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, 0o600)
        if replace:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _link_new(tmp: str, path: Path) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links (FAT, some network shares): check, then move into place.
        if os.path.lexists(path):
            raise FileExistsError(17, "File exists", str(path)) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)
