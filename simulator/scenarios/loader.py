"""Loading scenario files: one file, or a directory, with every problem found."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import attrs

from simulator.domain.model import Scenario

from . import lint, source, structure
from .problems import Problem


@attrs.frozen
class Loaded:
    path: str
    scenario: Scenario
    digest: str  # sha256 of the file's bytes: a session records what it was played against


@attrs.frozen
class LoadResult:
    scenarios: tuple[Loaded, ...]
    problems: tuple[Problem, ...]
    files: int

    @property
    def ok(self) -> bool:
        return not self.problems


def load_bytes(path: str, data: bytes) -> Scenario | list[Problem]:
    doc = source.read(path, data)
    if isinstance(doc, list):
        return sorted(doc)
    scenario = structure.structure(doc)
    if isinstance(scenario, list):
        return sorted(scenario)
    findings = lint.check(scenario)
    if findings:
        return sorted(structure.problem_at(doc, f.path, f.message, f.hint, on_key=f.on_key) for f in findings)
    return scenario


def load_file(path: str | os.PathLike[str]) -> Loaded | list[Problem]:
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        return [Problem(name, 1, 1, f"cannot read the file: {err.strerror or err}")]
    result = load_bytes(name, data)
    if isinstance(result, list):
        return result
    return Loaded(name, result, hashlib.sha256(data).hexdigest())


def scenario_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Problem]]:
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.suffix in (".yaml", ".yml") and f.is_file()))
        elif p.is_file():
            files.append(p)
        else:
            problems.append(Problem(str(p), 1, 1, "no such file or directory"))
    return files, problems


def load_paths(paths: Iterable[str | os.PathLike[str]]) -> LoadResult:
    files, problems = scenario_files(paths)
    loaded: list[Loaded] = []
    seen: dict[str, str] = {}
    for f in files:
        result = load_file(f)
        if isinstance(result, list):
            problems.extend(result)
            continue
        other = seen.get(result.scenario.id)
        if other is not None:
            problems.append(Problem(result.path, 1, 1, f"scenario id {result.scenario.id!r} is already used by {other}",
                                    "give each scenario its own id"))
            continue
        seen[result.scenario.id] = result.path
        loaded.append(result)
    return LoadResult(tuple(loaded), tuple(sorted(problems)), len(files))


def bundled_dir() -> Path:
    """The bundled library: inside the installed package, or the source tree's
    top-level `scenarios/` in a checkout or editable install."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "_bundled_scenarios"
    return inside if inside.is_dir() else package.parent / "scenarios"
