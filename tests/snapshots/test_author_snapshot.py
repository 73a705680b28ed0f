"""The case screen in author preview, for the trainer's guide: the key, the
armed never-events and the grade-if-it-ended-now beside the case, after one
action. Fixed size, on the fixture, shown relative to the checkout."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from simulator.ui.app import make_app
from tests.app.helpers import ready

ROOT = Path(__file__).resolve().parents[2]
SIZE = (120, 40)


async def _play(pilot: Pilot[object]) -> None:
    await ready(pilot)
    await pilot.press("enter")  # open the case
    await pilot.press("down", "enter")  # ask the police: one never-event disarmed, one still armed
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


def test_case_screen_in_author_preview(snap_compare: Callable[..., bool], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the watched file is named as the trainer typed it: relative, the same everywhere
    app = make_app(["tests/data/mini.yaml"], bundled=False, author=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=_play)
