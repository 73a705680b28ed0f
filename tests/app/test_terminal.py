"""Every terminal, every hand (issue 19): the config file in the app, notices that cover nothing and go with their
screen, the keys in the footer or help, focus out of a saved note, pickers that stop at their ends, and a
library that speaks plainly and knows the trainee."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import DataTable, Input, Static, TabbedContent, TextArea

from simulator.application.config import DB_ENV_VAR
from simulator.ui import safe
from simulator.ui.commands import key_label, our_bindings
from simulator.ui.notices import NoticeBar, all_notices, notices_on
from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.decision import DecisionScreen
from simulator.ui.screens.help import HelpScreen
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.name import NameScreen
from simulator.ui.widgets.choice_list import ChoiceList
from tests.app.helpers import (
    HOSTILE,
    MINI,
    build_app,
    keys_in_flight,
    pilot_test,
    ready,
    record_notices,
    screen_text,
    type_text,
    until_shown,
)
from tests.app.history_helpers import seed

SMALL = (80, 24)
AUDIT = MINI.parent / "audit" / "audit.yaml"


def _footer(app: object) -> str:
    return screen_text(app).splitlines()[-1]  # type: ignore[arg-type]


# --- the config file ------------------------------------------------------------


@pytest.mark.new_trainee
@pilot_test
async def test_the_config_file_sets_trainee_theme_keys_and_where_the_data_goes(
        private_config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DB_ENV_VAR)
    db, exports = tmp_path / "kept" / "history.sqlite3", tmp_path / "exports"
    private_config.write_text(f'trainee = "Config Trainee"\ntheme = "ansi-dark"\n[data]\nhistory = "{db}"\n'
                              f'exports = "{exports}"\n[keys]\n"case.decide" = "f5"\n', encoding="utf-8")
    app = build_app()
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        assert not isinstance(app.screen, NameScreen)  # the config names the trainee: nothing to ask
        assert app.trainee == "Config Trainee" and app.theme == "ansi-dark"
        assert app.history is not None and app.history.path == db and db.exists()
        assert app.history.export_dir == exports
        await pilot.press("enter", "d")
        assert isinstance(app.screen, CaseScreen)  # d is no longer Decide
        assert "f5 Decide" in _footer(app)
        await pilot.press("f1")
        assert "f5" in screen_text(app) and "Record your decision for this stage" in screen_text(app)
        await pilot.press("escape", "f5")
        assert isinstance(app.screen, DecisionScreen)


@pilot_test
async def test_config_problems_are_listed_in_the_library_and_the_rest_still_counts(private_config: Path) -> None:
    private_config.write_text('theme = "nrd"\n[keys]\n"case.decide" = "f5"\n', encoding="utf-8")
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "Your config file has 1 problem: what it sets is not used · p: to the list" in screen_text(app)
        await pilot.press("p", "enter")
        await until_shown(pilot, "1 problem (line:column) in", "the config file's problems")
        listed = screen_text(app)
        assert "1:1 there is no theme called 'nrd' (did you mean 'nord'?)" in listed and "`case-review config" in listed
        await pilot.press("escape", "escape")
        assert app.theme == "textual-dark"
        await pilot.press("enter", "f5")
        assert isinstance(app.screen, DecisionScreen)  # the right line still counts


@pilot_test
async def test_switching_theme_when_the_config_sets_one_says_it_is_for_now(private_config: Path) -> None:
    private_config.write_text('theme = "ansi-dark"\n', encoding="utf-8")
    app = build_app()
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == "ansi-light"  # its other half, in the terminal's own colours
        assert any("Your config file sets the theme ansi-dark" in n.message for n in all_notices(app))


# --- notices --------------------------------------------------------------------


@pilot_test
async def test_a_notice_has_a_line_of_its_own_and_covers_nothing() -> None:
    app = build_app()
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await pilot.press("enter", "enter", "down", "enter")  # two actions: two notices
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert len(notices_on(screen)) == 1  # the newest replaces the one before
        bar = screen.query_one(NoticeBar)
        assert bar.display and "Action taken" in "".join(screen_text(app).splitlines()[-4:-1])
        tabs = screen.query_one(TabbedContent)
        assert bar.region.y >= tabs.region.bottom  # below the work, not over it
        assert not screen.query("Toast")


@pilot_test
async def test_a_notice_does_not_follow_the_trainee_to_the_next_screen() -> None:
    app = build_app()
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        home = app.screen
        safe.notify(home, "Poppy, 3: abandoned. It stays in your history.")
        await pilot.pause()
        assert "Poppy, 3: abandoned" in screen_text(app)
        await pilot.press("enter", "d")
        assert isinstance(app.screen, DecisionScreen)
        assert "Poppy" not in screen_text(app)
        await pilot.press("ctrl+s")  # no option chosen: the dialog says so, in the dialog
        await pilot.pause()
        assert any("Choose what you decide first" in n.message for n in notices_on(app.screen))
        await pilot.press("escape")
        assert isinstance(app.screen, CaseScreen)
        assert "Choose what you decide first" not in screen_text(app)
        assert not any("Choose what you decide first" in n.message for n in all_notices(app))


# --- keys -----------------------------------------------------------------------


async def _every_key_is_in_the_footer_or_help(pilot: object) -> None:
    app = pilot.app  # type: ignore[attr-defined]
    footer = _footer(app)
    keys = [(key_label(binding, key), binding) for key, binding, _ in our_bindings(app.screen)]
    if app.screen.is_modal:  # a dialog's keys are few: every one is in its footer
        for label, binding in keys:
            assert f"{app.get_key_display(binding)} {binding.description}" in footer or not binding.show, label
        return
    await pilot.press("f1")  # type: ignore[attr-defined]
    assert isinstance(app.screen, HelpScreen)
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(app.screen.query_one("#help-keys", Static).content)  # all of it, scrolled or not
    help_text = console.export_text()
    for label, binding in keys:
        shown = f"{label} " in footer and (binding.description in footer or binding.group is not None)
        assert shown or (label in help_text and (binding.tooltip or binding.description) in help_text), label
    await pilot.press("escape")  # type: ignore[attr-defined]


@pilot_test
async def test_every_key_is_in_the_footer_or_one_key_away_in_help() -> None:
    app = build_app()
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await _every_key_is_in_the_footer_or_help(pilot)
        await pilot.press("enter")
        footer = _footer(app)
        assert "s e c n a Go to" in footer and "Decide" in footer and "Help" in footer
        await _every_key_is_in_the_footer_or_help(pilot)
        await pilot.press("e")
        assert "r p u Flag" in _footer(app)
        await _every_key_is_in_the_footer_or_help(pilot)
        await pilot.press("d")
        await _every_key_is_in_the_footer_or_help(pilot)


@pilot_test
async def test_focus_leaves_the_note_once_it_is_kept() -> None:
    app = build_app()
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await pilot.press("enter", "n")
        assert isinstance(app.focused, TextArea)
        assert "s e c n a" not in _footer(app)  # letters are text here: the footer does not offer them
        await type_text(pilot, "Ring the police")
        await pilot.press("ctrl+s")
        assert not isinstance(app.focused, TextArea)
        assert app.screen.session.state.notes == ("Ring the police",)  # type: ignore[attr-defined]
        await pilot.press("s")  # a letter is a key again
        assert app.screen.query_one(TabbedContent).active == "stage"


@pilot_test
async def test_the_confidence_picker_stops_at_its_ends_and_points_at_its_line() -> None:
    app = build_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "d")
        confidence = app.screen.query_one("#confidence", ChoiceList)
        confidence.focus()
        await pilot.pause()
        assert confidence.highlighted == 0
        await pilot.press("up")
        assert confidence.highlighted == 0  # not round to High
        await pilot.press("down", "down", "down", "down")
        assert confidence.highlighted == 2  # not round to Low
        lines = [line for line in screen_text(app).splitlines() if "( ) High" in line]
        assert len(lines) == 1 and "▶ ( ) High" in lines[0]
        assert "▶ ( ) Low" not in screen_text(app)
        await pilot.press("space")
        assert confidence.chosen == ("3",) and "▶ (•) High" in screen_text(app)


@pilot_test
async def test_the_table_cursor_shows_without_colour_when_it_is_not_focused() -> None:
    app = build_app(MINI, AUDIT)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        assert "▶" in screen_text(app)  # focused: filled
        await pilot.press("slash")
        text = screen_text(app)
        assert "▷" in text and "▶" not in text  # the search has the keys; the table's row still shows


# --- the library ----------------------------------------------------------------


@pilot_test
async def test_the_library_starts_easy_and_names_failure_points_in_words() -> None:
    app = build_app(HOSTILE, AUDIT, MINI)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        table = screen.query_one("#cases", DataTable)
        titles = [str(table.get_row_at(r)[1]) for r in range(table.row_count)]
        assert titles[0].startswith("Test case") and titles[1].startswith("Test audit")  # introductory first
        assert table.cursor_row == 0
        text = screen_text(app)
        assert "Weak front door" in text and "front-door" not in text


@pilot_test
async def test_the_library_marks_done_and_in_progress_and_starts_on_the_case_in_progress(
        private_history: Path) -> None:
    seed(private_history)  # the mini case: five finished, the last Outstanding; one unfinished
    app = build_app(AUDIT, MINI)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("escape")  # the unfinished-cases dialog: later
        await pilot.pause()
        text = screen_text(app)
        assert "◐ unfinished" in text
        assert "✓ Done 5 times; your last grade: Outstanding." in text, text
        assert "◐ In progress" in text and "press u to resume it" in text
        table = app.screen.query_one("#cases", DataTable)
        assert str(table.get_row_at(table.cursor_row)[1]).startswith("Test case")


@pilot_test
async def test_an_active_filter_is_said_in_the_heading() -> None:
    app = build_app(MINI, AUDIT)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "audit")
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("escape", "y")  # leave the case: back in the library, the search still on
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#search", Input).value == "audit"
        heading = screen_text(app).splitlines()[1]
        assert "1 of 2 shown" in heading and "FILTERED" in heading and "search “audit”" in heading
        await pilot.press("escape")
        assert "Choose a case: 2 in the library" in screen_text(app)


@pilot_test
async def test_a_terminal_too_narrow_for_a_box_leaves_no_traceback() -> None:
    """Textual wraps a box's placeholder and each option for the width left inside them, and at none it raised
    (rich's chop_cells). At 62 columns the author panel beside the case left the notes box no width at all
    (found by random keys and sizes: python -m tests.app.fuzz_keys --resize). A box is never narrower than its
    own edges now (app.tcss): it runs off the screen until the window is wider."""
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.resize_terminal(62, 48)
        keys_in_flight(app, "f2", "n")  # the author panel, then the notes; not Pilot.press, which would wait for ever on an app that has died
        await pilot.pause()
        await pilot.pause()
        assert app.return_code is None, "the app stopped"
        assert isinstance(app.screen, CaseScreen)
        await pilot.resize_terminal(120, 40)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#note", TextArea).size.width > 10  # at full width again


@pilot_test
async def test_a_window_smaller_than_the_app_is_laid_out_for_is_said_once_each_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Below 80x24 the app runs, but a box may run off the edge: the trainee is told so at launch and each time
    the window becomes that small again, not at every resize, and not at 80x24."""
    told = record_notices(monkeypatch)
    app = build_app()
    async with app.run_test(size=(70, 20)) as pilot:
        await ready(pilot)

        def small() -> list[str]:
            return [n for n in told if n.startswith("Small window:")]

        assert small() == ["Small window: The window is 70×20: the app is laid out for 80×24 or more, so a box may "
                           "run off its edge. Make the window larger, or the text smaller."]
        assert "The window is 70×20" in screen_text(app)
        await pilot.resize_terminal(72, 20)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert len(small()) == 1
        await pilot.resize_terminal(100, 23)
        await pilot.pause()
        assert len(small()) == 2 and "100×23" in small()[-1]


@pilot_test
async def test_a_window_of_80x24_is_not_told_it_is_small(monkeypatch: pytest.MonkeyPatch) -> None:
    told = record_notices(monkeypatch)
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not [n for n in told if n.startswith("Small window")]


@pilot_test
async def test_a_key_moved_in_the_config_file_is_the_key_the_dialogs_name(
        private_config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Confirm moved to f6: the decision dialog's button and its warning about an empty rationale still said
    ctrl+s, which no longer confirms anything."""
    told = record_notices(monkeypatch)
    private_config.write_text('trainee = "Config Trainee"\n[keys]\n"decision.confirm" = "f6"\n', encoding="utf-8")
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "d", "down", "enter", "f6")
        assert isinstance(app.screen, DecisionScreen)
        assert "Confirm (f6)" in screen_text(app) and "ctrl+s" not in screen_text(app)
        assert told[-1].endswith("Write why, or press f6 again to record it as it is.")
