"""A second key typed before the app has done what the first asked: a dialog is dismissed once, and the screen
beneath stays. Textual's ``dismiss`` pops whatever screen is on top, and a second Enter reached a dialog that
had gone (its box or button had posted the message already): it popped the case or the library beneath, or
raised ScreenStackError. Found by random bursts of keys sent with no wait between (8 runs in 30 ended in a
traceback; 0 in 30 after ui/screens/base.DismissedOnce). And text typed behind a Tab reaches the box the Tab
went to (ui/typed_ahead.py)."""

from __future__ import annotations

from simulator.domain.events import Decide
from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.confirm import ConfirmScreen
from simulator.ui.screens.decision import DecisionScreen
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.name import NameScreen
from simulator.ui.widgets.choice_list import ChoiceList
from tests.app.helpers import build_app, keys_in_flight, pilot_test, ready, type_text
from tests.app.history_helpers import session_of, until


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


def _keys(text: str) -> list[str]:
    return ["space" if c == " " else c for c in text]


@pilot_test
async def test_a_rationale_typed_in_one_burst_after_choosing_is_recorded_whole() -> None:
    """Choose, Tab to the rationale, type it and confirm, all before the app has done any of it (as tmux
    send-keys or a fast typist sends them): the text went to the choice list the Tab left, and was lost."""
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "d")
        dialog = app.screen
        assert isinstance(dialog, DecisionScreen)
        options = dialog.query_one("#options", ChoiceList)
        assert options.has_focus and options.highlighted == 0
        second = options.get_option_at_index(1).id
        keys_in_flight(app, "down", "enter", "tab", *_keys("Leo said Dad hit him"), "ctrl+s")
        await until(pilot, lambda: app.screen is not dialog, "the decision confirmed")
        [decide] = [e for e in session_of(app).events if isinstance(e, Decide)]
        assert (decide.option, decide.rationale) == (second, "Leo said Dad hit him")


@pilot_test
async def test_a_reflection_typed_in_one_burst_goes_into_its_boxes() -> None:
    """Answers typed with Tabs between them, all before the app had moved the focus, ran together in the first
    box, and what came after the focus moved at last went into the third (a tmux paste, a fast typist)."""
    from textual.widgets import TextArea

    from simulator.ui.screens.reflection import ReflectionScreen
    from tests.app.history_helpers import settle

    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "d", "down", "enter", "ctrl+s", "ctrl+s", "enter", "d", "enter", "ctrl+s",
                          "ctrl+s", "enter")
        await settle(pilot)
        await pilot.press("escape")  # leave the debrief: the reflection
        await settle(pilot)
        assert isinstance(app.screen, ReflectionScreen)
        keys_in_flight(app, *_keys("Noticed"), "tab", *_keys("Decided"), "tab", *_keys("Next time"))
        await settle(pilot)
        boxes = [t.text for t in app.screen.query(TextArea)]
        assert boxes[:3] == ["Noticed", "Decided", "Next time"]
