"""A second key typed before the app has done what the first asked: a dialog is dismissed once, and the screen
beneath stays. Textual's ``dismiss`` pops whatever screen is on top, and a second Enter reached a dialog that
had gone (its box or button had posted the message already): it popped the case or the library beneath, or
raised ScreenStackError. Found by random bursts of keys sent with no wait between (8 runs in 30 ended in a
traceback; 0 in 30 after ui/screens/base.DismissedOnce)."""

from __future__ import annotations

from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.confirm import ConfirmScreen
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.name import NameScreen
from tests.app.helpers import build_app, keys_in_flight, pilot_test, ready, type_text


def stack(app: object) -> list[type]:
    return [type(s) for s in app.screen_stack]  # type: ignore[attr-defined]


@pilot_test
async def test_a_name_entered_twice_closes_its_dialog_once() -> None:
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+n")
        assert stack(app) == [HomeScreen, NameScreen]
        await type_text(pilot, "Sam")
        keys_in_flight(app, "enter", "enter")
        await pilot.pause()
        await pilot.pause()
        assert stack(app) == [HomeScreen]
        assert app.trainee == "Sam"


@pilot_test
async def test_a_dialog_answered_twice_is_dismissed_once_and_answers_once() -> None:
    """As a second click or Enter reaching the dialog before it has gone: the case beneath stays."""
    app = build_app()
    answers: list[bool] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        session = app.session
        dialog = ConfirmScreen("Leave this case?")
        app.push_screen(dialog, answers.append)
        await pilot.pause()
        dialog.dismiss(False)
        dialog.dismiss(False)
        await pilot.pause()
        assert stack(app) == [HomeScreen, CaseScreen]
        assert answers == [False]
        assert app.session is session
