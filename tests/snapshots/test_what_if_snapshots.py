"""SVG snapshots of what if: the re-branch dialog over a finished case's debrief, and the two attempts side by side
after a re-branch at the second decision. Update with `pytest tests/snapshots --snapshot-update`, then look at
them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from simulator.ui.screens.compare import CompareScreen
from simulator.ui.screens.rebranch import RebranchScreen
from tests.app.helpers import build_app
from tests.app.history_helpers import until
from tests.app.test_what_if import play_mini_to_debrief, rebranch_at_second_decision

SIZE = (100, 36)


def test_rebranch_dialog(snap_compare: Callable[..., bool]) -> None:
    async def run(pilot: Pilot[object]) -> None:
        await play_mini_to_debrief(pilot)
        await pilot.press("b")
        await until(pilot, lambda: isinstance(pilot.app.screen, RebranchScreen), "the re-branch dialog")
        await pilot.press("end")
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(build_app(), terminal_size=SIZE, run_before=run)


async def _compare_after_a_rebranch(pilot: Pilot[object]) -> None:
    await play_mini_to_debrief(pilot)
    await rebranch_at_second_decision(pilot)
    await pilot.press("c")
    await until(pilot, lambda: isinstance(pilot.app.screen, CompareScreen), "the compare screen")
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["100x36", "80x24"])
def test_compare_after_a_rebranch(snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    assert snap_compare(build_app(), terminal_size=size, run_before=_compare_after_a_rebranch)
