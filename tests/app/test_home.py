"""Home: the library table, search and filters, broken files listed, and the
trainee's name asked once and remembered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual import events
from textual.widgets import DataTable, Input, Select

from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.name import NameScreen
from tests.app.fixtures import TRAINEE
from tests.app.helpers import BROKEN, HOSTILE, MINI, build_app, pilot_test, ready, screen_text, type_text


def _rows(app: object) -> int:
    return app.screen.query_one("#cases", DataTable).row_count  # type: ignore[attr-defined]


@pilot_test
async def test_library_lists_cases_and_broken_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BROKEN.parents[2])
    app = build_app(MINI, HOSTILE, BROKEN)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        text = screen_text(app)
        assert "Choose a case: 2 in the library" in text
        assert "Test case — a school's concern about Leo" in text
        # Failure points in words, never as their ids, in the table and the summary under it.
        assert "introductory" in text and "Weak front door" in text and "Poor information from" in text
        assert "Built around: Weak front door — The handling of contacts and referrals was weak" in text
        assert "front-door" not in text and "partner-information" not in text
        assert "1 file could not be loaded" in text
        assert "snapshots/data/broken-scenario.yaml:2:1:" in text
        assert "missing the required key 'failure_points'" in text and "(+8 more)" in text
        assert app.is_running


@pilot_test
async def test_keys_before_the_table_is_mounted_do_no_harm() -> None:
    """The search, the filters and the table are mounted a frame after the rest of
    the screen; a trainee who types in that frame loses the keys, not the app."""
    app = build_app(MINI)
    async with app.run_test(size=(120, 40)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert not home.query("#cases"), "the table is already mounted: this test no longer tests the early frame"
        home.action_search()
        home.action_open_case()
        home.action_self_assess()
        home.action_clear_search()
        await pilot.press("slash", "x", "escape")
        await ready(pilot)
        assert app.is_running and app.screen is home
        assert home.focused is home.query_one("#cases", DataTable)
        assert _rows(app) == 1
        assert "Choose a case: 1 in the library" in screen_text(app)


@pilot_test
async def test_search_and_filters_narrow_the_table() -> None:
    app = build_app(MINI, HOSTILE)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert _rows(app) == 2
        points = app.screen.query_one("#failure-point", Select)
        assert [value for _, value in points._options[1:]] == ["front-door", "partner-information"]  # only those used
        await pilot.press("slash", *"leo")
        assert _rows(app) == 1
        assert "Choose a case: 1 of 2 shown" in screen_text(app)
        await pilot.press("escape")
        assert _rows(app) == 2
        await pilot.press("slash", *"partner-information")
        assert _rows(app) == 1
        await pilot.press("escape")
        app.screen.query_one("#difficulty", Select).value = "advanced"
        await pilot.pause()
        assert _rows(app) == 1
        app.screen.query_one("#failure-point", Select).value = "partner-information"
        await pilot.pause()
        assert _rows(app) == 0
        assert "No case matches" in screen_text(app)


@pilot_test
async def test_keys_typed_at_once_after_slash_and_enter_go_where_they_were_meant() -> None:
    """A fast typist (or a paste) sends "/", the words and Enter before the app has moved the focus for any of
    them: the words still land in the search box, and the second Enter opens the case."""
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "/mini")
        assert app.screen.query_one("#search", Input).value == "mini"
        driver = app._driver
        assert driver is not None
        for _ in range(2):
            driver.send_message(events.Key("enter", "\r"))
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("escape", "y", "slash", "end")
        await type_text(pilot, "/x")  # "/" in the box is text
        assert app.screen.query_one("#search", Input).value == "mini/x"


@pilot_test
async def test_enter_in_search_goes_to_the_table_and_opens_the_case() -> None:
    app = build_app(MINI, HOSTILE)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"school", "enter", "enter")
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.session.scenario.id == "mini-test-case"


@pilot_test
async def test_an_empty_library_says_what_to_do(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert "The library is empty" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)


@pilot_test
async def test_known_trainee_is_not_asked() -> None:
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert f"Trainee: {TRAINEE}" in screen_text(app)


@pytest.mark.new_trainee
@pilot_test
async def test_name_is_asked_once_and_remembered(private_settings: Path) -> None:
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, NameScreen)
        await type_text(pilot, "Sam [b]Jones[/b]")
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
        assert "Trainee: Sam [b]Jones[/b]" in screen_text(app)
    assert json.loads(private_settings.read_text())["trainee"] == "Sam [b]Jones[/b]"

    again = build_app()
    async with again.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert isinstance(again.screen, HomeScreen)
        assert again.trainee == "Sam [b]Jones[/b]"


@pytest.mark.new_trainee
@pilot_test
async def test_skipping_the_name_asks_again_next_time(private_settings: Path) -> None:
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert "Trainee: not set" in screen_text(app)
    assert not private_settings.exists()
    again = build_app()
    async with again.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert isinstance(again.screen, NameScreen)


@pilot_test
async def test_name_can_be_changed(private_settings: Path) -> None:
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, NameScreen)
        await pilot.press("ctrl+u", *"Robin", "enter")
        assert app.trainee == "Robin"
    assert json.loads(private_settings.read_text())["trainee"] == "Robin"


def test_the_command_line_opens_the_app_on_its_directories(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from simulator.cli import main as cli
    from simulator.ui.app import CaseReviewApp

    opened: list[tuple[str, ...]] = []

    def run(self: CaseReviewApp) -> None:
        opened.append(tuple(str(d) for d in self.scenario_dirs))

    monkeypatch.setattr(CaseReviewApp, "run", run)
    more = str(tmp_path)
    assert cli.main(["--scenarios", "tests/data", "--scenarios", more]) == 0
    assert opened == [("tests/data", more)]

    from simulator.ui.__main__ import main

    assert main(["--scenarios", "elsewhere"]) == 0
    assert opened[-1] == ("elsewhere",)
