"""Every bundled scenario plays end to end in the app with the keyboard
alone: open it, take actions, flag, decide at every stage, and read a debrief
that equals scoring the recorded events."""

from __future__ import annotations

import pytest

from simulator.domain.engine import replay
from simulator.domain.scoring import score
from simulator.scenarios.loader import Loaded, bundled_dir, load_paths
from simulator.ui.app import make_app
from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.debrief import DebriefScreen
from simulator.ui.screens.outcome import OutcomeScreen
from simulator.ui.words import GRADE_WORDS
from tests.app.helpers import pilot_test, ready, screen_text

LIBRARY = load_paths([bundled_dir()]).scenarios


@pytest.mark.parametrize("loaded", LIBRARY, ids=lambda loaded: loaded.scenario.id)
@pilot_test
async def test_a_bundled_scenario_plays_end_to_end(loaded: Loaded) -> None:
    app = make_app([loaded.path], bundled=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        stages = 0
        while not isinstance(app.screen, DebriefScreen):
            assert isinstance(app.screen, CaseScreen), type(app.screen).__name__
            session = app.session  # type: ignore[attr-defined]
            stages += 1
            assert stages <= len(loaded.scenario.stages), "the case never ended"
            # Two actions, a risk flag on the newest item, then the second option with a rationale.
            await pilot.press("a", "enter", "enter", "e", "r", "d", "down", "enter")
            await pilot.press("tab", *"Recorded with reasons from the evidence.", "ctrl+s")
            assert isinstance(app.screen, OutcomeScreen)
            await pilot.press("enter")
        assert session.state.finished
        debrief = score(replay(loaded.scenario, session.events))
        assert session.debrief() == debrief
        assert f"Overall:  {GRADE_WORDS[debrief.overall]}" in screen_text(app)
