"""Many scenario files are read by worker processes. New files for the library: the library they give is the
one reading them here gives, file for file (entries, problems, an id used twice), the reading is counted as it
goes, the index is written, and the cases can be opened; the same from a thread, as the app reads its library.
And `validate`, which checks each file in full: the same result and the same lines."""

from __future__ import annotations

import multiprocessing
import shutil
import threading
from pathlib import Path

import pytest

from simulator.application import library_index, workers
from simulator.application.library import open_library
from simulator.application.library_index import Indexed, index_library
from tests.conftest import MINI
from tests.pools import count_pools

VALID = 6


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Six cases with ids of their own, one broken file, and one that reuses an id."""
    trainer = tmp_path / "trainer"
    trainer.mkdir()
    text = MINI.read_text(encoding="utf-8")
    assert "id: mini-test-case\n" in text
    for n in range(VALID):
        (trainer / f"case-{n}.yaml").write_text(text.replace("id: mini-test-case\n", f"id: case-{n}\n", 1),
                                                encoding="utf-8")
    (trainer / "broken.yaml").write_text(text.replace("minutes:", "minutse:", 1), encoding="utf-8")
    shutil.copy(trainer / "case-2.yaml", trainer / "same-id.yaml")
    return trainer


def _read(folder: Path, cache: Path, pool_from: int, monkeypatch: pytest.MonkeyPatch,
          told: list[int] | None = None) -> Indexed:
    monkeypatch.setattr(library_index, "POOL_FROM", pool_from)
    return index_library([folder], cache, progress=None if told is None else told.append)


def _same(pooled: Indexed, here: Indexed) -> None:
    assert pooled.entries == here.entries
    assert pooled.problems == here.problems
    assert len(here.entries) == VALID  # same-id.yaml, listed after case-2.yaml, is the one refused
    assert any("already used" in p.message for p in here.problems)
    assert any("minutse" in p.message for p in here.problems)


def test_files_read_by_workers_give_the_library_read_here(folder: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    here = _read(folder, tmp_path / "here", 10**6, monkeypatch)
    started = count_pools(monkeypatch, cores=2)
    told: list[int] = []
    pooled = _read(folder, tmp_path / "pooled", 2, monkeypatch, told)
    assert started == [2]
    _same(pooled, here)
    assert told == list(range(1, VALID + 3))  # every file, counted as it was read
    assert pooled.parsed == {} and len(here.parsed) == VALID  # so thousands are not held meanwhile
    # The index was written: the next launch parses nothing.
    again = _read(folder, tmp_path / "pooled", 2, monkeypatch)
    assert again.entries == here.entries and again.parsed == {} and started == [2]


def test_a_case_read_by_a_worker_opens(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_index, "POOL_FROM", 2)
    started = count_pools(monkeypatch, cores=2)
    library = open_library([folder], bundled=False, cache=tmp_path / "cache")
    assert started == [2]
    found = library.find("case-4")
    assert found is not None and found.scenario.id == "case-4"


def test_from_a_thread_the_workers_come_from_a_clean_server(folder: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    here = _read(folder, tmp_path / "here", 10**6, monkeypatch)
    monkeypatch.setattr(workers, "usable_cores", lambda: 2)
    contexts: list[str | None] = []
    choose = workers.starting_safely

    def noted(preload: tuple[str, ...]) -> multiprocessing.context.BaseContext | None:
        context = choose(preload)
        contexts.append(None if context is None else context.get_start_method())
        return context

    monkeypatch.setattr(workers, "starting_safely", noted)
    results: list[Indexed] = []
    thread = threading.Thread(target=lambda: results.append(_read(folder, tmp_path / "thread", 2, monkeypatch)))
    thread.start()
    thread.join()
    (pooled,) = results
    assert contexts == ["forkserver"]
    _same(pooled, here)


def test_with_no_other_thread_the_workers_are_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert workers.starting_safely(()) is None
    monkeypatch.setattr(threading, "active_count", lambda: 3)
    context = workers.starting_safely(())
    assert context is not None and context.get_start_method() == "forkserver"


def test_validate_on_workers_finds_what_it_finds_here(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """`validate` checks each file in full in a worker: the same cases, every problem and warning, the same
    lines printed, as checking them one after another here."""
    from simulator.application import file_checks
    from simulator.scenarios.loader import load_paths
    from tests.conftest import run_cli

    here = load_paths([folder])
    monkeypatch.setattr(file_checks, "FILES_POOL_FROM", 2)
    started = count_pools(monkeypatch, cores=2)
    assert file_checks.check_files([folder]) == here
    assert started == [2]
    assert len(here.scenarios) == VALID and any("already used" in p.message for p in here.problems)
    shared = run_cli(capsys, "validate", "--jobs", "2", str(folder))
    alone = run_cli(capsys, "validate", "--jobs", "1", str(folder))
    assert shared == alone and shared[0] == 1 and "minutse" in shared[1]
    assert started == [2, 2]


def test_a_machine_with_many_cores_reads_the_library_on_four(folder: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A served app runs once per trainee: each starts at most four workers, however many cores there are."""
    started = count_pools(monkeypatch, cores=64)
    _read(folder, tmp_path / "cache", 2, monkeypatch)
    assert started == [library_index.MOST_WORKERS] == [4]


class _Stop(Exception):
    pass


def test_a_reading_stopped_by_its_progress_leaves_the_index_as_it_was(folder: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The app stops the reading when it closes by raising from ``progress``: the workers are dropped and
    nothing is written, so the next launch reads the files again."""
    count_pools(monkeypatch, cores=2)

    def stop_at_third(done: int) -> None:
        if done == 3:
            raise _Stop

    monkeypatch.setattr(library_index, "POOL_FROM", 2)
    with pytest.raises(_Stop):
        index_library([folder], tmp_path / "cache", progress=stop_at_third)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").rglob("*.json"))
    told: list[int] = []
    again = _read(folder, tmp_path / "cache", 2, monkeypatch, told)
    assert len(told) == VALID + 2 and len(again.entries) == VALID
