"""Where scenario files are: the bundled library's folder, and the `*.yaml` files under the paths a trainer
gives. Nothing here reads a file's contents, so the library's index can find the files without importing the
parser (``simulator/application/library_index.py``)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from .problems import Problem

SUFFIXES = (".yaml", ".yml")


def scenario_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Problem]]:
    """The scenario files under ``paths`` (each directory's sorted), and a problem for each path that is neither
    a file nor a directory, or cannot be read."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        p = Path(raw)
        try:
            mode = p.stat().st_mode
        except FileNotFoundError:
            problems.append(Problem(str(p), 1, 1, "no such file or directory"))
            continue
        except (OSError, ValueError) as err:  # a name too long, a NUL byte, no permission ...
            problems.append(Problem(str(p), 1, 1, f"cannot read it: {getattr(err, 'strerror', None) or err}"))
            continue
        if stat.S_ISDIR(mode):
            try:
                files.extend(sorted(f for f in p.rglob("*") if f.suffix in SUFFIXES and f.is_file()))
            except OSError as err:
                problems.append(Problem(str(p), 1, 1, f"cannot read the folder: {err.strerror or err}"))
        elif stat.S_ISREG(mode):
            files.append(p)
        else:
            problems.append(Problem(str(p), 1, 1, "not a file or a folder"))
    return files, problems


def bundled_dir() -> Path:
    """The bundled library: inside the installed package, or the source tree's
    top-level `scenarios/` in a checkout or editable install."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "_bundled_scenarios"
    return inside if inside.is_dir() else package.parent / "scenarios"
