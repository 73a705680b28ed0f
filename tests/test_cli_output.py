"""What the command line prints is safe for a terminal and fails as well-behaved tools fail (issue 14):
control characters from files and the store neutralised (item 8); standard output full, closed or a reader
gone (item 13); a session number too large for SQLite (item 14)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from simulator.domain.engine import replay
from simulator.domain.events import Decide, Note
from simulator.domain.scoring.debrief import score
from simulator.domain.strategies import reference_play
from simulator.reports.terminal import json_safe, neutralise
from simulator.scenarios.loader import Loaded, load_file
from simulator.store.database import Store

from .conftest import MINI
from .conftest import run_cli as run

BIN = Path(sys.executable).parent / "case-review"
HOSTILE = "\x1b]0;pwned\x07\x1bc\x1b[31mRed\x9b2J\u202eevil"
BAD = ("\x1b", "\x07", "\x9b", "\u202e")


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


def _clean(text: str) -> bool:
    return not any(c in text for c in BAD)


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    loaded = load_file(MINI)
    assert isinstance(loaded, Loaded)
    path = tmp_path / "history.sqlite3"
    with Store.open(path) as store:
        sid = store.start_session(store.ensure_profile("Sam " + HOSTILE), loaded)
        events = reference_play(loaded.scenario)
        events = [Note(HOSTILE), *(
            attrs.evolve(e, rationale=HOSTILE)
            if isinstance(e, Decide) else e for e in events)]
        for event in events:
            store.append_event(sid, event)
        store.finish_session(sid, score(replay(loaded.scenario, events)))
        store.save_reflection(sid, HOSTILE, practice_change=HOSTILE, peer_reflection=HOSTILE)
    return path


def test_neutralise_shows_every_control_character_and_keeps_lines() -> None:
    assert neutralise("a\x1b[31mb\tc\nd\x7f\x9b\u202e") == "a␛[31mb\tc\nd␡\ufffd\ufffd"
    assert json.loads(json_safe(json.dumps({"x": "\x7f\x9b\u202e\x1b"}, ensure_ascii=False))) == \
        {"x": "\x7f\x9b\u202e\x1b"}


@pytest.mark.parametrize("fmt", ["md", "html", "cpd", "json", "xapi"])
def test_exports_on_standard_output_and_in_files_carry_no_control_characters(
        hostile_db: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "1", "--db", str(hostile_db), "--format", fmt)
    assert (code, err) == (0, "")
    assert _clean(out) and "pwned" in out
    target = tmp_path / f"out.{fmt}"
    assert run(capsys, "export", "1", "--db", str(hostile_db), "--format", fmt, "-o", str(target))[0] == 0
    text = target.read_text(encoding="utf-8")
    assert _clean(text)
    if fmt in ("json", "xapi"):
        assert any(HOSTILE in found for found in _strings(json.loads(text)))  # escaped, nothing lost


def test_history_and_cohort_print_no_control_characters(hostile_db: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "history", "--db", str(hostile_db))
    assert code == 0 and _clean(out) and "Sam ␛" in out
    code, out, _ = run(capsys, "history", "--db", str(hostile_db), "--json")
    assert code == 0 and _clean(out) and json.loads(out)[0]["trainee"] == "Sam " + HOSTILE
    export = tmp_path / "edited.json"
    assert run(capsys, "export", "1", "--db", str(hostile_db), "--format", "json", "-o", str(export))[0] == 0
    data = json.loads(export.read_text(encoding="utf-8"))
    data["scenario"] = HOSTILE  # an edited export
    data["debrief"]["critical"] = [{"rule": HOSTILE, "criterion": HOSTILE}]
    export.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for extra in ([], ["--json"], ["--format", "html"]):
        code, out, err = run(capsys, "cohort", str(export), *extra)
        assert code == 0 and _clean(out) and _clean(err), extra


def test_problems_naming_hostile_paths_are_neutralised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = tmp_path / "x\x1b]0;pwned\x07.json"
    name.write_text("{}", encoding="utf-8")
    code, out, err = run(capsys, "cohort", str(name))
    assert code == 1 and _clean(out) and _clean(err) and "skipped" in err


def _case_review(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASE_REVIEW")}
    return subprocess.run([str(BIN), *args], capture_output=kwargs.pop("capture", True),  # type: ignore[call-overload]
                          env=env, timeout=60, check=False, **kwargs)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("list",), ("list", "--json"), ("schema",), ("show", "closure-is-right", "--json"),
                                  ("--help",), ("list", "--help")])
def test_a_full_disk_on_standard_output_is_one_line_and_exit_1(args: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run([str(BIN), *args], stdout=full, stderr=subprocess.PIPE, timeout=60, check=False)
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert err == "case-review: standard output: cannot write: No space left on device\n"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX descriptors")
@pytest.mark.parametrize("args", [("list",), ("schema",), ("history", "--db", "{db}"), ("export", "1", "--db", "{db}")])
def test_a_closed_standard_output_is_one_line_and_exit_1(hostile_db: Path, args: tuple[str, ...]) -> None:
    argv = [a.format(db=hostile_db) for a in args]
    done = subprocess.run(["sh", "-c", 'exec "$0" "$@" >&-', str(BIN), *argv], stderr=subprocess.PIPE,
                          timeout=60, check=False)
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert err == "case-review: standard output: cannot write: Bad file descriptor\n"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
@pytest.mark.parametrize("args", [("schema",), ("show", "closure-is-right", "--json"), ("list",)])
def test_a_reader_that_went_away_ends_the_command_quietly(args: tuple[str, ...]) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before a byte is written: every write meets a broken pipe
    try:
        done = subprocess.run([str(BIN), *args], stdout=write, stderr=subprocess.PIPE, timeout=60, check=False)
    finally:
        os.close(write)
    assert done.stderr == b""
    assert done.returncode == 141  # as a tool stopped by SIGPIPE


def test_a_session_number_beyond_sqlite_is_not_found(hostile_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "99999999999999999999999", "--db", str(hostile_db))
    assert (code, out) == (1, "")
    assert err == f"case-review: no session '99999999999999999999999' in {hostile_db}\n"
