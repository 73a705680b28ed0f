"""Notes: kept with the session, shown again when it is resumed, and out of the way once kept, so the keys
that follow are shortcuts rather than more of the note (issue 14, items 1 and 5)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.resume import ResumeScreen
from tests.app.helpers import build_app, pilot_test, ready, screen_text, type_text
from tests.app.history_helpers import only_session, opened, session_of

SIZE = (100, 32)


@pilot_test
async def test_notes_are_shown_again_when_a_case_is_resumed(private_history: Path) -> None:
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter", "n")
        await type_text(pilot, "Ring the school back")
        await pilot.press("ctrl+s")
        assert session_of(app).state.notes == ("Ring the school back",)
    with opened(private_history) as store:
        assert len(store.events(only_session(private_history).id)) == 1

    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("n")
        text = screen_text(app)
        assert "• Ring the school back" in text
        assert "No notes yet" not in text


@pilot_test
async def test_after_a_note_is_kept_the_keys_are_shortcuts_again() -> None:
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter", "n")
        await type_text(pilot, "First note")
        await pilot.press("ctrl+s")
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert not isinstance(screen.focused, TextArea)
        await pilot.press("a", "down", "enter", "e")  # go to the actions, take the second, see the evidence
        session = session_of(app)
        assert session.state.notes == ("First note",)
        assert screen.query_one("#note", TextArea).text == ""
        assert len(session.state.done) == 1
        assert screen.query_one("#tabs").active == "evidence"  # type: ignore[attr-defined]
