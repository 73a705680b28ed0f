"""A decision with nothing in its rationale is not recorded at the first Ctrl+S: the trainee is told the record is
empty and how it will be graded (docs/scoring.md, "The written record": no reasons a reader could check), and a
second Ctrl+S, with nothing changed, records it as it is. It was recorded at once, without a word."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from simulator.domain.events import Decide
from simulator.ui.screens.decision import DecisionScreen
from tests.app.helpers import TESTS, build_app, pilot_test, ready, record_notices, screen_text, type_text
from tests.app.history_helpers import session_of

HOUSEHOLD = TESTS / "data" / "format2" / "household.yaml"


def _decisions(app: object) -> list[Decide]:
    return [e for e in session_of(app).events if isinstance(e, Decide)]


@pilot_test
async def test_an_empty_rationale_is_told_then_recorded_at_a_second_ctrl_s(monkeypatch: pytest.MonkeyPatch) -> None:
    told = record_notices(monkeypatch)
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "d", "down", "enter", "tab", *"   ", "ctrl+s")  # spaces are not reasons
        dialog = app.screen
        assert isinstance(dialog, DecisionScreen) and _decisions(app) == []
        assert told[-1].startswith("Your rationale is empty. A decision recorded without reasons is graded as such: "
                                   "management oversight at requires improvement at best (inadequate if nothing else "
                                   "shows it), and the case below good.")
        shown = " ".join(screen_text(app).replace("█", " ").split())  # the dialog's edges out of its lines
        assert "press ctrl+s again to record it as it is." in shown  # in the dialog, whole, at 80x24
        assert app.focused is dialog.query_one("#rationale", TextArea)
        await pilot.press("ctrl+s")
        assert app.screen is not dialog
        [decide] = _decisions(app)
        assert decide.rationale == ""


@pilot_test
async def test_reasons_written_after_being_told_are_recorded_at_once() -> None:
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "d", "down", "enter", "ctrl+s")
        dialog = app.screen
        assert isinstance(dialog, DecisionScreen)
        await type_text(pilot, "Finger marks and a police caution")
        await pilot.press("ctrl+s")
        assert app.screen is not dialog
        assert [d.rationale for d in _decisions(app)] == ["Finger marks and a police caution"]


@pilot_test
async def test_a_plan_names_the_part_without_reasons(monkeypatch: pytest.MonkeyPatch) -> None:
    told = record_notices(monkeypatch)
    app = build_app(HOUSEHOLD)
    async with app.run_test(size=(110, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "d", "enter", "tab")
        await type_text(pilot, "Jade has lived with a non-relative for nine weeks")
        await pilot.press("tab", "enter", "ctrl+s")  # Tyler's part chosen, and no reasons for it
        dialog = app.screen
        assert isinstance(dialog, DecisionScreen) and _decisions(app) == []
        assert told[-1].startswith("Your reasons for 'Route for Tyler")
        assert app.focused is dialog.query_one("#rationale-1", TextArea)
        await pilot.press("ctrl+s")
        assert [d.rationale for d in _decisions(app)] == ["Jade has lived with a non-relative for nine weeks", ""]
