"""Reloading the scenario file an author is editing, without Textual: notice
a change cheaply, check the new bytes, and carry the session over to the new
version only if every event so far still fits it."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping
from pathlib import Path

import attrs

from simulator.application.library import Library
from simulator.application.session import Session
from simulator.domain.engine import Refused, ReplayError
from simulator.domain.events import Decide, Event, Flag, Note, TakeAction, Unflag
from simulator.scenarios.loader import Loaded, check_bytes
from simulator.scenarios.problems import Problem, id_used

Signature = tuple[int, int, int]  # mtime in ns, size, inode: an editor that saves by renaming changes the inode


# A file system stamps mtimes at the kernel's tick, not to the nanosecond: two saves of the same size within
# one tick look alike. So for this long after a change the bytes are read again whatever the stat says (git's
# "racily clean" rule).
RACY_NS = 2_000_000_000


class FileWatch:
    """Polled, not notified: one stat per poll, and a read only when the stat differs or the last change was
    too recent to trust it. Cheap enough every second, and it needs no watcher dependency (the files are
    small and there is one of them)."""

    def __init__(self, path: str, digest: str) -> None:
        self.path = path
        self.digest = digest  # of the bytes last seen
        self._signature: Signature | None = None  # unknown: the first poll reads the file once

    def poll(self) -> bytes | None:
        """The file's bytes if they differ from the last seen; raises OSError when it cannot be read."""
        try:
            stat = os.stat(self.path)
            signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
            if signature == self._signature and time.time_ns() - stat.st_mtime_ns > RACY_NS:
                return None
            data = Path(self.path).read_bytes()
        except OSError:
            # Once it is back it is news, even with the same bytes: the author was told it had gone.
            self._signature = None
            self.digest = ""
            raise
        self._signature = signature
        digest = hashlib.sha256(data).hexdigest()
        if digest == self.digest:
            return None
        self.digest = digest
        return data


@attrs.frozen
class Reloaded:
    loaded: Loaded
    replayed: int  # events carried over


@attrs.frozen
class Restored:
    """The file is back to the version being played."""


@attrs.frozen
class Invalid:
    errors: tuple[Problem, ...]


@attrs.frozen
class Unfitting:
    where: str  # which event, or the jump, no longer fits
    reason: str
    loaded: Loaded  # the new version, valid: what opening the case again, or a jump, plays


@attrs.frozen
class Unreadable:
    reason: str


Outcome = Reloaded | Restored | Invalid | Unfitting | Unreadable


def reload_session(session: Session, path: str, data: bytes, taken: Mapping[str, str] | None = None) -> Outcome:
    """Check ``data`` and, when it is a valid scenario that the session's events still fit, switch the
    session to it. Otherwise the session keeps the version it has. ``taken``: the ids of the library's other
    files, by id; a version that takes one is not loaded, as the library would not load it (and the session
    would be recorded as that other case)."""
    checked = check_bytes(path, data)
    if checked.scenario is None:
        return Invalid(checked.errors)
    other = (taken or {}).get(checked.scenario.id)
    if other is not None:
        return Invalid((id_used(path, checked.scenario.id, other),))
    digest = hashlib.sha256(data).hexdigest()
    if digest == session.loaded.digest:
        return Restored()
    loaded = Loaded(path, checked.scenario, digest, checked.warnings)
    try:
        session.switch_version(loaded)
    except ReplayError as err:
        return Unfitting(f"event {err.index} ({event_words(session.events[err.index])})", err.reason, loaded)
    except Refused as err:
        return Unfitting(f"the jump to stage '{session.start_stage}'", str(err), loaded)
    return Reloaded(loaded, len(session.events))


def event_words(event: Event) -> str:
    """An event as an author would name it, with the ids the file uses."""
    if isinstance(event, TakeAction):
        return f"take action '{event.action}'"
    if isinstance(event, Flag):
        return f"flag '{event.evidence}' as {event.as_.value}"
    if isinstance(event, Unflag):
        return f"unflag '{event.evidence}'"
    if isinstance(event, Decide):
        return f"choose '{event.option}' at stage '{event.stage}'"
    assert isinstance(event, Note)
    return "a note"


def newest(library: Library | None, loaded: Loaded) -> Loaded:
    """The library's version of the file ``loaded`` came from: the newest valid one the author saved."""
    entry = None if library is None else library.entry_at(loaded.path)
    if library is None or entry is None:
        return loaded
    found = library.load(entry)
    return loaded if isinstance(found, list) else found


def library_with(library: Library, loaded: Loaded) -> Library:
    """The library with the file's entry replaced by its new version, so opening it again plays that."""
    return library.with_version(loaded)


def check_for_change(watch: FileWatch, session: Session, taken: Mapping[str, str] | None = None) -> Outcome | None:
    """None while the file is as last seen."""
    try:
        data = watch.poll()
    except OSError as err:
        return Unreadable(err.strerror or str(err))
    return None if data is None else reload_session(session, watch.path, data, taken)
