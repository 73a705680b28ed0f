"""The held-out expert set (README.md here) agrees with the debrief at least as well as when it was written:
a floor, not a target, as this set is never used to tune the scoring."""

from __future__ import annotations

from pathlib import Path

from tests.expert.agreement import KINDS, checks, debrief_of, expert

HERE = Path(__file__).parent
FLOOR = {"overall": (106, 107), "criteria": (332, 337), "failure points": (233, 233), "harmful steps": (3, 3)}


def test_the_held_out_set_agrees_at_least_as_well_as_when_it_was_written() -> None:
    met = dict.fromkeys(KINDS, 0)
    total = dict.fromkeys(KINDS, 0)
    for path in sorted(HERE.glob("*/*.json")):
        data = expert(path)
        for kind, ok, _ in checks(data, debrief_of(data)):
            met[kind] += ok
            total[kind] += 1
    for kind, (floor, count) in FLOOR.items():
        assert total[kind] == count, f"{kind}: the set now holds {total[kind]} expectations, not {count}"
        assert met[kind] >= floor, f"{kind}: {met[kind]}/{count} agree, below the {floor} it held"
