"""How far the debrief agrees with practice educators' expectations: each expectation of an expert transcript
(README.md here) checked against the debrief, and the figures over a set.

    .venv/bin/python -m tests.expert.agreement [DIR ...]   # default: this folder; -v lists each miss

prints, for the transcripts under each DIR, how many overall grades, criterion grades, failure points (those
expected and those ruled out) and harmful steps agree. ``test_expert_set.py`` holds the set to all of them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from simulator.domain.catalogue import Grade
from simulator.domain.engine import replay
from simulator.domain.events import event_from_json
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.results import Debrief
from tests.bundled import bundled_library

HERE = Path(__file__).parent
LIBRARY = {loaded.scenario.id: loaded.scenario for loaded in bundled_library().scenarios}
RANK = {g.value: g.rank for g in Grade}
KINDS = ("overall", "criteria", "failure points", "harmful steps")


def expert(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def debrief_of(data: dict[str, Any]) -> Debrief:
    scenario = LIBRARY[data["scenario"]]
    return score(replay(scenario, [event_from_json(e) for e in data["events"]]))


def within(grade: Grade, expected: dict[str, str]) -> bool:
    return RANK[expected.get("min", "inadequate")] <= grade.rank <= RANK[expected.get("max", "outstanding")]


def checks(data: dict[str, Any], debrief: Debrief) -> Iterator[tuple[str, bool, str]]:
    """Each expectation: its kind (one of ``KINDS``), whether the debrief meets it, and what it says if not."""
    expect = data["expect"]
    yield ("overall", within(debrief.overall, expect["overall"]),
           f"overall {debrief.overall.value}, expected {expect['overall']}: {' '.join(debrief.reasons)}")
    for cid, expected in expect.get("criteria", {}).items():
        result = debrief.criteria.get(cid)
        if result is None:
            yield "criteria", False, f"{cid} not assessed, expected {expected}"
        else:
            yield ("criteria", within(result.grade, expected),
                   f"{cid} {result.grade.value}, expected {expected}: {result.reason}")
    shown = set(debrief.shown_failure_points)
    for tag in expect.get("tags", []):
        yield "failure points", tag in shown, f"failure point {tag} not attributed"
    for tag in expect.get("tags_not", []):
        yield "failure points", tag not in shown, f"failure point {tag} attributed"
    named = {h.action for h in debrief.harmful}
    for action in expect.get("harmful", []):
        yield "harmful steps", action in named, f"harmful step {action} not named"


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    folders = [Path(a) for a in argv if a != "-v"] or [HERE]
    met = dict.fromkeys(KINDS, 0)
    total = dict.fromkeys(KINDS, 0)
    for path in sorted(p for folder in folders for p in folder.glob("**/*.json")):
        data = expert(path)
        for kind, ok, said in checks(data, debrief_of(data)):
            met[kind] += ok
            total[kind] += 1
            if verbose and not ok:
                print(f"{path}: {said}")
    print(", ".join(f"{kind} {met[kind]}/{total[kind]}" for kind in KINDS))
    return 0 if met == total else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
