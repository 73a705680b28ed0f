from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from simulator.application.config import CACHE_ENV_VAR
from simulator.domain.model import Scenario
from simulator.scenarios.loader import load_file
from tests.postgres import pg_url, stop_test_postgres  # noqa: F401  (fixtures: a fresh PostgreSQL schema, or the test

# skipped; the test process's server stopped at the end)

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`case-review ARGS` in this process: its exit code, standard output and standard error."""
    from simulator.cli.main import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def load_mini() -> Scenario:
    loaded = load_file(MINI)
    assert not isinstance(loaded, list), loaded
    return loaded.scenario


@pytest.fixture(scope="session")
def mini() -> Scenario:
    return load_mini()


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The library's index goes to a folder of the test's own (commands run as subprocesses inherit it),
    never the developer's cache."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get(CACHE_ENV_VAR)
    os.environ[CACHE_ENV_VAR] = str(folder)
    yield folder
    if before is None:
        del os.environ[CACHE_ENV_VAR]
    else:
        os.environ[CACHE_ENV_VAR] = before


# Hypothesis: no per-example deadline (a loaded CI machine is slower than a laptop, and a deadline there fails a
# test for the machine's sake, not the code's), and the too-slow health check off for the same reason.
settings.register_profile(
    "project", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("project")

_UI_TESTS = ("app", "snapshots")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Collection made the objects every test shares (modules, the bundled library, hypothesis strategies):
    set them aside from the garbage collector, and collect the youngest generation less often. The app tests
    make and drop hundreds of thousands of short-lived objects; with the default threshold (700) the collector
    ran so often that the suite spent about an eighth of its time in it. Nothing a test checks changes."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)
    _shorter_idle_waits()


def _shorter_idle_waits() -> None:
    """Pilot's pause waits for the app to go idle by sleeping 20 ms at a time and comparing the CPU it used
    with the time that passed (``textual._wait``, private to Textual: named in docs/architecture.md). The app
    tests pause hundreds of times each, so most of their time was spent asleep: 4 ms at a time, with the same
    test of idleness (under a twentieth of the time busy), answers sooner. A wait must still span a frame, or
    it can end before a new screen is drawn (a footer read blank once): so screens draw what changed every
    4 ms too (``textual.screen.UPDATE_PERIOD``, read when a screen starts its timer), not every 16."""
    from textual import _wait
    from textual import screen as textual_screen

    _wait.SLEEP_GRANULARITY = 1 / 250
    _wait.SLEEP_IDLE = _wait.SLEEP_GRANULARITY / 20
    textual_screen.UPDATE_PERIOD = _wait.SLEEP_GRANULARITY  # type: ignore[misc]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "ui: runs the Textual app (Pilot or snapshot); `-m 'not ui'` leaves them out")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    tests = Path(__file__).parent
    for item in items:
        if Path(item.path).relative_to(tests).parts[0] in _UI_TESTS:
            item.add_marker(pytest.mark.ui)
