"""Where scenario files are: the bundled library's folder, and the `*.yaml` files under the paths a trainer
gives. Nothing here reads a file's contents, so the library's index can find the files without importing the
parser (``simulator/application/library_index.py``)."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from .problems import Problem

SUFFIXES = (".yaml", ".yml")


def scenario_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Problem]]:
    """The scenario files under ``paths`` (each directory's sorted), and a problem for each path that is neither
    a file nor a directory, or cannot be read, and for each link in a folder named as a scenario file that
    leads to none."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        p = Path(raw)
        try:
            mode = p.stat().st_mode
        except (OSError, ValueError) as err:  # not there, a name too long, a NUL byte, no permission ...
            problems.append(_unreadable(p, err))
            continue
        if stat.S_ISDIR(mode):
            try:
                for f in sorted(f for f in p.rglob("*") if f.suffix in SUFFIXES):
                    if f.is_file():
                        files.append(f)
                    elif f.is_symlink() and (problem := _broken_link(f)) is not None:
                        problems.append(problem)
            except OSError as err:
                problems.append(Problem(str(p), 1, 1, f"cannot read the folder: {err.strerror or err}"))
        elif stat.S_ISREG(mode):
            files.append(p)
        else:
            problems.append(Problem(str(p), 1, 1, "not a file or a folder"))
    return files, problems


def _unreadable(path: Path, err: OSError | ValueError) -> Problem:
    """Why a path given cannot be read; a link that leads nowhere says so."""
    link = _broken_link(path) if _is_link(path) else None
    if link is not None:
        return link
    if isinstance(err, FileNotFoundError):
        return Problem(str(path), 1, 1, "no such file or directory")
    return Problem(str(path), 1, 1, f"cannot read it: {getattr(err, 'strerror', None) or err}")


def _is_link(path: Path) -> bool:
    try:
        return path.is_symlink()
    except (OSError, ValueError):  # a name too long: no link either
        return False


def _broken_link(link: Path) -> Problem | None:
    """What is wrong with a link named as a scenario file that is not a file: none for a link to a folder."""
    try:
        os.stat(link)
    except FileNotFoundError:
        try:
            target = f" ({os.readlink(link)})"
        except OSError:
            target = ""
        return Problem(str(link), 1, 1, f"a link to a file that is not there{target}",
                       hint="the file was moved or deleted: link to where it is now, or remove the link")
    except OSError as err:
        if err.errno == errno.ELOOP:
            return Problem(str(link), 1, 1, "a link that leads back to itself",
                           hint="point the link at a scenario file, or remove it")
        return Problem(str(link), 1, 1, f"cannot read it: {err.strerror or err}")
    return None


def bundled_dir() -> Path:
    """The bundled library: inside the installed package, or the source tree's
    top-level `scenarios/` in a checkout or editable install."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "_bundled_scenarios"
    return inside if inside.is_dir() else package.parent / "scenarios"
