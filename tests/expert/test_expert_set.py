"""The debrief holds to what practice educators expect, overall and per criterion, on every transcript of the
expert set (README.md here): grades within each expected range, the failure points the debrief attributes (and
those it must not), and harmful steps named."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.expert.agreement import HERE, LIBRARY, checks, debrief_of, expert

FILES = sorted(HERE.glob("*/*.json"))


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
    wrong = [said for _, ok, said in checks(data, debrief_of(data)) if not ok]
    assert not wrong, f"{data['summary']}\n" + "\n".join(wrong)
