"""Each bundled scenario's hand-written transcripts grade as their author intended."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.application.transcripts import read_transcript
from simulator.domain.engine import replay
from simulator.domain.scoring.debrief import score
from tests.bundled import bundled_library

TRANSCRIPTS = Path(__file__).parent.parent / "transcripts"
LIBRARY = {loaded.scenario.id: loaded.scenario for loaded in bundled_library().scenarios}
EXPECTED = sorted(TRANSCRIPTS.glob("*.expected.json"))


def _cases() -> list[tuple[str, str, str]]:
    out = []
    for path in EXPECTED:
        scenario_id = path.name.removesuffix(".expected.json")
        for which, grade in json.loads(path.read_text()).items():
            out.append((scenario_id, which, grade))
    return out


def test_every_scenario_has_both_transcripts() -> None:
    for scenario_id in LIBRARY:
        for which in ("best", "failing"):
            assert (TRANSCRIPTS / f"{scenario_id}.{which}.json").is_file(), f"{scenario_id}.{which}.json is missing"
        assert (TRANSCRIPTS / f"{scenario_id}.expected.json").is_file()


@pytest.mark.parametrize(("scenario_id", "which", "grade"), _cases())
def test_transcript_grades_as_intended(scenario_id: str, which: str, grade: str) -> None:
    transcript = read_transcript(str(TRANSCRIPTS / f"{scenario_id}.{which}.json"))
    assert transcript.scenario == scenario_id
    debrief = score(replay(LIBRARY[scenario_id], transcript.events))
    assert debrief.finished
    assert debrief.overall.value == grade
