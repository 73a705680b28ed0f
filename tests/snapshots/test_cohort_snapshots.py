"""SVG snapshots of the trainer's live view (t in the library, trainers only), at 100x32 and at 80x24, on a
store filled at fixed times. Update with `pytest tests/snapshots --snapshot-update`, then look at them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from simulator.ui.screens.cohort import CohortScreen
from tests.app.helpers import build_app, laid_out
from tests.app.history_helpers import at_library, seed_cohort, until


def _cohort(*keys: str) -> Callable[[Pilot[object]], object]:
    async def run(pilot: Pilot[object]) -> None:
        app = pilot.app
        await at_library(pilot)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, CohortScreen) and app.screen.reads >= 1, "the cohort")
        await pilot.press(*keys)
        await until(pilot, lambda: laid_out(app.screen), "the cohort's tables laid out")

    return run


@pytest.mark.parametrize("size", [(100, 32), (80, 24)], ids=["100x32", "80x24"])
@pytest.mark.parametrize("tab", ["criteria", "trainees"])
def test_cohort(snap_compare: Callable[..., bool], private_history: Path, monkeypatch: pytest.MonkeyPatch,
                size: tuple[int, int], tab: str) -> None:
    monkeypatch.setenv("CASE_REVIEW_ROLE", "trainer")
    seed_cohort(private_history)
    assert snap_compare(build_app(), terminal_size=size, run_before=_cohort(*(["t"] if tab == "trainees" else [])))
