"""One play, both sizes: a screen reached once at 120x40 and drawn there, then the terminal made 80x24 and the
screen drawn again, each picture held to its own snapshot. A play costs seconds; drawing again costs a frame.

Only screens whose picture after the resize is the picture a fresh 80x24 play gives use it (a list scrolled to
its end, or a form whose focused field is kept in view, keeps where it was when the terminal shrinks, so those
are played at each size). Checked when this was introduced: every picture made so equalled the snapshot of a
fresh play at that size, and a resize that no longer does so fails its snapshot like any other change.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion
from textual.pilot import Pilot

from simulator.ui.app import CaseReviewApp
from tests.snapshots.colours import SIZES

Steps = Callable[[Pilot[object]], Awaitable[None]]
LARGE, SMALL = "120x40", "80x24"


async def _picture(pilot: Pilot[object]) -> str:
    """As pytest-textual-snapshot takes one: settled, animations done."""
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    return pilot.app.export_screenshot(title=pilot.app.title, simplify=True)


@pytest.fixture
def snap_sizes(snapshot: SnapshotAssertion) -> Callable[[CaseReviewApp, Steps], bool]:
    pictures = snapshot.use_extension(SVGImageExtension)

    def compare(app: CaseReviewApp, steps: Steps) -> bool:
        shots: dict[str, str] = {}

        async def play() -> None:
            async with app.run_test(size=SIZES[LARGE]) as pilot:
                await steps(pilot)
                shots[LARGE] = await _picture(pilot)
                await pilot.resize_terminal(*SIZES[SMALL])
                shots[SMALL] = await _picture(pilot)

        asyncio.run(play())
        matched = [pictures(name=size) == shots[size] for size in (LARGE, SMALL)]  # both compared, always
        return all(matched)

    return compare
