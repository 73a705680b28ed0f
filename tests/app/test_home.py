"""Home: the library table, search and filters, broken files listed, and the
trainee's name asked once and remembered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import DataTable, Input, Select

from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.name import NameScreen
from simulator.ui.widgets.library_browser import LibraryBrowser
from tests.app.fixtures import TRAINEE
from tests.app.helpers import (
    BROKEN,
    HOSTILE,
    MINI,
    build_app,
    pilot_test,
    ready,
    record_notices,
    screen_text,
    type_text,
    until_shown,
)
from tests.app.history_helpers import until


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
        assert "ERROR 1 of 9 snapshots/data/broken-scenario.yaml:2:1:" in text
        assert "missing the required key 'failure_points'" in text
        assert app.is_running


def _hold_the_search_box(monkeypatch: pytest.MonkeyPatch) -> list[LibraryBrowser]:
    """The search box mounted but its Ready held back until the test lets it go: the early frame, made as long
    as a loaded machine (or a browser session whose keys arrive at once) makes it."""
    held: list[LibraryBrowser] = []
    monkeypatch.setattr(LibraryBrowser, "on_mount", lambda self: held.append(self))
    return held


@pilot_test
async def test_keys_before_the_search_box_is_mounted_do_no_harm(monkeypatch: pytest.MonkeyPatch) -> None:
    """A search begun and then left with Escape before the box is there leaves the library as it was."""
    held = _hold_the_search_box(monkeypatch)
    app = build_app(MINI)
    async with app.run_test(size=(120, 40)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.action_search()
        home.action_clear_search()
        await pilot.press("slash", "x", "escape")
        held[0].post_message(LibraryBrowser.Ready())
        await ready(pilot)
        assert app.is_running and app.screen is home
        assert home.focused is home.query_one("#cases", DataTable)
        assert home.query_one("#search", Input).value == ""
        assert _rows(app) == 1
        assert "Choose a case: 1 in the library" in screen_text(app)


@pilot_test
async def test_a_search_typed_before_the_box_is_there_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """"/", the words and Enter typed in the first frame land in the box when it comes; a second Enter opens the
    case the search found, not the one first in the list."""
    held = _hold_the_search_box(monkeypatch)
    app = build_app(MINI, HOSTILE)
    async with app.run_test(size=(120, 40)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("slash", *"leo!", "backspace", "enter")
        assert isinstance(app.screen, HomeScreen), "Enter opened a case before the search was applied"
        held[0].post_message(LibraryBrowser.Ready())
        await ready(pilot)
        assert home.query_one("#search", Input).value == "leo"
        assert _rows(app) == 1 and "Choose a case: 1 of 2 shown" in screen_text(app)
        assert home.focused is home.query_one("#cases", DataTable)  # Enter ended the search, as in the box

    held.clear()
    app = build_app(MINI, HOSTILE)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"school", "enter", "enter")
        assert isinstance(app.screen, HomeScreen)
        held[0].post_message(LibraryBrowser.Ready())
        for _ in range(20):  # the message that opens the case: a loaded machine takes a few rounds
            await pilot.pause()
            if isinstance(app.screen, CaseScreen):
                break
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.session.scenario.id == "mini-test-case"


@pytest.mark.parametrize("indexed", [True, False], ids=["indexed", "first-launch"])
@pytest.mark.parametrize("enter", [("enter", "\r"), ("ctrl+j", "\n")], ids=["enter", "enter-before-raw-mode"])
@pilot_test
async def test_a_search_sent_at_once_in_the_first_frame_opens_what_it_finds(
        enter: tuple[str, str], indexed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"/", the words and two Enters arriving together, before the box is there (a browser session's keys, or a
    paste): the keys are taken in the order typed, although "/" and Enter are priority keys that Textual would
    otherwise run ahead of the letters still on their way ("h" of the words once opened the history). Typed at
    launch, before the app has the terminal in raw mode, Enter comes as a line feed (ctrl+j): the same. And
    the same at a first launch, when the first frame lists nothing while the files are read: the second Enter
    was once spent on that empty list."""
    from simulator.application.library import open_library

    monkeypatch.setenv("CASE_REVIEW_CACHE", str(tmp_path / "cache"))
    if indexed:
        open_library([MINI, HOSTILE], bundled=False)
    app = build_app(MINI, HOSTILE)
    async with app.run_test(size=(120, 40)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert not home.query("#search"), "the search box is already mounted: this test no longer tests the early frame"
        driver = app._driver
        assert driver is not None
        for key, character in [("slash", "/"), *((c, c) for c in "leo h"), ("backspace", None),
                               ("backspace", None), enter, enter]:
            driver.send_message(events.Key(key, character))
        for _ in range(40):  # the keys, the box, then the message that opens the case
            await pilot.pause()
            if isinstance(app.screen, CaseScreen):
                break
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.session.scenario.id == "mini-test-case"


@pilot_test
async def test_with_the_index_up_to_date_the_titles_are_in_the_first_frame(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Listed from the index before the home screen is built, not loaded in a thread after it."""
    from simulator.application import library

    monkeypatch.setenv("CASE_REVIEW_CACHE", str(tmp_path / "cache"))
    folder = _trainer_folder(tmp_path)
    loads: list[object] = []
    real = library.open_library

    def open_library(*args: Any, **kwargs: Any) -> library.Library:
        loads.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(library, "open_library", open_library)
    async with build_app(folder).run_test(size=(120, 40)) as pilot:  # the first launch makes the index
        await ready(pilot)
    assert len(loads) == 1, "the first launch did not load the library: this test no longer tests the index"
    app = build_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        assert _rows(app) == 1 and app.library is not None
        await ready(pilot)
        assert "Test case — a school's concern about Leo" in screen_text(app)
    assert len(loads) == 1  # the second launch listed it from the index, before its first frame


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
        for _ in range(20):  # the keys, then the message that opens the case: a loaded machine takes a few rounds
            await pilot.pause()
            if isinstance(app.screen, CaseScreen):
                break
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


def _trainer_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "trainer"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


async def _launch_text(folder: Path) -> str:
    app = build_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        return screen_text(app)


@pilot_test
async def test_the_next_launch_shows_a_new_changed_or_broken_trainer_file(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Each launch lists the library from its index (in the test's own cache folder); what a trainer did to
    the files in between shows all the same."""
    monkeypatch.setenv("CASE_REVIEW_CACHE", str(tmp_path / "cache"))
    folder = _trainer_folder(tmp_path)
    mini = folder / "mini.yaml"
    original = mini.read_text(encoding="utf-8")
    assert "Test case — a school's concern about Leo" in await _launch_text(folder)

    mini.write_text(original.replace("Test case — a school's concern about Leo", "Leo's school rings again", 1),
                    encoding="utf-8")
    (folder / "second.yaml").write_text(original.replace("id: mini-test-case", "id: second-case", 1).replace(
        "Test case — a school's concern about Leo", "A second case for the trainees", 1), encoding="utf-8")
    text = await _launch_text(folder)
    assert "Choose a case: 2 in the library" in text
    assert "Leo's school rings again" in text and "A second case for the trainees" in text
    assert "concern about Leo" not in text

    mini.write_text(original.replace("minutes:", "minutse:", 1), encoding="utf-8")
    text = await _launch_text(folder)
    assert "Choose a case: 1 in the library" in text and "Leo's school rings again" not in text
    assert "1 file could not be loaded" in text and "minutse" in text
    # A file outside where the trainer is: its last two parts, so that the problem itself fits the line.
    assert "ERROR …/trainer/mini.yaml:" in text


@pilot_test
async def test_a_case_whose_file_broke_after_listing_is_not_opened_and_the_list_is_read_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASE_REVIEW_CACHE", str(tmp_path / "cache"))
    folder = _trainer_folder(tmp_path)
    app = build_app(folder)
    told = record_notices(monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        home = app.screen
        assert app.library is not None
        (entry,) = app.library.entries
        app.library = type(app.library)(entries=[entry])  # listed, not yet parsed (as when read ahead is slow)
        mini = folder / "mini.yaml"
        mini.write_text(mini.read_text(encoding="utf-8").replace("minutes:", "minutse:", 1), encoding="utf-8")
        await pilot.press("enter")
        await ready(pilot)
        await pilot.pause()
        assert app.screen is home and not isinstance(app.screen, CaseScreen)
        assert any("could not be opened" in n for n in told)
        text = screen_text(app)
        assert "1 file could not be loaded" in text and "Choose a case: 0 in the library" in text


@pilot_test
async def test_a_long_library_is_listed_whole_a_screenful_at_first_and_the_rest_after() -> None:
    import attrs

    from simulator.application.library import Library
    from simulator.ui.widgets.case_table import FIRST_ROWS, MORE_ROWS, CaseTable

    app = build_app(MINI)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.library is not None
        entry = app.library.entries[0]
        many = [attrs.evolve(entry, path=f"{entry.path}#{n}", id=f"case-{n}", title=f"Case number {n}")
                for n in range(FIRST_ROWS + 4 * MORE_ROWS + 7)]
        app.library = Library(entries=many)
        table = app.screen.query_one("#cases", CaseTable)

        async def listed() -> int:
            for _ in range(40):
                if not table.pending:
                    break
                await pilot.pause()
            assert not table.pending
            return table.row_count

        assert await listed() == len(many)
        assert [table.get_row_at(r)[1].plain for r in (0, len(many) - 1)] == ["Case number 0",
                                                                             f"Case number {len(many) - 1}"]
        from simulator.application.library_rows import CaseSummary, library_rows
        from simulator.ui.screens.home import ALL, _matches

        await pilot.press("slash", "1", "enter")  # a search shows its matches whole, too
        rows = library_rows([CaseSummary.of(e) for e in many], {})
        assert await listed() == sum(_matches(r, ["1"], ALL, ALL) for r in rows) > FIRST_ROWS


@pilot_test
async def test_the_rest_of_a_long_library_waits_while_a_case_is_open() -> None:
    """Adding the rows past the first screenful, beneath a case opened meanwhile, held back the case screen (with
    500 trainer files, Enter took 185–198 ms rather than 142–151 on a slow machine): they stop while another screen is on top, and the
    library is whole again once the trainee is back."""
    import attrs

    from simulator.application.library import Library
    from simulator.ui.widgets.case_table import FIRST_ROWS, MORE_ROWS, CaseTable

    app = build_app(MINI)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: app.warmed_up, "the warm-up")
        assert app.library is not None
        entry = app.library.entries[0]  # the case Enter opens: its file is there
        many = [entry, *(attrs.evolve(entry, path=f"{entry.path}#{n}", id=f"case-{n}", title=f"Case number {n}")
                         for n in range(FIRST_ROWS + 4 * MORE_ROWS))]
        app.library = Library(entries=many)
        table = app.screen.query_one("#cases", CaseTable)
        await pilot.press("enter")
        assert isinstance(app.screen, CaseScreen)
        added = table.row_count
        for _ in range(10):
            await pilot.pause()
        assert table.pending and table.row_count == added < len(many)
        await pilot.press("escape", "y")
        assert isinstance(app.screen, HomeScreen)
        await until(pilot, lambda: not table.pending, "the rest of the rows")
        assert table.row_count == len(many)


def _many_rows(count: int) -> list[Any]:
    """``count`` rows of the library's table, each a case of its own."""
    import attrs

    from simulator.application.library_index import Entry
    from simulator.application.library_rows import CaseSummary, library_rows
    from simulator.scenarios.loader import load_file

    loaded = load_file(MINI, deep=False)
    assert not isinstance(loaded, list)
    summary = CaseSummary.of(Entry.of(loaded))
    return library_rows([attrs.evolve(summary, path=f"{summary.path}#{n}", id=f"case-{n}") for n in range(count)],
                        {})


@pilot_test
async def test_a_long_table_shows_a_screenful_until_told_to_go_on() -> None:
    """The app tells the library's table to go on once opening a case is ready: until then the hundreds of
    rows past the first screenful would take the time that getting ready needs."""
    from textual.app import App, ComposeResult

    from simulator.ui.widgets.case_table import FIRST_ROWS, CaseTable

    class Table(App[None]):
        def compose(self) -> ComposeResult:
            yield CaseTable(id="cases", cursor_type="row")

    rows = _many_rows(FIRST_ROWS + 120)
    app = Table()
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(CaseTable)
        table.show(rows, 0)
        for _ in range(10):
            await pilot.pause()
        assert table.row_count == FIRST_ROWS and table.pending
        table.go_on()
        await until(pilot, lambda: not table.pending, "the rest of the rows")
        assert table.row_count == len(rows)


@pilot_test
async def test_new_files_are_read_while_the_cases_the_index_has_are_listed_and_can_be_opened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder of new files (or every file, after an upgrade) once listed nothing until all were parsed: 17 s
    for 2,000. Now the cases the index has are in the first frame, the heading says how far the reading of the
    others has got, and they are listed when it is done."""
    import threading

    from simulator.application import library

    monkeypatch.setenv("CASE_REVIEW_CACHE", str(tmp_path / "cache"))
    folder = _trainer_folder(tmp_path)
    assert "Choose a case: 1 in the library" in await _launch_text(folder)  # the index now has mini.yaml
    (folder / "second.yaml").write_text(MINI.read_text(encoding="utf-8").replace(
        "id: mini-test-case", "id: second-case", 1).replace(
        "Test case — a school's concern about Leo", "A second case for the trainees", 1), encoding="utf-8")
    gate = threading.Event()
    real = library.open_library

    def held_open(*args: Any, progress: Any = None, **kwargs: Any) -> library.Library:
        if progress is not None:
            progress(1)
        gate.wait(10)  # until the test has seen the heading
        return real(*args, progress=progress, **kwargs)

    monkeypatch.setattr(library, "open_library", held_open)
    app = build_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.library is not None and app.library.pending == 1 and _rows(app) == 1
        await until_shown(pilot, "1 in the library · 1 of 1 new or changed file read",
                          "the heading saying how far the reading had got")
        gate.set()
        await ready(pilot)
        text = screen_text(app)
        assert "Choose a case: 2 in the library" in text and "new or changed" not in text
        assert "A second case for the trainees" in text


@pilot_test
async def test_many_new_files_are_read_by_worker_processes_while_the_app_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many new files are shared among worker processes, started from the app's loading thread. Textual holds
    stderr while it runs, and the first try at this crashed the app starting them: they are listed instead."""
    from multiprocessing import resource_tracker

    from simulator.application import library_index
    from tests.pools import count_pools

    monkeypatch.setenv("CASE_REVIEW_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(library_index, "POOL_FROM", 2)
    started = count_pools(monkeypatch, cores=2)
    # A tracker of this test's own, not started yet, as in a fresh app (another test may have started one).
    tracker = resource_tracker.ResourceTracker()
    for name in ("ensure_running", "register", "unregister", "getfd"):
        monkeypatch.setattr(resource_tracker, name, getattr(tracker, name))
    folder = _trainer_folder(tmp_path)
    text = MINI.read_text(encoding="utf-8")
    for n in range(3):
        (folder / f"case-{n}.yaml").write_text(text.replace("id: mini-test-case", f"id: case-{n}", 1).replace(
            "Test case — a school's concern about Leo", f"Case number {n}", 1), encoding="utf-8")
    app = build_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert started == [2]
        screen = screen_text(app)
        assert "Choose a case: 4 in the library" in screen and "Case number 2" in screen


@pilot_test
async def test_closing_the_app_stops_the_reading_of_new_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Python waits for the loading thread before it exits: closing the app while 2,000 new files were read
    took 4 to 12 s. The reading now stops at the next file."""
    import threading

    from simulator.application import library

    monkeypatch.setenv("CASE_REVIEW_CACHE", str(tmp_path / "cache"))
    folder = _trainer_folder(tmp_path)
    gate, finished = threading.Event(), threading.Event()
    stopped: list[BaseException] = []

    def reading(*args: Any, progress: Any = None, **kwargs: Any) -> library.Library:
        try:
            progress(1)
            gate.wait(10)  # until the app has closed
            progress(2)
        except Exception as err:  # the app's own signal to stop
            stopped.append(err)
            raise
        finally:
            finished.set()
        raise AssertionError("the reading went on after the app closed")

    monkeypatch.setattr(library, "open_library", reading)
    app = build_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_shown(pilot, "reading the library", "the library being read")
    gate.set()
    assert finished.wait(10)
    assert [type(e).__name__ for e in stopped] == ["_Closing"]


@pilot_test
async def test_escape_drops_a_search_typed_at_launch_while_the_library_is_still_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A search typed at a first launch waits for every file to be read before it opens what it finds; Escape
    meanwhile drops it for good: it does not come back into the box, or open a case, when the files are read."""
    import threading

    from simulator.application import library

    monkeypatch.setenv("CASE_REVIEW_CACHE", str(tmp_path / "cache"))
    gate = threading.Event()
    real = library.open_library

    def held_open(*args: Any, **kwargs: Any) -> library.Library:
        gate.wait(10)  # until the test has typed
        return real(*args, **kwargs)

    monkeypatch.setattr(library, "open_library", held_open)
    app = build_app(MINI, HOSTILE)
    async with app.run_test(size=(120, 40)) as pilot:
        driver = app._driver
        assert driver is not None and app.library is not None and app.library.pending
        for key, character in [("slash", "/"), *((c, c) for c in "leo"), ("enter", "\r"), ("enter", "\r")]:
            driver.send_message(events.Key(key, character))
        for _ in range(40):
            await pilot.pause()
            if app.screen.query("#search"):
                break
        await pilot.press("escape")
        gate.set()
        await ready(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#search", Input).value == ""
        assert "Choose a case: 2 in the library" in screen_text(app)


@pilot_test
async def test_links_that_lead_to_no_scenario_file_are_listed_with_the_files_that_could_not_be_loaded(
        tmp_path: Path) -> None:
    """A link to a file moved away, and one that leads back to itself (where resolving the path to show it
    raised, and the app stopped at launch)."""
    import shutil

    shutil.copy(MINI, tmp_path / "mini.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "old-case.yaml").symlink_to(tmp_path / "moved-away.yaml")
    app = build_app(tmp_path)
    async with app.run_test(size=(240, 40)) as pilot:  # wide: the paths are long
        await ready(pilot)
        text = " ".join(screen_text(app).split())
        assert "2 files could not be loaded" in text
        assert "loop.yaml:1:1: a link that leads back to itself" in text
        assert "old-case.yaml:1:1: a link to a file that is not there" in text


def _three_broken(folder: Path) -> None:
    """Three files a trainer broke three ways, beside a case that loads: a misspelt key, a key where none
    belongs, and a tab."""
    text = MINI.read_text(encoding="utf-8")
    broken = {
        "one.yaml": text.replace("title:", "titel:", 1),
        "two.yaml": text.replace("minutes:", "minutse:", 1),
        "three.yaml": text.replace("\n  referral:", "\n\treferral:", 1),
    }
    for name, written in broken.items():
        assert written != text
        (folder / name).write_text(written.replace("id: mini-test-case", f"id: {name[:-5]}", 1), encoding="utf-8")


@pilot_test
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_broken_file_shows_under_the_library_and_enter_shows_all_of_one_files_problems(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]) -> None:
    monkeypatch.setenv("CASE_REVIEW_CACHE", str(tmp_path / "cache"))
    folder = _trainer_folder(tmp_path)
    _three_broken(folder)
    (folder / "two.yaml").write_text((folder / "two.yaml").read_text(encoding="utf-8").replace(
        "difficulty:", "dificulty:", 1), encoding="utf-8")
    monkeypatch.chdir(folder)
    app = build_app(folder)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        text = screen_text(app)
        for where in ("one.yaml:", "three.yaml:", "two.yaml:"):
            assert where in text, f"{where} is not on the screen"
        assert "ERROR 1 of 2 two.yaml:" in text
        assert "3 files could not be loaded · p: to the list · Enter: all of a file's problems" in text
        assert "▶" not in text.split("could not be loaded")[1]  # the keys are with the cases, not the list
        await pilot.press("p")
        files = app.screen.query_one("#broken-files")
        assert app.screen.focused is files
        assert "▶ ERROR one.yaml:" in screen_text(app)  # where the focus is shows, without colour too
        await pilot.press("down", "down", "enter")
        await until_shown(pilot, "2 problems (line:column) in two.yaml", "the dialog of two.yaml's problems")
        text = screen_text(app)
        assert "unknown key 'dificulty' in the file" in text and "unknown key 'minutse' in the file" in text
        assert "hint: did you mean 'difficulty'?" in text
        assert "`case-review validate two.yaml` lists them too." in text
        await pilot.press("escape")
        await until_shown(pilot, "3 files could not be loaded", "the library again")
        assert app.screen.focused is files
        await pilot.press("escape")
        assert app.screen.focused is app.screen.query_one("#cases", DataTable)
