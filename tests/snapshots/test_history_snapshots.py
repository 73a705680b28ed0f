"""SVG snapshots of the stored-session screens, each at 80x24 and 120x40: the unfinished-cases dialog (and
the one for a changed case file), self-assessment, the history screen's three tabs and the export dialog,
and the unfinished cases with no colour and with sixteen. The database is filled at fixed times and shown in
UTC, so the pictures do not depend on the clock or the machine's time zone. Update with
`pytest tests/snapshots --snapshot-update`, then look at them."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from simulator.scenarios.loader import Loaded, load_file
from simulator.ui.screens.history import HistoryScreen
from simulator.ui.screens.resume import ResumeScreen, ScenarioChangedScreen
from tests.app.fixtures import TRAINEE
from tests.app.helpers import MINI, build_app, laid_out, ready
from tests.app.history_helpers import FixedClock, opened, seed, until
from tests.snapshots.colours import SIZES, colour_app


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def _resume_dialog(pilot: Pilot[object]) -> None:
    await ready(pilot)
    assert isinstance(pilot.app.screen, ResumeScreen)
    await pilot.pause()


def test_resume_dialog(snap_sizes: Callable[..., bool], private_history: Path) -> None:
    seed(private_history)
    assert snap_sizes(build_app(), _resume_dialog)


@pytest.mark.parametrize("colours", ["no_color", "standard"])
def test_resume_dialog_in_few_colours(snap_compare: Callable[..., bool], private_history: Path,
                                      monkeypatch: pytest.MonkeyPatch, colours: str) -> None:
    """Every title is bold: the highlighted one is told by the pointer, not by its shade alone."""
    seed(private_history)
    app = colour_app(build_app, colours, monkeypatch)
    assert snap_compare(app, terminal_size=SIZES["80x24"], run_before=_resume_dialog)


def test_changed_case_dialog(snap_sizes: Callable[..., bool], private_history: Path, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the case file is named as the trainee typed it
    (tmp_path / "scenarios").mkdir()
    copy = Path("scenarios") / "mini.yaml"
    copy.write_bytes(MINI.read_bytes())
    loaded = load_file(copy)
    assert isinstance(loaded, Loaded)
    with opened(private_history, FixedClock()) as store:
        store.start_session(store.ensure_profile(TRAINEE), loaded)
    copy.write_text(copy.read_text(encoding="utf-8").replace("The school has rung.", "The school rang at nine."),
                    encoding="utf-8")

    async def run(pilot: Pilot[object]) -> None:
        await _resume_dialog(pilot)
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, ScenarioChangedScreen)
        await pilot.pause()

    assert snap_sizes(build_app(copy), run)


def test_self_assessment(snap_sizes: Callable[..., bool]) -> None:
    async def run(pilot: Pilot[object]) -> None:
        await ready(pilot)
        await pilot.press("s", "d", "down", "enter", "ctrl+s", "ctrl+s", "enter", "d", "down", "enter", "ctrl+s", "ctrl+s", "enter")
        await pilot.press("3", "down", "2", "down", "right")
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_sizes(build_app(), run)


def _history(*keys: str) -> Callable[[Pilot[object]], object]:
    async def run(pilot: Pilot[object]) -> None:
        app = pilot.app
        await ready(pilot)
        await pilot.press("escape", "h")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.loaded, "the history")
        for key in keys:
            await pilot.press(key)
            if key in ("p", "c"):  # progress and calibration are read when their tab first opens
                await until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.charts_loaded,
                            "the progress and calibration tabs")
        await until(pilot, lambda: laid_out(app.screen), "the history's tables laid out")

    return run


@pytest.mark.parametrize("keys", [(), ("p", "down"), ("c",)], ids=["sessions", "progress", "calibration"])
def test_history(snap_sizes: Callable[..., bool], private_history: Path, keys: tuple[str, ...]) -> None:
    seed(private_history)
    assert snap_sizes(build_app(), _history(*keys))


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_history_export_played_at_each_size(snap_compare: Callable[..., bool], private_history: Path,
                                            size: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    """Played at each size: the export dialog keeps its focused field in view when the terminal shrinks."""
    monkeypatch.setenv("HOME", "/home/trainee")  # the export dialog suggests a path in the trainee's documents
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    seed(private_history)
    assert snap_compare(build_app(), terminal_size=size, run_before=_history("x"))
