"""The launch runs without garbage collection (cli/launch.py) and turns it on again: a command once it is
parsed, the app once its first frame is painted; nothing else is left without it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from simulator.cli.main import main
from tests.app.helpers import MINI, build_app, pilot_test, ready
from tests.app.history_helpers import until


@pytest.fixture
def collection_off() -> Iterator[None]:
    """As cli/launch.py leaves it; whatever the test does, collection is on after it."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pilot_test
async def test_the_app_collects_again_after_its_first_frame(collection_off: None) -> None:
    app = build_app(MINI)
    app.collect_after_first_frame = True  # as run_app launches it
    frozen = gc.get_freeze_count()  # the suite's own (tests/conftest.py freezes what collection made)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen  # what the launch made is set aside from later collections


@pilot_test
async def test_what_the_launch_makes_after_its_first_frame_is_set_aside_too(
        collection_off: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The history and the case screen's widgets, warmed up, come after the first frame: left in the
    collected heap, the first full collection fell as the first case opened (about 20 ms, with 500 trainer files)."""
    freezes: list[str] = []
    real = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: (freezes.append("freeze"), real())[1])
    app = build_app(MINI)
    app.collect_after_first_frame = True
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        # The warm-up's widgets are mounted and removed after its thread ends.
        await until(pilot, lambda: len(freezes) >= 3, "the third freeze")
        assert len(freezes) == 3  # the first frame, the history, the warm-up
        assert not app.screen.query("#warm-up")


@pilot_test
async def test_an_app_not_launched_so_leaves_collection_as_it_was(collection_off: None) -> None:
    app = build_app(MINI)  # an embedding program, or a test, that turned collection off for its own reasons
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert not gc.isenabled()


def test_a_command_collects_again_once_parsed(collection_off: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"], collecting=False) == 0
    assert "vague-school-concern" in capsys.readouterr().out
    assert gc.isenabled()


def test_called_as_a_function_main_leaves_collection_alone(capsys: pytest.CaptureFixture[str]) -> None:
    gc.disable()
    try:
        assert main(["list"]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
    capsys.readouterr()
