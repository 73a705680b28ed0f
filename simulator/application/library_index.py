"""The library's index: what the list shows of each scenario file, kept in the user cache folder, so listing
the library reads one small file and stats the scenario files instead of parsing them all.

One index file per folder (or file) the library is read from: the bundled library has its own, each trainer
folder its own, so launching with and without ``--scenarios DIR`` does not make either forget the other.
For each scenario file the index keeps its size, mtime and sha256 and either its entry (``Entry``)
or the errors that stopped it loading. A file is trusted without reading when its size and mtime are the
ones recorded and the record was made well after that mtime; otherwise it is read and hashed, and parsed
again only when the hash differs. (A file system stamps mtimes at its clock's tick, so a file saved twice
within one tick at the same size would look unchanged: such a "racily clean" record is checked by its hash
until it is old enough to trust, as git does with its index.)

The index is a cache: it is rebuilt when it is missing, damaged, of another format or written by other code
(the loader's modules are part of its key), and a folder it cannot be written in costs only the speed.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

import simulator
from simulator.application.files import write_whole
from simulator.application.workers import FILES_POOL_FROM
from simulator.scenarios.files import scenario_files
from simulator.scenarios.problems import Problem, id_used

if TYPE_CHECKING:
    from simulator.scenarios.loader import Loaded

INDEX_FORMAT = 1  # bump when Entry or a record changes shape: every index is then rebuilt once
RACY_NS = 2_000_000_000  # a record made within this of the file's mtime is checked by hash
PACKAGE = Path(simulator.__file__).parent
# What decides whether a file loads and what its entry holds: a change to any of these modules (an upgrade, or a
# developer's edit) rebuilds the index.
CODE = (PACKAGE / "scenarios", PACKAGE / "domain")


@attrs.frozen
class Entry:
    """One case as the library lists it: enough to show, search and filter it, and the path to load it from.

    ``difficulty`` and ``kind`` are the model's enum values as text; ``digest`` is the sha256 of the file's
    bytes when it was indexed. A field added here is kept in the index from the next launch on (the index
    is rebuilt when its format changes: ``library_index.INDEX_FORMAT``)."""

    path: str
    id: str
    title: str
    summary: str
    failure_points: tuple[str, ...]
    difficulty: str
    minutes: int
    kind: str
    author: str
    digest: str

    @classmethod
    def of(cls, loaded: Loaded) -> Entry:
        s = loaded.scenario
        return cls(loaded.path, s.id, s.title, s.summary, tuple(s.failure_points), s.difficulty.value, s.minutes,
                   s.kind.value, s.author, loaded.digest)

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self, recurse=False) | {"failure_points": list(self.failure_points)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], path: str) -> Entry:
        """From the index (``path`` as this run names the file); raises KeyError, TypeError or ValueError
        when the data is not an entry."""
        points = data["failure_points"]
        if not isinstance(points, list) or not all(isinstance(p, str) for p in points):
            raise TypeError("failure_points")
        texts = [data[k] for k in ("id", "title", "summary", "difficulty", "kind", "author", "digest")]
        if not all(isinstance(t, str) for t in texts) or type(data["minutes"]) is not int:
            raise TypeError("entry")
        return cls(path, texts[0], texts[1], texts[2], tuple(points), texts[3], data["minutes"], texts[4],
                   texts[5], texts[6])


@attrs.frozen
class Indexed:
    entries: tuple[Entry, ...]  # in the order the library lists them: each folder's files sorted
    problems: tuple[Problem, ...]  # errors, sorted: these files did not load
    parsed: Mapping[str, Loaded]  # the files parsed while indexing (new or changed), by path: no need to again
    pending: int = 0  # files new or changed since they were indexed, left unread (``parse`` false)


@attrs.frozen
class _Record:
    size: int
    mtime_ns: int
    checked_ns: int  # when the size and mtime were last seen to go with this digest
    digest: str
    entry: dict[str, Any] | None  # Entry.to_json, without the path
    problems: tuple[tuple[int, int, str, str], ...]  # line, col, message, hint

    def fresh(self, stat: os.stat_result) -> bool:
        return (stat.st_size == self.size and stat.st_mtime_ns == self.mtime_ns
                and self.checked_ns - self.mtime_ns > RACY_NS)

    def to_json(self) -> dict[str, Any]:
        return {"size": self.size, "mtime_ns": self.mtime_ns, "checked_ns": self.checked_ns, "digest": self.digest,
                "entry": self.entry, "problems": [list(p) for p in self.problems]}

    @classmethod
    def from_json(cls, data: Any) -> _Record:
        size, mtime_ns, checked_ns = data["size"], data["mtime_ns"], data["checked_ns"]
        if not all(type(n) is int for n in (size, mtime_ns, checked_ns)) or not isinstance(data["digest"], str):
            raise TypeError("record")
        entry = data["entry"]
        if entry is not None and not isinstance(entry, dict):
            raise TypeError("entry")
        problems = tuple((int(line), int(col), str(message), str(hint)) for line, col, message, hint in
                         data["problems"])
        return cls(size, mtime_ns, checked_ns, data["digest"], entry, problems)


def code_key() -> str:
    """The version and the loader's modules (name, size, mtime): an index made by other code is not used."""
    parts = [f"{INDEX_FORMAT}", simulator.__version__]
    for folder in CODE:
        try:
            with os.scandir(folder) as found:
                for item in sorted(found, key=lambda i: i.name):
                    if item.name.endswith(".py"):
                        stat = item.stat()
                        parts.append(f"{item.name}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{folder.name}:?")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def index_file(cache: Path, root: Path) -> Path:
    """The index of the files under ``root`` (a folder, or one file)."""
    return cache / "library" / f"{hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:32]}.json"


