"""Every existing transcript (the library's best and failing ones and the expert set) replays to the debrief it
gave just before format 2 was introduced: the format change alone moves no grade. The golden files are in
tests/golden/debriefs/; regenerate them only for a deliberate change to scoring, and read the diff:

    CASE_REVIEW_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/library/test_golden_debriefs.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from simulator.application.transcripts import read_transcript
from simulator.domain.engine import replay
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.serialise import debrief_to_json
from tests.bundled import bundled_library

TESTS = Path(__file__).resolve().parent.parent
GOLDEN = TESTS / "golden" / "debriefs"
REGENERATE = os.environ.get("CASE_REVIEW_REGENERATE_GOLDEN") == "1"
LIBRARY = {loaded.scenario.id: loaded.scenario for loaded in bundled_library().scenarios}
# Only transcripts of format 1 cases existed before format 2: a case written in format 2 has no "before".
TRANSCRIPTS = sorted(p for p in [*(TESTS / "transcripts").glob("*.best.json"),
                                 *(TESTS / "transcripts").glob("*.failing.json"), *(TESTS / "expert").glob("*/*.json")]
                     if LIBRARY[read_transcript(str(p)).scenario].format == 1)


def _name(path: Path) -> str:
    return f"{path.parent.name}--{path.stem}" if path.parent.name != "transcripts" else path.stem


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=_name)
def test_the_debrief_is_the_one_given_before_the_format_change(path: Path) -> None:
    transcript = read_transcript(str(path))
    debrief = debrief_to_json(score(replay(LIBRARY[transcript.scenario], transcript.events)))
    golden = GOLDEN / f"{_name(path)}.json"
    text = json.dumps(debrief, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if REGENERATE:
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing; see this module's docstring"
    assert json.loads(golden.read_text(encoding="utf-8")) == debrief


def test_every_golden_debrief_is_replayed() -> None:
    """The filter above leaves out only format 2 cases: every golden debrief still has its transcript."""
    assert {p.stem for p in GOLDEN.glob("*.json")} == {_name(p) for p in TRANSCRIPTS}
