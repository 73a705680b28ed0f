"""The case screen in author preview, for the trainer's guide: the key, the
armed never-events and the grade-if-it-ended-now beside the case, after one
action; and the stage picker. At 80x24 and 120x40, on the fixture, shown
relative to the checkout."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from simulator.ui.app import make_app
from tests.app.helpers import ready

ROOT = Path(__file__).resolve().parents[2]


def _play(*more: str) -> Callable[[Pilot[object]], object]:
    async def run(pilot: Pilot[object]) -> None:
        await ready(pilot)
        await pilot.press("enter")  # open the case
        await pilot.press("down", "enter")  # ask the police: one never-event disarmed, one still armed
        await pilot.press(*more)
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    return run


@pytest.mark.parametrize("keys", [(), ("f3",)], ids=["case", "stage_picker"])
def test_author_preview(snap_sizes: Callable[..., bool], monkeypatch: pytest.MonkeyPatch,
                        keys: tuple[str, ...]) -> None:
    monkeypatch.chdir(ROOT)  # the watched file is named as the trainer typed it: relative, the same everywhere
    app = make_app(["tests/data/mini.yaml"], bundled=False, author=True)
    assert snap_sizes(app, _play(*keys))
