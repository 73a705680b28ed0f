"""Exporting one stored session, for the command line and the app alike: the session gathered into a
report, rendered in a format, and written whole to a file that is never beside the scenarios.

The report is scored against the scenario exactly as it was played when the store kept it; otherwise
against the library's version, if the events fit it, with a note saying so. Each version tried is
replayed once, and the report is built in that same pass.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import attrs

from simulator.application.files import write_whole
from simulator.application.library import Library
from simulator.application.resume import Ready, plan_with, played_version
from simulator.application.stored import read_session
from simulator.domain.engine import ReplayError
from simulator.domain.twins import as_twin
from simulator.reports.format_names import DEFAULT_HOMEPAGE, FORMAT_INFO
from simulator.reports.formats import formats
from simulator.reports.session_report import SessionReport, build_report
from simulator.scenarios.files import bundled_dir
from simulator.scenarios.loader import Loaded
from simulator.store.database import Store
from simulator.store.records import SessionRecord


class ExportError(Exception):
    """An export that was not made, with a message a trainee can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ReportError(ExportError):
    """No version of the scenario at hand fits the session's events."""


class TargetExists(ExportError):
    """The file is there already: it is replaced only when asked (``--force``, or yes in the app)."""

    def __init__(self, message: str, target: Path) -> None:
        super().__init__(message)
        self.target = target


def load_report(store: Store, session_id: int, library: Library | Callable[[], Library]) -> SessionReport:
    """The session as a report. ``library`` may be a callable, so the library is
    only read from disk when the stored version will not do. Raises StoreError
    or ReportError."""
    stored = read_session(store, session_id)
    record, log = stored.record, stored.log

    def report_on(loaded: Loaded) -> SessionReport:
        return build_report(record, as_twin(loaded.scenario, record.twin), log)

    recorded = stored.as_played()
    if recorded is not None:
        with contextlib.suppress(ReplayError):
            return report_on(recorded)
    plan = plan_with(record, len(log), library() if callable(library) else library, lambda: None, report_on)
    chosen = played_version(plan)
    if chosen is None:
        raise ReportError(f"session {record.id}: {plan.message}")
    _, report = chosen
    if isinstance(plan, Ready):
        return report
    return attrs.evolve(report, note=f"{plan.message} This report scores the session against the version in the "
                                     "library now.")


def render(store: Store, session_id: int, format_name: str, library: Library | Callable[[], Library],
           xapi_homepage: str = DEFAULT_HOMEPAGE) -> str:
    """One session in one format (a name from ``FORMAT_INFO``). Raises StoreError or ReportError."""
    return formats(xapi_homepage)[format_name].render(load_report(store, session_id, library))


# --- where exports may go ------------------------------------------------------


def scenario_folders(library: Library | None, extra: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Every folder a scenario was read from: exports never go there."""
    folders = {bundled_dir(), *(Path(p) for p in extra)}
    if library is not None:
        folders.update(Path(e.path).parent for e in library.entries)  # listed, not parsed: paths are enough
    return [f if f.is_dir() else f.parent for f in folders]


def inside_any(target: Path, folders: Iterable[Path]) -> Path | None:
    """The first of ``folders`` that ``target`` would be written in or under."""
    where = target.expanduser().resolve().parent
    for folder in folders:
        with contextlib.suppress(OSError):
            if where.is_relative_to(folder.resolve()):
                return folder
    return None


def check_target(target: Path, folders: Iterable[Path], *, force: bool = False) -> None:
    """Raise ExportError if ``target`` is in a scenario folder, names a scenario file, or is anything but a
    regular file (a folder, a device, a pipe, a link); TargetExists if it is a file and ``force`` is not
    given."""
    folder = inside_any(target, folders)
    if folder is not None:
        raise ExportError(f"{target} is in a scenario folder ({folder}). Exports never go beside scenario files; "
                          "choose another folder.")
    if target.suffix.lower() in (".yaml", ".yml"):
        raise ExportError(f"{target} is named as a scenario file is; exports are never YAML. Choose a name "
                          "ending in the format's own suffix (.md, .html or .json).")
    try:
        found = os.lstat(target.expanduser())
    except FileNotFoundError:
        return
    except OSError as err:
        raise ExportError(f"{target}: cannot write: {err.strerror or err}") from err
    if stat.S_ISDIR(found.st_mode):
        raise ExportError(f"{target} is a folder; give a file name.")
    if not stat.S_ISREG(found.st_mode):
        raise ExportError(f"{target} is not a regular file (it is a link, a device, a pipe or a socket); exports "
                          "never replace one. Choose another name.")
    if not force:
        raise TargetExists(f"{target} already exists; choose another name, or replace it with --force.", target)


def write_export(target: Path, text: Callable[[], str], folders: Iterable[Path], *, make_folder: bool = False,
                 force: bool = False) -> Path:
    """Write the export ``text()`` makes to ``target``, whole or not at all, after checking where it goes.
    ``make_folder``: create the folder it goes in (the app's own export folder may not exist yet).
    ``force``: replace a regular file that is there already. Raises ExportError (TargetExists when the file
    is there and ``force`` is not given), or what ``text`` raises."""
    check_target(target, folders, force=force)
    content = text()
    try:
        if make_folder:
            target.parent.mkdir(parents=True, exist_ok=True)
        write_whole(target.expanduser(), content, replace=force)
    except FileExistsError:
        raise TargetExists(f"{target} already exists; choose another name, or replace it with --force.",
                           target) from None
    except OSError as err:
        raise ExportError(f"{target}: cannot write: {err.strerror or err}") from err
    return target


def default_export_path(folder: Path, record: SessionRecord, format_name: str) -> Path:
    """A new file in ``folder`` named for the session and the format; never one that exists."""
    suffix = FORMAT_INFO[format_name][0]
    kind = "-xapi" if format_name == "xapi" else "-cpd" if format_name == "cpd" else ""
    path = folder / f"session-{record.id}-{record.scenario_id}{kind}{suffix}"
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate
