"""What if: a trainee finishes a case, re-branches it at its second decision from the debrief, plays the other
option, and compares the two attempts; the same from the history screen; and a twin case draws its twin unseen,
records it, and tells the whole case as that twin."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from simulator.domain.twins import placeholders
from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.compare import CompareScreen
from simulator.ui.screens.debrief import DebriefScreen
from simulator.ui.screens.decision import DecisionScreen
from simulator.ui.screens.history import HistoryScreen
from simulator.ui.screens.rebranch import RebranchScreen
from simulator.ui.screens.resume import ResumeScreen
from simulator.ui.widgets.choice_list import ChoiceList
from tests.app.helpers import build_app, pilot_test, ready, record_notices, screen_text
from tests.app.history_helpers import opened, until
from tests.twins.helpers import TWIN_MINI

SIZE = (100, 36)


async def play_mini_to_debrief(pilot: Pilot[object]) -> None:
    """Open the mini case and play it as the key would decide: strategy discussion, then a child-in-need plan."""
    app = pilot.app
    await ready(pilot)
    await pilot.press("enter", "d", "down", "enter", "ctrl+s", "ctrl+s", "enter", "d", "down", "enter", "ctrl+s", "ctrl+s", "enter")
    await until(pilot, lambda: isinstance(app.screen, DebriefScreen), "the debrief")


async def rebranch_at_second_decision(pilot: Pilot[object]) -> None:
    """From the debrief: b, the second decision's other option, then confirm it on the decision screen."""
    app = pilot.app
    await pilot.press("b")
    await until(pilot, lambda: isinstance(app.screen, RebranchScreen), "the re-branch dialog")
    screen = app.screen
    assert isinstance(screen, RebranchScreen)
    made = [m.title for m in screen.made]
    assert made == ["Contact", "Section 47 enquiry"]
    await pilot.press("end", "enter")
    await until(pilot, lambda: isinstance(app.screen, DecisionScreen), "the decision, opened by the re-branch")
    options = app.screen.query_one("#options", ChoiceList)
    assert options.chosen == ("conference",)  # the option chosen in the dialog, already chosen here
    await pilot.press("ctrl+s", "ctrl+s", "enter")
    await until(pilot, lambda: isinstance(app.screen, DebriefScreen) and app.screen.session is not None
                and app.screen.session.origin is not None, "the re-branch's own debrief")


@pilot_test
async def test_rebranch_a_finished_case_at_its_second_decision_and_compare(private_history: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    told = record_notices(monkeypatch)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await play_mini_to_debrief(pilot)
        original = app.screen
        assert isinstance(original, DebriefScreen)
        assert "c: compare" not in screen_text(app)  # nothing to compare a first attempt with
        await rebranch_at_second_decision(pilot)
        branch = app.screen
        assert isinstance(branch, DebriefScreen) and branch.can_compare
        about_branch = [t for t in told if not t.startswith("Your rationale is empty")]  # told at the decision
        assert about_branch[-1].startswith("Re-branched: A new attempt from the moment before that decision (1 step "
                                           "replayed).")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the compare screen")
        text = screen_text(app)
        assert "B was re-branched from A at event 1 (Section 47 enquiry)" in text
        assert "Child-in-need plan" in text and "Initial conference" in text
        await pilot.press("escape")
        assert app.screen is branch
    with opened(private_history) as store:
        first, second = store.sessions()
        assert (first.parent_id, second.parent_id, second.parted_at) == (None, first.id, 1)
        assert first.finished and second.finished
        # each keeps its own debrief: a conference where a plan was enough is over-intervention
        assert (first.scores["proportionate-help"], second.scores["proportionate-help"]) == (1.0, 0.25)
        before, after = store.events(first.id), store.events(second.id)
        assert after[:1] == before[:1] and after[1] != before[1]  # the original never changed
        assert len(before) == first.event_count == 2


async def _history(pilot: Pilot[object]) -> HistoryScreen:
    app = pilot.app
    await pilot.press("l")  # from the debrief: the reflection
    await pilot.press("escape")
    await until(pilot, lambda: len(app.screen_stack) == 1, "the library")
    await pilot.press("h")
    await until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.loaded, "the history")
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


