"""What happened next: what a decision brought to light is named, not counted."""

from __future__ import annotations

from pathlib import Path

from simulator.application.session import Session
from simulator.domain.events import Decide
from simulator.scenarios.loader import Loaded, load_file
from simulator.ui.screens.outcome import outcome_text
from tests.app.helpers import MINI


def _mini_with_enquiry_revealing(tmp_path: Path, ids: str) -> Loaded:
    text = MINI.read_text(encoding="utf-8").replace(
        "    narrative: The enquiry is under way.\n",
        f"    narrative: The enquiry is under way.\n    reveals: [{ids}]\n",
    )
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_file(path)
    assert isinstance(loaded, Loaded), loaded
    return loaded


def test_the_next_stage_names_the_evidence_it_brings(tmp_path: Path) -> None:
    loaded = _mini_with_enquiry_revealing(tmp_path, "grandmother, leo-account")
    session = Session(loaded)
    submitted = session.submit(Decide(stage="contact", option="strategy"))
    shorts = [loaded.scenario.evidence_by_id[e].short for e in ("grandmother", "leo-account")]
    text = outcome_text([submitted]).plain
    assert f"New on file: {shorts[0]}; {shorts[1]}. Press e in the case to see it." in text
    assert "item(s)" not in text


def test_nothing_new_says_nothing(tmp_path: Path) -> None:
    session = Session(_mini_with_enquiry_revealing(tmp_path, ""))
    assert "New on file" not in outcome_text([session.submit(Decide(stage="contact", option="strategy"))]).plain
