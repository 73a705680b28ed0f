"""A stage with several decisions (format 2) is decided as one plan: each part chosen and reasoned on one
screen, every part recorded, what followed told as this session's route and facts have it."""

from __future__ import annotations

import pytest

from simulator.application.session import Session
from simulator.domain.events import TakeAction
from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.decision import DecisionScreen
from simulator.ui.screens.outcome import OutcomeScreen
from tests.app.helpers import TESTS, build_app, pilot_test, ready, record_notices, screen_text, type_text

HOUSEHOLD = TESTS / "data" / "format2" / "household.yaml"


def _session(app: object) -> Session:
    session = app.session  # type: ignore[attr-defined]
    assert isinstance(session, Session)
    return session


@pilot_test
async def test_a_plan_is_chosen_reasoned_and_recorded_part_by_part(monkeypatch: pytest.MonkeyPatch) -> None:
    app = build_app(HOUSEHOLD)
    told = record_notices(monkeypatch)
    async with app.run_test(size=(110, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, CaseScreen)
        session = _session(app)
        text = screen_text(app)
        assert "made together as one plan (2 to make)" in text
        assert "Route for Jade  (about Jade Moss, 13)" in text
        assert "Private fostering assessment and visits" in text

        await pilot.press("d")
        assert isinstance(app.screen, DecisionScreen)
        text = screen_text(app)
        assert "1. Route for Jade  (about Jade Moss, 13)" in text and "2. Route for Tyler" in text
        await pilot.press("enter")  # Jade: the first option
        await pilot.press("tab")
        await type_text(pilot, "Jade is privately fostered and the arrangement was never notified.")
        await pilot.press("ctrl+s")  # Tyler's part is still open: refused, nothing recorded
        assert isinstance(app.screen, DecisionScreen) and not session.state.decisions
        assert "Choose for 'Route for Tyler' first (question 2)." in told

        assert app.focused is app.screen.query_one("#options-1")  # taken to the part still open
        await pilot.press("enter", "tab")  # Tyler: the first option, then his reasons
        await type_text(pilot, "Tyler says he is hit with a belt: that is significant harm to be enquired into.")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, OutcomeScreen)
        made = [(d.decision, d.option) for d in session.state.decisions]
        assert made == [("jade-route", "j-pf"), ("tyler-route", "t-strategy")]
        assert session.state.decisions[0].rationale.startswith("Jade is privately fostered")
        assert session.state.decisions[1].rationale.startswith("Tyler says he is hit")
        text = screen_text(app)
        assert "You decided: Private fostering assessment and visits" in text
        assert "You decided: Strategy discussion today" in text
        assert "Next: Section 47 enquiry" in text and "The strategy discussion agreed a joint visit." in text


@pilot_test
async def test_what_an_action_set_changes_the_story_and_starts_its_clock() -> None:
    app = build_app(HOUSEHOLD)
    async with app.run_test(size=(110, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert screen.submit(TakeAction("notify")) is not None
        assert screen.submit(TakeAction("ring-kev")) is not None
        await pilot.press("s")
        text = screen_text(app)
        assert "Done so far" in text and "The private fostering arrangement has been notified" in text
        assert "Private fostering visit to Jade: due within" in text and "IN TIME" in text

        await pilot.press("d", "enter", "tab", "tab", "enter", "ctrl+s", "ctrl+s")
        assert isinstance(app.screen, OutcomeScreen)
        text = screen_text(app)
        assert "Kev knew before the visit; Tyler now says he made it up." in text
        assert "The strategy discussion agreed a joint visit." not in text
