"""The library's index: a launch lists the library from it without parsing, and still shows a file that is
new, changed (even at the same size within the same clock tick), broken, fixed or gone as it now is."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from simulator.application import library_index
from simulator.application.library import Library, open_library
from simulator.application.library_index import Entry, index_file, index_library
from tests.conftest import MINI


def _mini_title() -> str:
    for line in MINI.read_text(encoding="utf-8").splitlines():
        if line.startswith("title:"):
            return line.removeprefix("title:").strip().strip('"')
    raise AssertionError("mini.yaml has no title line")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    trainer = tmp_path / "trainer"
    trainer.mkdir()
    shutil.copy(MINI, trainer / "mini.yaml")
    return trainer


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _retitle(path: Path, title: str, *, keep_size: bool = False) -> None:
    old = _mini_title()
    text = path.read_text(encoding="utf-8")
    size = len(old.encode("utf-8"))
    new = title.ljust(size, "x")[:size] if keep_size else title  # ASCII: as many bytes as the old title
    assert f'"{old}"' in text or f"title: {old}" in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _age(path: Path, seconds: float = 60) -> None:
    """Set the file's mtime back, as a file saved a while ago: its record is then trusted by size and mtime."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - int(seconds * 1e9)))


def test_a_second_launch_lists_the_library_without_parsing_a_file(folder: Path, cache: Path) -> None:
    _age(folder / "mini.yaml")
    first = index_library([folder], cache)
    assert [e.title for e in first.entries] == [_mini_title()] and set(first.parsed) == {str(folder / "mini.yaml")}
    again = index_library([folder], cache)
    assert again.entries == first.entries
    assert again.parsed == {}  # nothing was parsed: the entry came from the index


def test_the_entry_is_what_the_parsed_file_gives(folder: Path, cache: Path) -> None:
    indexed = index_library([folder], cache)
    (entry,) = indexed.entries
    assert entry == Entry.of(indexed.parsed[entry.path])
    library = open_library([folder], bundled=False, cache=cache)
    found = library.find(entry.id)
    assert found is not None and Entry.of(found) == entry


def test_a_new_file_is_listed_on_the_next_launch(folder: Path, cache: Path) -> None:
    index_library([folder], cache)
    text = (folder / "mini.yaml").read_text(encoding="utf-8").replace("id: mini-test-case", "id: second-case", 1)
    (folder / "second.yaml").write_text(text.replace(_mini_title(), "The second case", 1), encoding="utf-8")
    indexed = index_library([folder], cache)
    assert [e.title for e in indexed.entries] == [_mini_title(), "The second case"]
    assert list(indexed.parsed) == [str(folder / "second.yaml")]  # only the new file was parsed


def test_a_changed_file_shows_its_new_title(folder: Path, cache: Path) -> None:
    path = folder / "mini.yaml"
    _age(path)
    index_library([folder], cache)
    _retitle(path, "Renamed by the trainer")
    (entry,) = index_library([folder], cache).entries
    assert entry.title == "Renamed by the trainer"


def test_a_change_at_the_same_size_within_the_same_tick_is_noticed(folder: Path, cache: Path) -> None:
    """The racy case: same size, same mtime (a second save within one tick of the file system's clock)."""
    path = folder / "mini.yaml"
    index_library([folder], cache)
    before = path.stat()
    _retitle(path, "Same size, new words", keep_size=True)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    (entry,) = index_library([folder], cache).entries
    assert entry.title.startswith("Same size, new words")


def test_a_touched_but_unchanged_file_is_hashed_not_parsed(folder: Path, cache: Path) -> None:
    path = folder / "mini.yaml"
    _age(path, 120)
    index_library([folder], cache)
    _age(path, 60)  # a new mtime, the same bytes (a checkout, a copy that kept nothing)
    assert index_library([folder], cache).parsed == {}
    assert index_library([folder], cache).parsed == {}


