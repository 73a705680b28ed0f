"""The scenario library a command or the app works from: the bundled
scenarios plus any trainer directories, and finding one by id or path."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import attrs

from simulator.scenarios.loader import Loaded, bundled_dir, load_file, load_paths
from simulator.scenarios.problems import Problem


@attrs.frozen
class Library:
    scenarios: tuple[Loaded, ...]
    problems: tuple[Problem, ...]  # broken trainer files are listed, never fatal

    def find(self, scenario_id: str) -> Loaded | None:
        return next((s for s in self.scenarios if s.scenario.id == scenario_id), None)


EMPTY = Library((), ())


def open_library(extra_dirs: Sequence[str | os.PathLike[str]] = (), *, bundled: bool = True) -> Library:
    """The bundled scenarios (unless ``bundled`` is false, as in tests) and any trainer directories."""
    result = load_paths([bundled_dir(), *extra_dirs] if bundled else extra_dirs)
    return Library(result.scenarios, result.problems)


def resolve(id_or_path: str, extra_dirs: Sequence[str | os.PathLike[str]] = ()) -> Loaded | list[Problem]:
    """A scenario by file path, or by id from the library."""
    path = Path(id_or_path)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        return load_file(path)
    library = open_library(extra_dirs)
    found = library.find(id_or_path)
    if found is not None:
        return found
    ids = ", ".join(sorted(s.scenario.id for s in library.scenarios))
    return [Problem(id_or_path, 1, 1, f"no scenario with id {id_or_path!r} and no such file",
                    f"the library has: {ids}" if ids else "")]
