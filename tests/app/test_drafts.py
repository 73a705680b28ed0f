"""Drafts (issue 14, item 2): an open decision (its option and half-written rationale) and a reflection typed
but not saved are kept as they are typed, and offered back: on resume, after the debrief, and from the
history for a finished session after a restart."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import TextArea

from simulator.application.drafts import REFLECTION, decision_draft
from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.decision import DecisionScreen
from simulator.ui.screens.history import HistoryScreen
from simulator.ui.screens.reflection import ReflectionScreen
from simulator.ui.screens.resume import ResumeScreen
from simulator.ui.widgets.choice_list import ChoiceList
from tests.app.helpers import build_app, pilot_test, ready, type_text
from tests.app.history_helpers import notified, only_session, opened, settle, until

SIZE = (100, 32)
TO_THE_END = ("d", "down", "enter", "ctrl+s", "ctrl+s", "enter", "d", "enter", "ctrl+s", "ctrl+s", "enter")


@pilot_test
async def test_an_open_decision_is_kept_as_typed_and_offered_back_on_resume(private_history: Path) -> None:
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter", "enter", "d", "down", "enter", "tab")
        await type_text(pilot, "The mark and the earlier call")
        assert isinstance(app.screen, DecisionScreen)
        with opened(private_history) as store:
            drafts = store.drafts(only_session(private_history).id)
        draft = drafts[decision_draft("contact")].data
        (part,) = draft["parts"]
        assert part["option"] == "strategy" and part["rationale"] == "The mark and the earlier call"
        # The app goes away with the decision open (a crash, a closed terminal).

    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert notified(app, "The decision you had begun at this stage is kept")
        await pilot.press("d")
        screen = app.screen
        assert isinstance(screen, DecisionScreen)
        assert screen.query_one("#options", ChoiceList).chosen == ("strategy",)
        assert screen.query_one("#rationale", TextArea).text == "The mark and the earlier call"
        await pilot.press("ctrl+s")  # confirmed as it was: the draft is done with
        await settle(pilot)
        session = app.session
        assert session is not None and session.state.decisions[0].rationale == "The mark and the earlier call"
    with opened(private_history) as store:
        assert store.drafts(only_session(private_history).id) == {}


@pilot_test
async def test_a_reflection_typed_but_not_saved_is_kept_and_written_from_the_history(private_history: Path) -> None:
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter", *TO_THE_END)
        await settle(pilot)
        await pilot.press("escape")  # leave the debrief: the reflection
        await settle(pilot)
        assert isinstance(app.screen, ReflectionScreen)
        await type_text(pilot, "I rang the school too late")
        with opened(private_history) as store:
            record = only_session(private_history)
            assert record.finished
            assert store.drafts(record.id)[REFLECTION].data["noticed"] == "I rang the school too late"
        # The app goes away before the reflection is saved.

    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert notified(app, "is kept. Press h, highlight the session and press w")
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.loaded, "the history")
        await pilot.press("w")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReflectionScreen)
        assert screen.query_one("#noticed", TextArea).text == "I rang the school too late"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)  # back where it was opened from
    record = only_session(private_history)
    assert record.noticed == "I rang the school too late"
    with opened(private_history) as store:
        assert store.drafts(record.id) == {}


def test_a_draft_from_the_store_is_checked_not_trusted() -> None:
    """A draft is data from a file the trainee can damage: only what still fits the stage comes back, and a
    part of any shape is skipped rather than raising."""
    from simulator.domain.engine import start
    from simulator.scenarios.loader import load_file
    from simulator.ui.screens.decision import _usable
    from tests.app.helpers import MINI

    loaded = load_file(MINI)
    assert not isinstance(loaded, list)
    state = start(loaded.scenario)
    draft = {"stage": "contact", "cites": ["mark-on-arm", "not-revealed", 7], "confidence": 9,
             "parts": [{"decision": ["not", "hashable"], "option": "strategy"}, "junk",
                       {"decision": None, "option": "no-such-option", "rationale": "Kept as typed"}]}
    assert _usable(draft, state) == {"parts": [{"rationale": "Kept as typed"}], "cites": ["mark-on-arm"]}
    assert _usable({**draft, "stage": "enquiry"}, state) == {}
    assert _usable({"stage": "contact", "parts": "not a list"}, state) == {"parts": [{}]}


async def _finished_then_reflect_from_the_history(pilot: Pilot[object]) -> ReflectionScreen:
    """Play the mini case to the end, leave its reflection for now, and open it again from the history (w)."""
    app = pilot.app
    await ready(pilot)
    await pilot.press("enter", *TO_THE_END)
    await settle(pilot)
    await pilot.press("escape", "escape")  # the reflection, left for now; then the library
    await settle(pilot)
    await pilot.press("h")
    await until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.loaded, "the history")
    return await _reflect_from_the_history(pilot)


async def _reflect_from_the_history(pilot: Pilot[object]) -> ReflectionScreen:
    await pilot.press("w")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReflectionScreen)
    return screen


@pilot_test
async def test_a_reflection_changed_twice_from_the_history_keeps_both_changes(private_history: Path) -> None:
    """Write it, come back a minute later to add to it: the second time opens on what the first saved, so saving
    again keeps both (it used to open on the history's copy from before the first save, and replace it)."""
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _finished_then_reflect_from_the_history(pilot)
        await type_text(pilot, "First thought.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        screen = await _reflect_from_the_history(pilot)
        assert screen.query_one("#noticed", TextArea).text == "First thought."
        await pilot.press("end")
        await type_text(pilot, " Second thought.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
    assert only_session(private_history).noticed == "First thought. Second thought."


@pilot_test
async def test_a_reflection_saved_in_another_window_is_not_replaced_unasked(private_history: Path) -> None:
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await _finished_then_reflect_from_the_history(pilot)
        await type_text(pilot, "Mine.")
        with opened(private_history) as store:  # another window saves its own meanwhile
            store.save_reflection(only_session(private_history).id, "Theirs.", noticed="Theirs.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReflectionScreen)  # still here, with what was typed
        assert notified(app, "changed in another window after you opened it")
        assert only_session(private_history).noticed == "Theirs."
        await pilot.press("ctrl+s")  # asked, and meant
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
    assert only_session(private_history).noticed == "Mine."


@pilot_test
async def test_a_kept_reflection_is_told_on_the_library_once_the_unfinished_cases_dialog_closes(
        private_history: Path) -> None:
    """At 80x24 the notice was cut off at the dialog's border, and closing the dialog took it away: the trainee
    was never told where the reflection was."""
    from simulator.ui.notices import notices_on
    from simulator.ui.screens.home import HomeScreen

    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", *TO_THE_END)
        await settle(pilot)
        await pilot.press("escape")  # the reflection
        await settle(pilot)
        await type_text(pilot, "I rang the school too late")
        # The app goes away before the reflection is saved: it stays as a draft.
    with opened(private_history) as store:
        assert any(store.drafts(r.id) for r in store.sessions())
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "enter")  # open the case again and take an action: an unfinished case
        await settle(pilot)
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: isinstance(app.screen, ResumeScreen), "the unfinished-cases dialog")
        assert not any("Reflection kept" in n.title for n in notices_on(app.screen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and notified(app, "is kept. Press h"),
                    "the kept reflection told on the library")
