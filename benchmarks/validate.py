"""Time `validate` over N generated scenario files against a bare parse of the
same files with PyYAML's C loader.

    .venv/bin/python benchmarks/validate.py [N]

Each generated file is a valid scenario of about 6 KB with 30 evidence items.
Target: validate / bare parse <= 2.0.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import yaml

from simulator.scenarios.loader import load_paths

SENTENCES = [
    "Attendance has fallen to 71% this half-term, with most absences on Mondays.",
    "She was collected from the school gate by an adult the staff did not recognise.",
    "Mother says the family is managing and that the school is overreacting: she was calm and open.",
    "The GP letter notes two missed appointments for the baby's eight-week check.",
    "Police attended after a neighbour reported shouting; no arrests were made.",
]


def scenario_text(n: int) -> str:
    evidence, actions = [], []
    for i in range(30):
        kind = ("risk", "protective", "neutral")[i % 3]
        evidence.append(
            f"  - id: item-{i}\n    source: school\n    text: |\n      {SENTENCES[i % 5]}\n"
            f"    key: {{kind: {kind}, severity: {1 + i % 3}}}\n"
        )
    for a in range(10):
        reveals = ", ".join(f"item-{i}" for i in range(3 * a, 3 * a + 3))
        actions.append(
            f"  - {{id: action-{a}, label: Ask agency {a}, cost: 0.25, reveals: [{reveals}], kind: partner}}\n"
        )
    return (
        f"format: 1\nid: generated-{n}\ntitle: Generated case {n}\nsummary: |\n  A generated case.\n"
        "failure_points: [front-door]\ndifficulty: intermediate\nminutes: 20\nauthor: benchmark\n"
        "case:\n  referral:\n    source: school\n    received: Monday 9am\n    text: |\n"
        f"      {SENTENCES[0]}\n      {SENTENCES[1]}\n"
        "  people:\n    - {id: child, name: Ava Test, role: subject child, age: 9}\n"
        "    - {id: mother, name: Jo Test, role: mother, age: 31}\n"
        "  household: |\n    Ava lives with her mother.\n"
        "  chronology:\n    - {date: 2012-05, text: A previous contact closed with no further action.}\n"
        "evidence:\n" + "".join(evidence) + "actions:\n" + "".join(actions) +
        "stages:\n  - id: contact\n    title: Contact\n    narrative: |\n      Decide.\n"
        "    timescale: referral-decision\n    scores: [front-door]\n    options:\n"
        "      - {id: close, label: Close, outcome: close, next: end, key: {verdict: wrong}}\n"
        "      - {id: assess, label: Assess, outcome: child-in-need, next: end, key: {verdict: best}}\n"
        "endings:\n  - {id: end, title: End, text: The end.}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=1000,
                        help="scenario files to write and validate (default %(default)s)")
    count = parser.parse_args().count
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for n in range(count):
            (root / f"case-{n:05}.yaml").write_text(scenario_text(n), encoding="utf-8")
        files = sorted(root.glob("*.yaml"))
        size = sum(f.stat().st_size for f in files) / len(files)

        start = time.perf_counter()
        for f in files:
            yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)
        bare = time.perf_counter() - start

        start = time.perf_counter()
        result = load_paths([root])
        validate = time.perf_counter() - start
        assert not result.problems, result.problems[:3]
        assert len(result.scenarios) == count

    print(f"files: {count} (mean {size / 1024:.1f} KB, 30 evidence items each)")
    print(f"bare parse (PyYAML CSafeLoader): {bare:.3f} s")
    print(f"validate (parse, positions, structure, cross-checks): {validate:.3f} s")
    print(f"ratio: {validate / bare:.2f} (target <= 2.0)")


if __name__ == "__main__":
    main()
