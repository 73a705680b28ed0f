"""The dependency policy (docs/architecture.md, "Dependencies"): every runtime dependency has a tested range,
a lower bound that .ci/run installs and tests, and an upper bound below the next major version; Textual and
textual-serve are pinned exactly."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Pinned exactly: Textual (it moves fast, and draws the snapshots) and textual-serve (the server subclasses it).
PINNED = ("textual", "textual-serve")
_SPEC = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)(?P<spec>.*)$")


def _runtime() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    out = {}
    # The PostgreSQL extra is a runtime dependency of every centre that uses it: held to the same policy.
    for line in [*project["dependencies"], *project["optional-dependencies"]["postgresql"]]:
        m = _SPEC.match(line.replace(" ", ""))
        assert m, line
        out[m["name"].lower()] = m["spec"]
    return out


def test_every_runtime_dependency_has_a_range_below_its_next_major_version() -> None:
    for name, spec in _runtime().items():
        if name in PINNED:
            assert re.fullmatch(r"==\d+\.\d+\.\d+", spec), f"{name} is pinned exactly, not {spec}"
            continue
        # The upper bound is the next major version after the newest one tested: <27 while 26.x is tested.
        m = re.fullmatch(r">=(\d+)(?:\.\d+)*,<(\d+)", spec)
        assert m, f"{name}{spec}: write it as >=LOWEST_TESTED,<NEXT_MAJOR"
        assert int(m[2]) > int(m[1]), f"{name}{spec}: the upper bound is below the lower"


def test_the_lowest_versions_ci_tests_are_the_lower_bounds() -> None:
    pinned = {}
    for line in (ROOT / ".ci" / "lowest-versions.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pinned[name.lower()] = version
    bounds = {name: re.search(r">=([\d.]+)", spec)[1]  # type: ignore[index]
              for name, spec in _runtime().items() if name not in PINNED}
    assert set(pinned) == set(bounds)
    for name, low in bounds.items():
        parts = low.split(".")
        assert pinned[name].split(".")[: len(parts)] == parts and all(
            p == "0" for p in pinned[name].split(".")[len(parts):]), (name, low, pinned[name])