def test_a_broken_file_is_listed_with_its_errors_launch_after_launch_until_fixed(folder: Path, cache: Path) -> None:
    path = folder / "mini.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("minutes:", "minutse:", 1), encoding="utf-8")
    _age(path)
    first = index_library([folder], cache)
    assert first.entries == () and first.problems
    assert all(p.path == str(path) for p in first.problems)
    assert any("minutse" in p.message for p in first.problems)
    again = index_library([folder], cache)
    assert again.problems == first.problems and again.parsed == {}  # from the index, not parsed again
    path.write_text(good, encoding="utf-8")
    fixed = index_library([folder], cache)
    assert [e.title for e in fixed.entries] == [_mini_title()] and fixed.problems == ()


def test_a_removed_file_leaves_the_list(folder: Path, cache: Path) -> None:
    index_library([folder], cache)
    (folder / "mini.yaml").unlink()
    assert index_library([folder], cache).entries == ()


def test_a_damaged_index_is_rebuilt(folder: Path, cache: Path) -> None:
    index_library([folder], cache)
    where = index_file(cache, folder)
    for damage in ("{not json", "[]", json.dumps({"code": library_index.code_key(), "files": {"mini.yaml": 7}}),
                   json.dumps({"code": library_index.code_key(), "files": {"mini.yaml": {
                       "size": 1, "mtime_ns": 1, "checked_ns": 1, "digest": "x", "entry": {"id": 3},
                       "problems": []}}})):
        where.write_text(damage, encoding="utf-8")
        assert [e.title for e in index_library([folder], cache).entries] == [_mini_title()]