def _read(path: Path, key: str) -> dict[str, _Record]:
    try:
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("code") != key or not isinstance(data.get("files"), dict):
            return {}
        return {name: _Record.from_json(record) for name, record in data["files"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # missing or damaged: rebuilt


def _write(path: Path, key: str, records: Mapping[str, _Record]) -> None:
    text = json.dumps({"code": key, "files": {name: r.to_json() for name, r in records.items()}},
                      ensure_ascii=True, separators=(",", ":"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, text)
    except OSError:
        pass  # only the next launch's speed depends on it


def _files_under(root: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Each scenario file under ``root`` as (its name in the index, the path the library shows), and what is
    wrong with those that cannot be (a link to a file moved since)."""
    if root.is_dir():
        files, problems = scenario_files([root])
        return [(f.relative_to(root).as_posix(), f) for f in files], problems
    if root.is_file():
        return [(root.name, root)], []
    return [], []


def _parse(job: _Job) -> tuple[_Record, Loaded | None]:
    """A new or changed file's record, and the case itself when ``job.keep`` (parsed here, not in a worker, so
    that opening it need not parse it again)."""
    from simulator.scenarios.loader import loaded_from

    digest = hashlib.sha256(job.data).hexdigest()
    result = loaded_from(job.shown, job.data, deep=False)
    if isinstance(result, list):
        problems = tuple((p.line, p.col, p.message, p.hint) for p in result)
        return _Record(job.size, job.mtime_ns, job.now, digest, None, problems), None
    entry = Entry.of(result).to_json()
    del entry["path"]
    return _Record(job.size, job.mtime_ns, job.now, digest, entry, ()), result if job.keep else None


@attrs.frozen
class _Job:
    """A file to parse, as passed to a worker process."""

    shown: str
    data: bytes
    size: int
    mtime_ns: int
    now: int
    keep: bool


# From this many new or changed files on (``workers.FILES_POOL_FROM``), they are shared among worker processes,
# one per core, and the cases parsed are not kept: each is parsed again when it is opened. (Keeping two thousand
# of them made reading them 40% slower, the collector walking them all.)
POOL_FROM = FILES_POOL_FROM
# At most this many workers: a served app runs once per trainee signed in, and a machine with many cores should
# not start that many processes for each (2,000 files take 2-3 s on four).
MOST_WORKERS = 4
# The workers import what parsing needs once, in their server, before the first is started.
_PRELOAD = ("simulator.application.library_index", "simulator.scenarios.loader")


def _parse_all(jobs: list[_Job], parsed_one: Callable[[], None]) -> Iterator[tuple[_Record, Loaded | None]]:
    from simulator.application.workers import shared_map, starting_safely, usable_cores

    pooled = len(jobs) >= POOL_FROM
    if pooled:
        jobs = [attrs.evolve(job, keep=False) for job in jobs]
    context = starting_safely(_PRELOAD) if pooled else None
    for result in shared_map(_parse, jobs, jobs=min(usable_cores(), MOST_WORKERS), least=POOL_FROM,
                             context=context, chunk=4):
        parsed_one()
        yield result


Progress = Callable[[int], None]  # told how many new or changed files have been parsed so far, as each is


@attrs.frozen
class _Root:
    """One folder (or file) of the library, with its old index and each file's stat, before anything is read."""

    where: Path  # its index file
    old: dict[str, _Record]
    files: tuple[tuple[str, str, os.stat_result | OSError], ...]  # (name in the index, path shown, stat)
    problems: tuple[Problem, ...]  # what is wrong with the scenario files that could not be listed


def _plan(root: Path, cache: Path, key: str) -> _Root:
    files = []
    found, problems = _files_under(root)
    for name, path in found:
        try:
            stat: os.stat_result | OSError = os.stat(path)
        except OSError as err:
            stat = err
        files.append((name, str(path), stat))
    where = index_file(cache, root)
    return _Root(where, _read(where, key), tuple(files), tuple(problems))


def _index_root(root: _Root, key: str, now: int, parse: bool, parsed_one: Callable[[], None]) -> tuple[
        list[Entry], list[Problem], dict[str, Loaded], int]:
    records: dict[str, _Record] = {}
    problems: list[Problem] = list(root.problems)
    parsed: dict[str, Loaded] = {}
    pending = 0
    # First what each file needs: its record as it stands, or a parse (done below, all at once, so that many
    # can be shared among processes). The files keep their order.
    listed: list[tuple[str, str, _Record | _Job]] = []
    for name, shown, stat in root.files:
        if isinstance(stat, OSError):
            problems.append(Problem(shown, 1, 1, f"cannot read the file: {stat.strerror or stat}"))
            continue
        record = root.old.get(name)
        if record is None or not record.fresh(stat):
            if record is None and not parse:
                pending += 1  # a new file: not even read, so that the first frame stays quick
                continue
            try:
                data = Path(shown).read_bytes()
            except OSError as err:
                problems.append(Problem(shown, 1, 1, f"cannot read the file: {err.strerror or err}"))
                continue
            if record is not None and hashlib.sha256(data).hexdigest() == record.digest:
                record = attrs.evolve(record, size=stat.st_size, mtime_ns=stat.st_mtime_ns, checked_ns=now)
            elif not parse:
                pending += 1
                continue
            else:
                listed.append((name, shown, _Job(shown, data, stat.st_size, stat.st_mtime_ns, now, True)))
                continue
        listed.append((name, shown, record))
    results = _parse_all([job for _, _, job in listed if isinstance(job, _Job)], parsed_one)
    entries: list[Entry] = []
    for name, shown, known in listed:
        if isinstance(known, _Job):
            record, loaded = next(results)
            if loaded is not None:
                parsed[shown] = loaded
        else:
            record = known
        records[name] = record
        if record.entry is None:
            problems.extend(Problem(shown, line, col, message, hint) for line, col, message, hint in record.problems)
            continue
        try:
            entries.append(Entry.from_json(record.entry, shown))
        except (KeyError, TypeError, ValueError):
            del records[name]  # a damaged record: read again next time
            problems.append(Problem(shown, 1, 1, "the library's index could not be read; start again to rebuild it"))
    if records != root.old and not pending:  # an index with files left unread would forget them
        _write(root.where, key, records)
    return entries, problems, parsed, pending


def index_library(paths: Iterable[str | os.PathLike[str]], cache: Path, *, parse: bool = True,
                  progress: Progress | None = None) -> Indexed:
    """The library under ``paths`` (folders or files, in order), from the index in ``cache``, which is brought up
    to date on the way: a new or changed file is parsed (and its entry, or its errors, kept), a removed one
    dropped; ``progress`` is told as each is parsed. Scenario ids must be unique: a later file with an id already
    listed is a problem.

    ``progress`` may raise to stop the reading (the app's does when it closes): what workers are doing is
    dropped, and the index is left as it was.

    With ``parse`` false, no file is parsed: the library is listed as far as the index has it, and the files
    new or changed since are counted (``pending``). That costs no more than reading the index and a stat per
    file, which is what the app's first frame can afford; the rest is read in a thread."""
    key = code_key()
    now = time.time_ns()
    entries: list[Entry] = []
    problems: list[Problem] = []
    parsed: dict[str, Loaded] = {}
    roots: list[_Root] = []
    for raw in paths:
        root = Path(raw)
        if not root.exists():
            problems.append(Problem(str(root), 1, 1, "no such file or directory"))
            continue
        roots.append(_plan(root, cache, key))
    done = 0

    def parsed_one() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done)

    pending = 0
    for plan in roots:
        found, broken, loaded, left = _index_root(plan, key, now, parse, parsed_one)
        entries.extend(found)
        problems.extend(broken)
        parsed.update(loaded)
        pending += left
    unique: list[Entry] = []
    seen: dict[str, str] = {}
    for entry in entries:
        other = seen.get(entry.id)
        if other is not None:
            problems.append(id_used(entry.path, entry.id, other))
            parsed.pop(entry.path, None)
            continue
        seen[entry.id] = entry.path
        unique.append(entry)
    return Indexed(tuple(unique), tuple(sorted(problems)), parsed, pending)
