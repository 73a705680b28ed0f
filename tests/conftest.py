from __future__ import annotations

from pathlib import Path

import pytest

from simulator.domain.model import Scenario
from simulator.scenarios.loader import load_file

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"


def load_mini() -> Scenario:
    loaded = load_file(MINI)
    assert not isinstance(loaded, list), loaded
    return loaded.scenario


@pytest.fixture(scope="session")
def mini() -> Scenario:
    return load_mini()
