"""Self-assessment mode (s in the library, and in the palette): the trainee
grades themselves before any grade is shown, and the debrief shows their
grade beside its own; after any debrief, a reflection saved with the session."""

from __future__ import annotations

import re
from pathlib import Path

from simulator.application.export import load_report
from simulator.application.library import Library
from simulator.application.session import Session
from simulator.domain.catalogue import Grade
from simulator.reports.cpd import export_cpd
from simulator.store.records import SessionMode
from simulator.ui.commands import ScreenCommands
from simulator.ui.grade_words import SHORT_GRADES
from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.confirm import ConfirmScreen
from simulator.ui.screens.debrief import DebriefScreen
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.reflection import ReflectionScreen
from simulator.ui.screens.self_assessment import SelfAssessmentScreen
from tests.app.helpers import build_app, pilot_test, ready, screen_text, type_text
from tests.app.history_helpers import mini, notified, only_session, opened

SIZE = (100, 40)
TO_THE_END = ("d", "down", "enter", "ctrl+s", "ctrl+s", "enter", "d", "down", "enter", "ctrl+s", "ctrl+s", "enter")


def _session(app: object) -> Session:
    session = app.session  # type: ignore[attr-defined]
    assert isinstance(session, Session)
    return session


@pilot_test
async def test_self_assessment_comes_before_the_debrief_and_shows_beside_it(private_history: Path) -> None:
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("s")
        assert isinstance(app.screen, CaseScreen)
        assert notified(app, "Self-assessment mode")
        await pilot.press("enter", *TO_THE_END)
        screen = app.screen
        assert isinstance(screen, SelfAssessmentScreen)
        text = screen_text(app)
        assert "Rate your own practice" in text and "OUTSTANDING" not in text and "INADEQUATE" not in text
        assert "At Contact you chose Strategy discussion (confidence: not given)" in text
        criteria = list(_session(app).debrief().criteria)
        assert screen.criteria == criteria and len(criteria) > 3

        await pilot.press("ctrl+s")  # nothing rated yet
        assert isinstance(app.screen, SelfAssessmentScreen) and notified(app, "Rate every criterion first")
        await pilot.press("4", "down", "1")
        for _ in criteria[2:]:
            await pilot.press("down", "3")
        await pilot.press("up", "left")  # the last but one: good, then one lower
        assert f"{len(criteria)} of {len(criteria)} criteria rated" in screen_text(app)
        await pilot.press("ctrl+s")
        debrief_screen = app.screen
        assert isinstance(debrief_screen, DebriefScreen)

        ratings = {cid: Grade.GOOD for cid in criteria}
        ratings[criteria[0]], ratings[criteria[1]] = Grade.OUTSTANDING, Grade.INADEQUATE
        ratings[criteria[-2]] = Grade.REQUIRES_IMPROVEMENT
        assert debrief_screen.self_assessment == ratings
        debrief = _session(app).debrief()
        text = screen_text(app)
        assert "Criteria, with your own grade beside each" in text and "Your grade" in text
        for cid, result in debrief.criteria.items():
            from simulator.ui.debrief_text import criterion_title

            row = next(line for line in text.splitlines()
                       if line.strip().startswith(criterion_title(cid)) and re.search(r"\d\.\d\d", line))
            assert f"{result.score:.2f}" in row and SHORT_GRADES[ratings[cid]] in row, row
        same = sum(ratings[c] == r.grade for c, r in debrief.criteria.items())
        higher = sum(ratings[c].rank > r.grade.rank for c, r in debrief.criteria.items())
        lower = sum(ratings[c].rank < r.grade.rank for c, r in debrief.criteria.items())
        assert (f"You graded yourself the same as the debrief on {same} of {len(criteria)} criteria, higher on "
                f"{higher}, lower on {lower}.") in " ".join(text.split())
    record = only_session(private_history)
    assert record.mode is SessionMode.SELF_ASSESSMENT and dict(record.self_assessment) == ratings
    assert record.finished


@pilot_test
async def test_skipping_the_self_assessment_shows_the_plain_debrief(private_history: Path) -> None:
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("s", *TO_THE_END, "escape")
        assert isinstance(app.screen, DebriefScreen) and app.screen.self_assessment == {}
        assert "Your grade" not in screen_text(app)
    assert only_session(private_history).self_assessment == {}


@pilot_test
async def test_the_new_keys_are_in_the_palette() -> None:
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        titles = [title for title, _, _ in ScreenCommands(app.screen)._commands()]
        for title in ("Self-assess  (s)", "History  (h)", "Unfinished  (u)"):
            assert title in titles, title
        footer = screen_text(app).splitlines()[-1]
        assert "Self-assess" in footer and "History" in footer


@pilot_test
async def test_a_reflection_follows_the_debrief_and_is_saved_with_the_session(private_history: Path) -> None:
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter", *TO_THE_END)
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("end")
        assert "l: your reflection, then the library" in screen_text(app)
        await pilot.press("l")
        assert isinstance(app.screen, ReflectionScreen)
        await pilot.press("ctrl+s")  # empty: not saved, told why
        assert isinstance(app.screen, ReflectionScreen) and notified(app, "Write something first")
        for text in ("The mark [@click=app.quit]", "Strategy discussion", "Ask sooner", "Talked to Jo"):
            await type_text(pilot, text)
            await pilot.press("tab")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, HomeScreen)
        assert notified(app, "Reflection saved")
    record = only_session(private_history)
    assert record.reflection == "What I noticed: The mark [@click=app.quit]\n\nWhat I decided: Strategy discussion"
    assert (record.practice_change, record.peer_reflection) == ("Ask sooner", "Talked to Jo")
    with opened(private_history) as store:
        cpd = export_cpd(load_report(store, record.id, Library((mini(),), ())))
    assert "Ask sooner" in cpd and "Talked to Jo" in cpd and "What I noticed: The mark" in cpd


@pilot_test
async def test_leaving_a_written_reflection_asks_first() -> None:
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter", *TO_THE_END, "l", *"half a thought", "escape")
        assert isinstance(app.screen, ConfirmScreen) and "Leave without saving?" in screen_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, ReflectionScreen)
        await pilot.press("escape", "y")
        assert isinstance(app.screen, HomeScreen)


@pilot_test
async def test_self_assessment_still_works_without_a_history(private_history: Path) -> None:
    private_history.parent.mkdir(parents=True, exist_ok=True)
    private_history.write_bytes(b"not a database\n" * 100)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("s")
        assert notified(app, "not saved")
        await pilot.press(*TO_THE_END)
        assert isinstance(app.screen, SelfAssessmentScreen)
        for _ in app.screen.criteria:
            await pilot.press("3", "down")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, DebriefScreen) and set(app.screen.self_assessment.values()) == {Grade.GOOD}
        await pilot.press("l")  # nothing stored to reflect on: straight to the library
        assert isinstance(app.screen, HomeScreen)
    assert private_history.read_bytes() == b"not a database\n" * 100
