"""Every bundled scenario plays end to end: through the session controller for each scenario (fast), and in
the app with the keyboard alone for one of each shape (a referral over many stages, a short referral, a case
audit): open it, take actions, flag, decide at every stage, and read a debrief that equals scoring the
recorded events."""

from __future__ import annotations

import pytest

from simulator.application.session import Session
from simulator.domain.engine import replay
from simulator.domain.events import Decide, Flag, FlagKind, TakeAction
from simulator.domain.scoring.debrief import score
from simulator.scenarios.loader import Loaded
from simulator.ui.app import make_app
from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.debrief import DebriefScreen
from simulator.ui.screens.outcome import OutcomeScreen
from simulator.ui.words import GRADE_WORDS
from tests.app.helpers import pilot_test, ready, screen_text, type_text
from tests.bundled import bundled_library

LIBRARY = bundled_library().scenarios
IN_THE_APP = ("toddler-alone-out-of-hours", "vague-school-concern", "audit-closure-without-voice")
RATIONALE = "Recorded with reasons from the evidence."


def test_the_app_plays_include_each_kind_of_case() -> None:
    by_id = {loaded.scenario.id: loaded.scenario for loaded in LIBRARY}
    assert {by_id[i].kind for i in IN_THE_APP} == {loaded.scenario.kind for loaded in LIBRARY}
    assert max(len(by_id[i].stages) for i in IN_THE_APP) == max(len(s.scenario.stages) for s in LIBRARY)


@pytest.mark.parametrize("loaded", LIBRARY, ids=lambda loaded: loaded.scenario.id)
def test_a_bundled_scenario_plays_end_to_end_through_the_session(loaded: Loaded) -> None:
    """The same play the app test makes by keyboard, through the controller the screens call."""
    session = Session(loaded, "Sam")
    stages = 0
    while not session.state.finished:
        stages += 1
        assert stages <= len(loaded.scenario.stages), "the case never ended"
        for action in session.state.available_actions()[:2]:
            submitted = session.submit(TakeAction(action.id))
        newest = session.state.revealed[-1].evidence
        if newest not in session.state.flags:
            session.submit(Flag(newest, FlagKind.RISK))
        stage = session.state.current_stage
        assert stage is not None
        # Every decision the stage holds (format 2 may give it several), the second open option of each.
        for decision in session.state.pending_decisions():
            options = session.state.open_options(decision)
            option = options[min(1, len(options) - 1)]
            submitted = session.submit(Decide(stage=stage.id, option=option.id, rationale=RATIONALE,
                                              decision=decision.id or None))
        assert submitted.after.stage != stage.id
    debrief = score(replay(session.scenario, session.events))  # the case as told (a twin case's drawn twin)
    assert session.debrief() == debrief


@pytest.mark.parametrize("loaded", [ld for ld in LIBRARY if ld.scenario.id in IN_THE_APP],
                         ids=lambda loaded: loaded.scenario.id)
@pilot_test
async def test_a_bundled_scenario_plays_end_to_end_in_the_app(loaded: Loaded) -> None:
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
            await pilot.press("a", "enter", "enter", "e", "r", "d", "down", "enter", "tab")
            await type_text(pilot, RATIONALE)
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, OutcomeScreen)
            await pilot.press("enter")
        assert session.state.finished
        debrief = score(replay(loaded.scenario, session.events))
        assert session.debrief() == debrief
        assert f"Overall:  {GRADE_WORDS[debrief.overall]}" in screen_text(app)
