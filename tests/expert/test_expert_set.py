"""The debrief holds to what practice educators expect, overall and per criterion, on every transcript of the
expert set (README.md here): grades within each expected range, the failure points the debrief attributes (and
those it must not), and harmful steps named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from simulator.domain.catalogue import Grade
from simulator.domain.engine import replay
from simulator.domain.events import event_from_json
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.results import Debrief
from simulator.scenarios.loader import bundled_dir, load_paths

HERE = Path(__file__).parent
FILES = sorted(HERE.glob("*/*.json"))
LIBRARY = {loaded.scenario.id: loaded.scenario for loaded in load_paths([bundled_dir()]).scenarios}
RANK = {g.value: g.rank for g in Grade}


def expert(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def debrief_of(data: dict[str, Any]) -> Debrief:
    scenario = LIBRARY[data["scenario"]]
    return score(replay(scenario, [event_from_json(e) for e in data["events"]]))


def within(grade: Grade, expected: dict[str, str]) -> bool:
    return RANK[expected.get("min", "inadequate")] <= grade.rank <= RANK[expected.get("max", "outstanding")]


def test_the_set_covers_every_bundled_scenario_with_the_four_patterns() -> None:
    patterns: dict[str, set[str]] = {}
    for path in FILES:
        data = expert(path)
        patterns.setdefault(data["scenario"], set()).add(data["pattern"])
    assert set(patterns) == set(LIBRARY)
    for scenario, found in patterns.items():
        assert {"good-practice", "failure", "over-escalation", "thin-work"} <= found, scenario
    probes = {p for found in patterns.values() for p in found if p.startswith("probe-")}
    assert {"probe-filler", "probe-contradicting", "probe-flag-all", "probe-flag-none"} <= probes


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_debrief_is_what_a_practitioner_expects(path: Path) -> None:
    data = expert(path)
    debrief = debrief_of(data)
    expect = data["expect"]
    wrong = []
    if not within(debrief.overall, expect["overall"]):
        wrong.append(f"overall {debrief.overall.value}, expected {expect['overall']}: {' '.join(debrief.reasons)}")
    for cid, expected in expect.get("criteria", {}).items():
        result = debrief.criteria.get(cid)
        if result is None:
            wrong.append(f"{cid} not assessed, expected {expected}")
        elif not within(result.grade, expected):
            wrong.append(f"{cid} {result.grade.value}, expected {expected}: {result.reason}")
    shown = set(debrief.shown_failure_points)
    wrong += [f"failure point {t} not attributed" for t in expect.get("tags", []) if t not in shown]
    wrong += [f"failure point {t} attributed" for t in expect.get("tags_not", []) if t in shown]
    named = {h.action for h in debrief.harmful}
    wrong += [f"harmful step {a} not named" for a in expect.get("harmful", []) if a not in named]
    assert not wrong, f"{data['summary']}\n" + "\n".join(wrong)
