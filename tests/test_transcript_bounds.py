"""`score` reads any transcript with a clear message and in bounded time (issue 14, item 11): input of the
wrong shape, nested without end, numbers thousands of digits long, a file that never ends, and more events
or longer texts than any session holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.application.transcripts import MAX_EVENTS, MAX_TEXT, TranscriptError, parse_transcript, read_transcript
from simulator.cli.main import main

from .conftest import MINI


def _score(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str, str]:
    code = main(["score", str(MINI), str(path)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("text", "message"), [
    ('{"scenario": "mini-test-case", "events": [{"type": []}]}', "event 0: unknown event type []"),
    ('{"scenario": "mini-test-case", "events": [{"type": {}}]}', "event 0: unknown event type {}"),
    ("[" * 100_000 + "]" * 100_000, "nested far too deeply"),
    ('{"scenario": "mini-test-case", "events": [' + "9" * 5000 + "]}", "a number thousands of digits long"),
    ('{"scenario": "mini-test-case", "events": [' + ",".join(['{"type": "note", "text": "x"}'] * (MAX_EVENTS + 1))
     + "]}", f"{MAX_EVENTS + 1:,} events; at most {MAX_EVENTS:,} are read"),
    (json.dumps({"scenario": "mini-test-case", "events": [{"type": "note", "text": "x" * (MAX_TEXT + 1)}]}),
     f"event 0: a text of {MAX_TEXT + 1:,} characters"),
])
def test_bad_transcripts_are_one_line_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
                                                 message: str) -> None:
    path = tmp_path / "t.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = _score(capsys, path)
    assert (code, out) == (1, "")
    assert err.startswith(f"{path}: error: ") and message in err and err.count("\n") == 1, err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_file_that_never_ends_is_refused_not_read_for_ever(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _score(capsys, Path("/dev/zero"))
    assert (code, out) == (1, "")
    assert err == "/dev/zero: error: the file is larger than 8 MiB; a transcript is far smaller\n"


def test_a_file_name_too_long_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(TranscriptError, match="cannot read the file"):
        read_transcript("x" * 5000 + ".json")


def test_the_bounds_let_a_long_real_session_through() -> None:
    events = [{"type": "note", "text": "n" * 1000}] * 1000
    assert len(parse_transcript(json.dumps({"scenario": "s", "events": events})).events) == 1000