def test_an_index_made_by_other_code_is_not_used(folder: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _age(folder / "mini.yaml")
    index_library([folder], cache)
    monkeypatch.setattr(library_index, "code_key", lambda: "another version of the loader")
    assert set(index_library([folder], cache).parsed) == {str(folder / "mini.yaml")}


def test_a_cache_that_cannot_be_written_costs_only_speed(folder: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("", encoding="utf-8")
    indexed = index_library([folder], blocked)
    assert [e.title for e in indexed.entries] == [_mini_title()]


def test_each_folder_keeps_its_own_index(folder: Path, cache: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    text = MINI.read_text(encoding="utf-8").replace("id: mini-test-case", "id: other-case", 1)
    (other / "other.yaml").write_text(text, encoding="utf-8")
    for path in (folder / "mini.yaml", other / "other.yaml"):
        _age(path)
    index_library([folder, other], cache)
    index_library([folder], cache)  # a launch without the other folder does not make the index forget it
    assert index_library([folder, other], cache).parsed == {}


def test_an_id_used_twice_is_a_problem_for_the_second_file(folder: Path, cache: Path) -> None:
    shutil.copy(folder / "mini.yaml", folder / "copy.yaml")
    indexed = index_library([folder], cache)
    assert [e.path for e in indexed.entries] == [str(folder / "copy.yaml")]
    (problem,) = indexed.problems
    assert problem.path == str(folder / "mini.yaml") and "already used" in problem.message


def test_a_missing_folder_is_a_problem(tmp_path: Path, cache: Path) -> None:
    (problem,) = index_library([tmp_path / "nowhere"], cache).problems
    assert problem.message == "no such file or directory"


def test_a_link_to_a_moved_file_is_listed_as_a_problem(folder: Path, cache: Path) -> None:
    (folder / "old.yaml").symlink_to(folder / "gone.yaml")
    library = open_library([folder], bundled=False, cache=cache)
    assert [e.title for e in library.entries] == [_mini_title()]
    (problem,) = library.problems
    assert problem.path == str(folder / "old.yaml") and problem.message.startswith("a link to a file that is not there")


def test_a_file_broken_after_listing_is_not_opened(folder: Path, cache: Path) -> None:
    library = open_library([folder], bundled=False, cache=cache)
    (entry,) = library.entries
    path = folder / "mini.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("minutes:", "minutse:", 1), encoding="utf-8")
    other = open_library([folder], bundled=False, cache=cache)
    (again,) = other.entries or (None,)
    assert again is None and other.problems  # listed again: broken
    fresh = Library(entries=[entry])  # the old listing, its file not parsed yet
    assert isinstance(fresh.load(entry), list)
    assert fresh.find(entry.id) is None


class _WatchedLock:
    """A file's parsing lock that says when a second thread comes to it (while the first holds it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._comers = 0
        self.second_waits = threading.Event()

    def __enter__(self) -> None:
        self._comers += 1
        if self._comers == 2:
            self.second_waits.set()
        self._lock.acquire()

    def __exit__(self, *_: object) -> None:
        self._lock.release()


def test_a_case_asked_for_while_it_is_parsed_is_parsed_once(
        folder: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app reads the highlighted case ahead in a thread, and at launch asks for it several times over:
    a second asker waits for the parse under way instead of parsing the file again beside it."""
    from simulator.scenarios import loader

    (entry,) = open_library([folder], bundled=False, cache=cache).entries
    library = Library(entries=[entry])
    watched = library._parsing[entry.path] = _WatchedLock()
    parsing, release = threading.Event(), threading.Event()
    parses: list[str] = []
    real = loader.load_file

    def slow_load_file(path: str, deep: bool = True) -> object:
        parses.append(path)
        parsing.set()
        release.wait(timeout=30)  # until the second asker waits (a guard against a hang, not a pause)
        return real(path, deep=deep)

    monkeypatch.setattr(loader, "load_file", slow_load_file)
    results: dict[str, object] = {}
    first = threading.Thread(target=lambda: results.setdefault("first", library.load(entry)))
    second = threading.Thread(target=lambda: results.setdefault("second", library.load(entry)))
    first.start()
    assert parsing.wait(timeout=30)
    second.start()
    assert watched.second_waits.wait(timeout=10), "the second asker did not wait for the parse under way"
    release.set()
    first.join()
    second.join()
    assert parses == [entry.path]
    assert results["first"] is results["second"] and not isinstance(results["first"], list)


def test_a_library_made_of_loaded_cases_lists_them(folder: Path, cache: Path) -> None:
    loaded = open_library([folder], bundled=False, cache=cache).scenarios
    library = Library(loaded)
    assert [e.id for e in library.entries] == [s.scenario.id for s in loaded]
    assert library.scenarios == loaded


def test_the_first_frame_lists_what_the_index_has_and_counts_the_new_and_changed_files(
        folder: Path, cache: Path) -> None:
    """`parse=False` (the app's first frame) parses nothing: the files the index has are listed, a new file or
    a changed one is counted as pending, and the index is left for the full pass to bring up to date."""
    for name in ("a.yaml", "b.yaml"):
        text = MINI.read_text(encoding="utf-8").replace("id: mini", f"id: mini-{name[0]}", 1)
        (folder / name).write_text(text, encoding="utf-8")
        _age(folder / name)
    _age(folder / "mini.yaml")
    indexed = index_library([folder], cache)
    assert len(indexed.entries) == 3 and indexed.pending == 0
    written = index_file(cache, folder).read_bytes()
    new = folder / "new.yaml"
    new.write_text(MINI.read_text(encoding="utf-8").replace("id: mini", "id: mini-new", 1), encoding="utf-8")
    _retitle(folder / "b.yaml", "Changed since")
    listed = index_library([folder], cache, parse=False)
    assert listed.pending == 2 and listed.parsed == {}
    assert [Path(e.path).name for e in listed.entries] == ["a.yaml", "mini.yaml"]
    assert index_file(cache, folder).read_bytes() == written
    told: list[int] = []
    full = index_library([folder], cache, progress=told.append)
    assert told == [1, 2] and full.pending == 0
    assert {Path(e.path).name for e in full.entries} == {"a.yaml", "b.yaml", "mini.yaml", "new.yaml"}
    assert "Changed since" in full.entries[[Path(e.path).name for e in full.entries].index("b.yaml")].title


def test_a_library_listed_before_its_new_files_are_read_says_how_many_wait(folder: Path, cache: Path) -> None:
    from simulator.application.library import listed_library

    _age(folder / "mini.yaml")
    open_library([folder], bundled=False, cache=cache)
    (folder / "second.yaml").write_text(MINI.read_text(encoding="utf-8").replace("id: mini", "id: second", 1),
                                        encoding="utf-8")
    listed = listed_library([folder], bundled=False, cache=cache)
    assert listed.pending == 1 and [e.id for e in listed.entries] == ["mini-test-case"]
    assert open_library([folder], bundled=False, cache=cache).pending == 0
