"""The scenario library a command or the app works from: the bundled scenarios plus any trainer directories,
and finding one by id or path.

The library lists its cases from an index (``library_index.py``, which defines ``Entry``): what the list
shows of each file, without parsing it. A case is parsed in full when it is first asked for (``load``,
``find``) and kept from then on. So opening the library costs the same whether it holds fourteen files or
five hundred, and this module imports neither the parser nor the model until a case is wanted.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.application.library_index import Entry, Progress, index_library
from simulator.scenarios.files import bundled_dir
from simulator.scenarios.problems import Problem

if TYPE_CHECKING:
    from simulator.scenarios.loader import Loaded


class Library:
    """The cases (``entries``, in the order they are listed), the files that could not be loaded
    (``problems``: listed, never fatal), and each case parsed in full once it is asked for.

    ``Library(scenarios, problems)`` makes one from cases already loaded (tests, a trainer's single file);
    ``open_library`` reads the index. Safe to share between threads: a file is parsed by one thread at a time,
    and another asking for it meanwhile waits for that parse rather than making its own (at launch the case
    read ahead can be asked for several times over, and each extra parse slows the frames being drawn)."""

    def __init__(self, scenarios: Iterable[Loaded] = (), problems: Iterable[Problem] = (), *,
                 entries: Iterable[Entry] | None = None, pending: int = 0) -> None:
        loaded = tuple(scenarios)
        self._loaded: dict[str, Loaded] = {s.path: s for s in loaded}
        self.entries: tuple[Entry, ...] = tuple(Entry.of(s) for s in loaded) if entries is None else tuple(entries)
        self.problems: tuple[Problem, ...] = tuple(problems)
        # Files new or changed since the index was made, not read yet: a library listed as far as its index has
        # it (``listed_library``), while the rest is read.
        self.pending = pending
        self._lock = threading.Lock()
        self._parsing: dict[str, threading.Lock] = {}  # one lock for each file, while it is parsed

    def __repr__(self) -> str:
        left = f", {self.pending} files not read yet" if self.pending else ""
        return f"Library({len(self.entries)} cases, {len(self.problems)} problems{left})"

    def entry(self, scenario_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == scenario_id), None)

    def entry_at(self, path: str) -> Entry | None:
        return next((e for e in self.entries if e.path == path), None)

    def loaded(self, entry: Entry) -> Loaded | None:
        """The case if it has been parsed already; never reads the file."""
        return self._loaded.get(entry.path)

    def load(self, entry: Entry) -> Loaded | list[Problem]:
        """The case in full, parsed from its file the first time it is asked for; every problem if the file
        no longer loads (it changed, or went, since it was listed)."""
        found = self._loaded.get(entry.path)
        if found is not None:
            return found
        from simulator.scenarios.loader import load_file

        with self._lock:
            parsing = self._parsing.setdefault(entry.path, threading.Lock())
        with parsing:
            found = self._loaded.get(entry.path)  # parsed while this thread waited
            if found is not None:
                return found
            result = load_file(entry.path, deep=False)
            if not isinstance(result, list):
                self._loaded[entry.path] = result
        return result

    def find(self, scenario_id: str) -> Loaded | None:
        """The case with this id, parsed; None if there is none, or its file no longer loads."""
        entry = self.entry(scenario_id)
        if entry is None:
            return None
        result = self.load(entry)
        return None if isinstance(result, list) or result.scenario.id != scenario_id else result

    @property
    def scenarios(self) -> tuple[Loaded, ...]:
        """Every case that loads, parsed (all of them: for commands and checks, not for listing)."""
        return tuple(s for e in self.entries if not isinstance(s := self.load(e), list))

    def with_version(self, loaded: Loaded) -> Library:
        """This library with the file ``loaded`` came from replaced by that version (an author's saved edit),
        so opening the case again plays it."""
        entries = tuple(Entry.of(loaded) if e.path == loaded.path else e for e in self.entries)
        other = Library(problems=self.problems, entries=entries)
        other._loaded = {**self._loaded, loaded.path: loaded}
        return other


EMPTY = Library()


def open_library(extra_dirs: Sequence[str | os.PathLike[str]] = (), *, bundled: bool = True,
                 cache: Path | None = None, progress: Progress | None = None) -> Library:
    """The bundled scenarios (unless ``bundled`` is false, as in tests) and any trainer directories, listed
    from the index in ``cache`` (default: the user cache folder, see ``config.cache_dir``), which is brought
    up to date first: a new, changed or broken file is read again (``progress`` is told as each is)."""
    from simulator.application.config import cache_dir

    indexed = index_library([bundled_dir(), *extra_dirs] if bundled else extra_dirs,
                            cache_dir() if cache is None else cache, progress=progress)
    library = Library(problems=indexed.problems, entries=indexed.entries)
    library._loaded.update(indexed.parsed)
    return library


def listed_library(extra_dirs: Sequence[str | os.PathLike[str]] = (), *, bundled: bool = True,
                   cache: Path | None = None) -> Library:
    """The library as far as its index has it, without parsing any file: cheap enough for the app's first
    frame (the index and a stat per file). Files new or changed since are counted in ``pending``, for
    ``open_library`` to read; when there are none, this is the library ``open_library`` would give."""
    from simulator.application.config import cache_dir

    indexed = index_library([bundled_dir(), *extra_dirs] if bundled else extra_dirs,
                            cache_dir() if cache is None else cache, parse=False)
    return Library(problems=indexed.problems, entries=indexed.entries, pending=indexed.pending)


def resolve(id_or_path: str, extra_dirs: Sequence[str | os.PathLike[str]] = ()) -> Loaded | list[Problem]:
    """A scenario by file path, or by id from the library."""
    from simulator.scenarios.loader import load_file

    path = Path(id_or_path)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        return load_file(path)
    if path.is_dir():
        return [Problem(id_or_path, 1, 1, "this is a folder, not a scenario",
                        "give one scenario file, or a scenario's id (`case-review list` lists them)")]
    library = open_library(extra_dirs)
    entry = library.entry(id_or_path)
    if entry is not None:
        return library.load(entry)
    ids = ", ".join(sorted(e.id for e in library.entries))
    broken = sorted({p.path for p in library.problems})
    why = "" if not broken else (f"; {broken[0]} could not be loaded, and it may be that one (its problems follow)"
                                 if len(broken) == 1 else f"; {len(broken)} trainer files could not be loaded, and "
                                 "it may be one of them (their problems follow)")
    # A trainer's file that is broken is not in the library: its problems say why the id is not found.
    return [Problem(id_or_path, 1, 1, f"no scenario with id {id_or_path!r} and no such file{why}",
                    f"the library has: {ids}" if ids else ""), *library.problems]
