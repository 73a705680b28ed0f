"""Loading scenario files: one file, or a directory, with every problem found.

The deep lint (parts of a case that cannot work as meant, text that looks like real personal data) gives
warnings only, and costs more than the rest of the checks together; it runs where warnings are shown
(`validate`, the author preview's reload) and not when the app only needs the case (``deep=False``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from simulator.domain.model import FORMAT_VERSIONS, Scenario

from . import lint, shorthand, source, structure, twin_lint, versions

# bundled_dir lives with scenario_files (no parser needed to find the files); named here too, as callers have.
from .files import bundled_dir as bundled_dir
from .files import scenario_files
from .problems import Problem, Severity, id_used
from .swallowed import Swallowed, swallowed_fields


@attrs.frozen
class Loaded:
    path: str
    scenario: Scenario
    digest: str  # sha256 of the file's bytes: a session records what it was played against
    warnings: tuple[Problem, ...] = ()


@attrs.frozen
class LoadResult:
    scenarios: tuple[Loaded, ...]
    problems: tuple[Problem, ...]  # errors: these files did not load
    files: int

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(sorted(w for s in self.scenarios for w in s.warnings))


@attrs.frozen
class Checked:
    scenario: Scenario | None
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def check_bytes(path: str, data: bytes, *, deep: bool = True) -> Checked:
    """Every error, or the scenario with every warning (none looked for unless ``deep``)."""
    doc = source.read(path, data)
    if isinstance(doc, list):
        return Checked(None, tuple(sorted(doc)), ())
    version = versions.declared(doc.data)
    if isinstance(doc.data, dict) and (version is None or version < FORMAT_VERSIONS[0]):
        return _without_format(doc)
    return _checked(doc, version, deep=deep)


def _without_format(doc: source.Document) -> Checked:
    """A file whose `format:` is missing or not a format: said once, and the rest checked as the newest format,
    which reads every older one, so that the file's other mistakes are found but not the fields one format
    lacks or the keys the other requires."""
    message, hint = versions.unknown_format_message(doc.data)
    first = structure.problem_at(doc, ("format",) if "format" in doc.data else (), message, hint)
    newest = attrs.evolve(doc, data={**doc.data, "format": str(FORMAT_VERSIONS[-1])})
    rest = _checked(newest, FORMAT_VERSIONS[-1], deep=False)
    return Checked(None, tuple(sorted(dict.fromkeys([first, *rest.errors]))), ())


def _checked(doc: source.Document, version: int | None, *, deep: bool) -> Checked:
    if version is not None and not versions.readable(version):
        message, hint = versions.too_new_message(version)
        return Checked(None, (structure.problem_at(doc, ("format",), message, hint),), ())
    swallowed = swallowed_fields(doc)
    if version == 1:
        early = [structure.problem_at(doc, where, message, hint)
                 for where, message, hint in versions.format_1_problems(doc.data)]
        if early or swallowed:
            return _with_swallowed(swallowed, early)
    elif version is not None:
        doc = attrs.evolve(doc, data=shorthand.fill(doc.data))
    scenario = structure.structure(doc)
    if swallowed:
        return _with_swallowed(swallowed, scenario if isinstance(scenario, list) else [])
    if isinstance(scenario, list):
        # Cross-references can still be checked on a repaired copy, so every problem is reported at once;
        # findings at the repaired places themselves would only repeat the first round.
        partial = structure.lenient(doc)
        if partial is not None:
            model, repaired = partial
            more = [f for f in _findings(model) if not _follows_on(f, repaired)]
            scenario.extend(_located(doc, more, Severity.ERROR))
        return Checked(None, tuple(sorted(dict.fromkeys(scenario))), ())
    findings = _findings(scenario)
    if findings:
        return Checked(None, tuple(sorted(_located(doc, findings, Severity.ERROR))), ())
    if not deep:
        return Checked(scenario, (), ())
    from . import deep_lint

    warnings = [*_located(doc, deep_lint.check(scenario), Severity.WARNING), *deep_lint.personal_data(doc),
                *deep_lint.reordering_characters(doc)]
    return Checked(scenario, (), tuple(sorted(warnings)))


def _findings(scenario: Scenario) -> list[lint.Finding]:
    return [*lint.check(scenario), *twin_lint.check(scenario)]


def _with_swallowed(swallowed: list[Swallowed], problems: list[Problem]) -> Checked:
    """Each swallowed field said where it went; its being "missing" from the item is the same mistake."""
    others = [p for p in problems if not any(f"missing the required key {s.field!r}" in p.message for s in swallowed)]
    return Checked(None, tuple(sorted(dict.fromkeys([*(s.problem for s in swallowed), *others]))), ())


def _follows_on(finding: lint.Finding, repaired: list[structure.Path]) -> bool:
    """Whether a finding on the repaired copy only repeats an error already reported: it is at a repaired place
    or on the item holding one (an option whose verdict was unreadable has no verdict), it refers to a kind of
    thing one of whose ids could not be read (the reference may be to that one), or it finds something unused
    when the stages or actions that would use it could not all be read. A repair never drops an item, so an
    item whose other fields were unreadable still has its id, and a reference that names no id is an error
    of its own, reported now rather than after the first is mended."""
    for place in repaired:
        if finding.path[: len(place)] == place:
            return True
        if place[: len(finding.path)] == finding.path and len(place) - len(finding.path) <= 2 and finding.path:
            return True
        # An id, or the whole list, that could not be read: the reference may be to what is missing.
        lost = place[-1:] == ("id",) or structure.item_name(place[-1:]) is not None
        if finding.refers_to and lost and structure.item_name(place) == finding.refers_to:
            return True
        if finding.unused and place[:1] in (("stages",), ("actions",)):
            return True  # what reaches or reveals it could not be read, so that it is unused proves nothing
    return False


def _located(doc: source.Document, findings: list[lint.Finding], severity: Severity) -> list[Problem]:
    return [structure.problem_at(doc, f.path, f.message, f.hint, on_key=f.on_key, severity=severity)
            for f in findings]


def load_bytes(path: str, data: bytes, *, deep: bool = True) -> Scenario | list[Problem]:
    checked = check_bytes(path, data, deep=deep)
    return checked.scenario if checked.scenario is not None else list(checked.errors)


def load_file(path: str | os.PathLike[str], *, deep: bool = True) -> Loaded | list[Problem]:
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        return [Problem(name, 1, 1, f"cannot read the file: {err.strerror or err}")]
    return loaded_from(name, data, deep=deep)


def loaded_from(name: str, data: bytes, *, deep: bool = True) -> Loaded | list[Problem]:
    """The file ``name`` whose bytes are ``data``, checked; or every error in it."""
    checked = check_bytes(name, data, deep=deep)
    if checked.scenario is None:
        return list(checked.errors)
    return Loaded(name, checked.scenario, hashlib.sha256(data).hexdigest(), checked.warnings)


def load_paths(paths: Iterable[str | os.PathLike[str]], *, deep: bool = True) -> LoadResult:
    files, problems = scenario_files(paths)
    return gathered(files, (load_file(f, deep=deep) for f in files), problems)


def gathered(files: Sequence[Path], results: Iterable[Loaded | list[Problem]], problems: Iterable[Problem] = ()
             ) -> LoadResult:
    """The library ``files`` make, given what loading each gave (in their order): every error, and a second
    file with an id already used is one. ``problems``: those of the paths that are not files to load (a link
    to a file moved away, a folder that is not there), each counted as a file that is not valid."""
    found = list(problems)
    not_files = len({p.path for p in found})
    loaded: list[Loaded] = []
    seen: dict[str, str] = {}
    for result in results:
        if isinstance(result, list):
            found.extend(result)
            continue
        other = seen.get(result.scenario.id)
        if other is not None:
            found.append(id_used(result.path, result.scenario.id, other))
            continue
        seen[result.scenario.id] = result.path
        loaded.append(result)
    return LoadResult(tuple(loaded), tuple(sorted(found)), len(files) + not_files)


TEMPLATE = Path(__file__).with_name("template.yaml")
