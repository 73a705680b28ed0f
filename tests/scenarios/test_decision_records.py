"""A stage with several decisions keeps a record in each decision: one on the stage would be ignored, and used to
stop `validate` with a traceback. Each decision's record is checked against that decision's options."""

from __future__ import annotations

from pathlib import Path

from simulator.scenarios.loader import load_bytes

HOUSEHOLD = Path(__file__).resolve().parent.parent / "data" / "format2" / "household.yaml"


def _problems(text: str) -> list[str]:
    found = load_bytes("household.yaml", text.encode())
    return [p.format() for p in found] if isinstance(found, list) else []


def test_a_record_on_a_stage_with_decisions_is_an_error_not_a_traceback() -> None:
    text = HOUSEHOLD.read_text(encoding="utf-8")
    anchor = "    decisions:\n"
    assert text.count(anchor) >= 1
    record = ("    record:\n      points:\n        - {id: seen, says: Jade was seen alone, terms: [jade, seen alone]}\n")
    problems = _problems(text.replace(anchor, record + anchor, 1))
    assert any("a stage with several decisions keeps a `record` in each decision, not on the stage" in p
               for p in problems), problems