@pilot_test
async def test_rebranch_and_compare_from_the_history(private_history: Path) -> None:
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await play_mini_to_debrief(pilot)
        await _history(pilot)
        await pilot.press("b")  # the newest session is highlighted
        await until(pilot, lambda: isinstance(app.screen, RebranchScreen), "the re-branch dialog")
        await pilot.press("end", "enter")
        await until(pilot, lambda: isinstance(app.screen, DecisionScreen), "the decision")
        await pilot.press("ctrl+s", "ctrl+s", "enter")
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen), "the re-branch's debrief")
        history = await _history(pilot)
        newest = history.query_one("#sessions", DataTable).get_row_at(0)
        assert str(getattr(newest[1], "plain", "")).endswith("(re-branch of #1)")  # the case, after the pointer
        await pilot.press("v")  # the highlighted re-branch beside its original
        await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the compare screen")
        assert "B was re-branched from A at event 1" in screen_text(app)
        await pilot.press("escape", "down", "m", "up", "v")  # the same two, marked by hand: A is the original
        await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the compare screen again")
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert [r.record.id for r in compare.comparison.sessions] == [1, 2]
        assert history.marked is not None


@pilot_test
async def test_a_twin_case_draws_its_twin_unseen_and_records_it(private_history: Path) -> None:
    app = build_app(TWIN_MINI)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        if isinstance(app.screen, ResumeScreen):
            await pilot.press("escape")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CaseScreen), "the case")
        session = app.screen.session
        assert session.twin in {"hall", "begum"}
        text = screen_text(app)
        assert "((" not in text
        assert not any(placeholders(t) for t in (session.scenario.case.referral.text,
                                                  *(a.label for a in session.scenario.actions)))
        surname = {"hall": "Hall", "begum": "Begum"}[session.twin]
        assert f"Ava {surname}" in text
        assert "twin" not in text.lower()  # never told
    with opened(private_history) as store:
        (record,) = store.sessions()
        assert record.twin == session.twin


@pilot_test
async def test_twins_turned_off_draw_none(private_history: Path) -> None:
    from simulator.ui.app import make_app

    app = make_app([str(TWIN_MINI)], bundled=False, twins=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CaseScreen), "the case")
        assert app.screen.session.twin == ""
        assert "Ava Hall" in screen_text(app)  # told as the first twin
    with opened(private_history) as store:
        assert store.sessions()[0].twin == ""



@pilot_test
async def test_the_compare_screen_shows_every_row_of_its_tables(private_history: Path) -> None:
    """The app's style sheets are shared by every screen: the case screen's rule for #actions (1fr high) left
    the compare screen's Actions table one line high, its header alone, and the history's #criteria rule
    would have cut the grades at 13 lines."""
    from simulator.ui.widgets.reading_table import ReadingTable

    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # take the first action: Check our records
        await pilot.pause()
        await pilot.press("d", "down", "enter", "ctrl+s", "ctrl+s", "enter", "d", "down", "enter", "ctrl+s", "ctrl+s", "enter")
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen), "the debrief")
        await rebranch_at_second_decision(pilot)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the compare screen")
        await pilot.pause()
        tables = list(app.screen.query(ReadingTable))
        assert len(tables) == 6
        for table in tables:
            # the header, the rule under it, and a line a row (none of these cells wraps at 120 columns)
            assert table.size.height == 2 + table.row_count, (table.id, table.size, table.row_count)
        actions = app.screen.query_one("#compare-actions", ReadingTable)
        assert [str(cell) for cell in actions.get_row_at(0)][1] == "Check our records"
