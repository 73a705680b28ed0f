"""SVG snapshots of the main screens at fixed sizes, on the test fixtures
only (the bundled library changes; these must not). Update with
`pytest tests/snapshots --snapshot-update`, then look at them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.app.helpers import BROKEN, HOSTILE, MINI, build_app, ready, type_text

ROOT = Path(__file__).resolve().parents[2]
SIZE = (100, 32)
SMALL = (80, 24)

Steps = Callable[[Pilot[object]], Awaitable[None]]


def after(*keys: str) -> Steps:
    """Wait for the library, press the keys, and clear each toast as it comes
    (a toast left on a screen under a dialog is repainted at its own pace)."""

    async def run(pilot: Pilot[object]) -> None:
        await ready(pilot)
        for key in keys:
            if key.startswith("type:"):
                await type_text(pilot, key.removeprefix("type:"))
            else:
                await pilot.press(key)
            await pilot.pause()
            pilot.app.clear_notifications()
        await pilot.pause()

    return run


# A short play of the mini case: take the first action, flag the newest evidence.
ACTED = ("enter", "enter", "e", "r")
DECIDING = (*ACTED, "d", "down", "enter", "tab", "type:Finger marks and a police caution")
DEBRIEF = (*ACTED, "d", "down", "enter", "ctrl+s", "enter", "d", "enter", "ctrl+s", "enter")


def test_home(snap_compare: Callable[..., bool], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # broken files are shown relative to where the trainer is
    assert snap_compare(build_app(MINI, HOSTILE, BROKEN), terminal_size=SIZE, run_before=after())


def test_home_80x24(snap_compare: Callable[..., bool], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert snap_compare(build_app(MINI, HOSTILE, BROKEN), terminal_size=SMALL, run_before=after())


@pytest.mark.new_trainee
def test_name_prompt_on_first_launch(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(), terminal_size=SIZE, run_before=after())


def test_case_stage(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(), terminal_size=SIZE, run_before=after("enter"))


def test_case_evidence(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(), terminal_size=SIZE, run_before=after(*ACTED))


def test_case_evidence_80x24(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(), terminal_size=SMALL, run_before=after(*ACTED))


def test_case_file(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(), terminal_size=SIZE, run_before=after("enter", "c"))


def test_case_notes(snap_compare: Callable[..., bool]) -> None:
    steps = after("enter", "n", "type:Ring the police", "ctrl+s", "n", "type:Ask about the grandmother")
    assert snap_compare(build_app(), terminal_size=SIZE, run_before=steps)


def test_decision(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(), terminal_size=SIZE, run_before=after(*DECIDING))


def test_decision_80x24(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(), terminal_size=SMALL, run_before=after(*DECIDING))


HOUSEHOLD = ROOT / "tests" / "data" / "format2" / "household.yaml"
PLANNING = ("enter", "d", "enter", "tab", "type:Jade has lived with a non-relative for nine weeks", "tab", "enter")


def test_plan_of_two_decisions(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(HOUSEHOLD), terminal_size=SIZE, run_before=after(*PLANNING))


def test_plan_of_two_decisions_80x24(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(HOUSEHOLD), terminal_size=SMALL, run_before=after(*PLANNING))


def test_what_happened_next(snap_compare: Callable[..., bool]) -> None:
    steps = after(*DECIDING, "ctrl+s")
    assert snap_compare(build_app(), terminal_size=SIZE, run_before=steps)


def test_debrief(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(), terminal_size=SIZE, run_before=after(*DEBRIEF))


def test_debrief_80x24(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(), terminal_size=SMALL, run_before=after(*DEBRIEF))


def test_debrief_lower(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(), terminal_size=SIZE, run_before=after(*DEBRIEF, "end"))


def test_help(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(), terminal_size=SIZE, run_before=after("enter", "f1"))


def test_light_theme(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(), terminal_size=SIZE, run_before=after(*ACTED, "ctrl+t"))


def test_hostile_case(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(HOSTILE), terminal_size=SIZE, run_before=after("enter", "enter", "e"))
