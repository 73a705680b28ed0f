"""The history screen (h in the library): the sessions and their grades, each
criterion's progress as a chart with a table of the same numbers, calibration
of self-assessment, and exporting a session to a file. Every number is
checked against the store, read independently here."""

from __future__ import annotations

import json
from pathlib import Path

from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input, Static

from simulator.domain.catalogue import CRITERION_IDS, Grade
from simulator.domain.engine import replay
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.grades import score_text
from simulator.domain.strategies import random_play
from simulator.ui.grade_words import SHORT_GRADES
from simulator.ui.history_words import STATUS_WORDS
from simulator.ui.screens.confirm import ConfirmScreen
from simulator.ui.screens.export import ExportScreen
from simulator.ui.screens.history import HistoryScreen
from simulator.ui.widgets.progress_chart import ProgressChart
from simulator.ui.widgets.reading_table import ReadingTable
from tests.app.fixtures import TRAINEE
from tests.app.helpers import MINI, build_app, pilot_test, screen_text
from tests.app.history_helpers import FixedClock, at_library, mini, notified, opened, seed, settle, until

SIZE = (110, 40)


def _cells(table: DataTable[object] | ReadingTable, row: int) -> list[str]:
    """A row's cells as text, less the pointer's column where the table has one."""
    cells = [str(getattr(c, "plain", c)) for c in table.get_row_at(row)]
    return cells[1:] if isinstance(table, DataTable) and "pointer" in table.columns else cells


def _cell(table: DataTable[object], row: int, column: str) -> str:
    cell = table.get_cell_at(Coordinate(row, table.get_column_index(column)))
    return str(getattr(cell, "plain", cell))


async def _open_history(pilot: object) -> HistoryScreen:
    app = pilot.app  # type: ignore[attr-defined]
    await at_library(pilot)  # type: ignore[arg-type]
    await pilot.press("h")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.loaded,  # type: ignore[arg-type]
                "the history screen to fill its tables")
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


async def _tab(pilot: object, key: str) -> None:
    """Open the progress (p) or calibration (c) tab; they are read from the store the first time."""
    app = pilot.app  # type: ignore[attr-defined]
    await pilot.press(key)  # type: ignore[attr-defined]
    await until(pilot, lambda: app.screen.charts_loaded, "the progress and calibration tabs")  # type: ignore[arg-type]


@pilot_test
async def test_history_numbers_match_the_store(private_history: Path) -> None:
    seed(private_history)
    with opened(private_history) as store:
        profile = store.get_profile(TRAINEE)
        assert profile is not None
        records = store.sessions(profile)
        progress = store.progress(profile)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_history(pilot)
        assert "History: Test Trainee · 7 sessions: 5 finished, 1 unfinished, 1 abandoned" in screen_text(app)

        sessions = screen.query_one("#sessions", DataTable)
        assert sessions.row_count == len(records) == 7
        for row, record in enumerate(reversed(records)):  # newest first
            assert _cell(sessions, row, "id") == str(record.id)
            assert _cell(sessions, row, "status") == STATUS_WORDS[record.status]
            assert _cell(sessions, row, "overall") == (SHORT_GRADES[record.overall] if record.overall else "—")
            assert _cell(sessions, row, "steps") == str(record.event_count)
            assert _cell(sessions, row, "case") == record.scenario_title

        await _tab(pilot, "p")
        criteria = screen.query_one("#criteria", DataTable)
        assessed = [c for c in CRITERION_IDS if len(progress[c])]
        assert criteria.row_count == len(assessed)
        for row, cid in enumerate(assessed):
            scores = progress[cid].scores
            cells = _cells(criteria, row)
            assert cells[1:5] == [str(len(scores)), score_text(scores[0]), score_text(scores[-1]),
                                  score_text(sum(scores) / len(scores))], cid
            assert cells[6] == SHORT_GRADES[progress[cid].grades[-1]]
        # The chart and the table beside it: the first criterion's scores, session by session.
        first = progress[assessed[0]]
        chart = screen.query_one("#progress-chart", ProgressChart)
        assert [b.value for b in chart.bars] == list(first.scores)
        numbers = screen.query_one("#progress-numbers", ReadingTable)
        assert [_cells(numbers, r)[3] for r in range(numbers.row_count)] == [score_text(s) for s in first.scores]
        assert [_cells(numbers, r)[1] for r in range(numbers.row_count)] == [f"#{i}" for i in first.session_ids]
        # Another criterion, chosen in the table, redraws both.
        await pilot.press("down")
        second = progress[assessed[1]]
        assert [b.value for b in chart.bars] == list(second.scores)
        assert [_cells(numbers, r)[3] for r in range(numbers.row_count)] == [score_text(s) for s in second.scores]

        await _tab(pilot, "c")
        calibration = screen.query_one("#calibration-numbers", ReadingTable)
        assessed_sessions = [r for r in records if r.self_assessment]
        assert calibration.row_count == len(assessed_sessions) == 2
        for row, record in enumerate(assessed_sessions):
            scored = {cid: column.grades[column.session_ids.index(record.id)] for cid, column in progress.items()
                      if record.id in column.session_ids}
            pairs = [(own, scored[c]) for c, own in record.self_assessment.items() if c in scored]
            same = sum(own == theirs for own, theirs in pairs)
            cells = _cells(calibration, row)
            assert cells[1] == f"#{record.id}" and cells[2] == f"{same / len(pairs):.2f}"
            assert cells[3:5] == [str(len(pairs)), str(same)]
        cal_chart = screen.query_one("#calibration-chart", ProgressChart)
        assert [f"{b.value:.2f}" for b in cal_chart.bars] == [_cells(calibration, r)[2] for r in range(2)]


@pilot_test
async def test_many_sessions_are_grouped_into_bars_that_the_table_explains(private_history: Path) -> None:
    loaded = mini()
    with opened(private_history, FixedClock()) as store:
        profile = store.ensure_profile(TRAINEE)
        for seed_ in range(40):
            events = random_play(loaded.scenario, seed_)
            sid = store.start_session(profile, loaded)
            for event in events:
                store.append_event(sid, event)
            store.finish_session(sid, score(replay(loaded.scenario, events)))
        column = store.progress(profile, ["front-door"])["front-door"]
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_history(pilot)
        await _tab(pilot, "p")
        chart = screen.query_one("#progress-chart", ProgressChart)
        numbers = screen.query_one("#progress-numbers", ReadingTable)
        assert len(chart.bars) == numbers.row_count == 12
        assert sum(b.sessions for b in chart.bars) == len(column) == 40
        assert "40 sessions in 12 bars, each their mean" in screen_text(app)
        start = 0
        for row, bar in enumerate(chart.bars):
            run = column.scores[start:start + bar.sessions]
            assert _cells(numbers, row)[3] == score_text(sum(run) / len(run))
            assert _cells(numbers, row)[1] == f"{bar.sessions}: #{column.session_ids[start]}–" \
                                              f"#{column.session_ids[start + bar.sessions - 1]}"
            start += bar.sessions


@pilot_test
async def test_export_writes_the_chosen_format_and_says_where(tmp_path: Path, private_history: Path) -> None:
    seed(private_history)
    exports = tmp_path / "exports"
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_history(pilot)
        assert app.history is not None
        app.history.export_dir = exports
        await pilot.press("down", "down")  # newest first: the unfinished, the abandoned, then session 5
        record = screen.highlighted_session()
        assert record is not None and record.id == 5 and record.overall is not None
        await pilot.press("x")
        assert isinstance(app.screen, ExportScreen)
        expected = exports / "session-5-mini-test-case.html"
        assert app.screen.query_one("#export-path", Input).value == str(expected)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        page = expected.read_text(encoding="utf-8")
        assert page.lstrip().lower().startswith("<!doctype html") and "a school&#x27;s concern" in page
        assert SHORT_GRADES[record.overall].split()[0] in page or record.overall.label in page
        assert notified(app, f"exported to {expected}")
        assert str(expected) in str(screen.query_one("#export-status", Static).render())

        # Another format: choosing it moves the suggested file name with it.
        await pilot.press("x", "down", "down", "enter")
        path = app.screen.query_one("#export-path", Input).value
        assert path == str(exports / "session-5-mini-test-case.json")
        await pilot.press("ctrl+s")
        await settle(pilot)
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        assert data["scenario"] == "mini-test-case" and data["session"]["id"] == 5
        with opened(private_history) as store:
            assert len(data["events"]) == len(store.events(5))


@pilot_test
async def test_export_never_writes_beside_the_scenarios(private_history: Path) -> None:
    seed(private_history)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_history(pilot)
        await pilot.press("x")
        target = MINI.parent / "exported.html"
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notified(app, "Exports never go beside scenario files")
        assert not target.exists()


@pilot_test
async def test_an_empty_history_says_so() -> None:
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_history(pilot)
        text = screen_text(app)
        assert "0 sessions" in text and "No sessions yet" in text
        await pilot.press("x")
        assert notified(app, "no session to export")
        await _tab(pilot, "p")
        assert "No finished sessions yet" in screen_text(app)
        await _tab(pilot, "c")
        assert "No self-assessed sessions yet" in screen_text(app)


def test_grades_are_worst_first_so_key_one_is_inadequate() -> None:
    from simulator.ui.screens.self_assessment import SCALE

    assert SCALE[0] is Grade.INADEQUATE and SCALE[3] is Grade.OUTSTANDING


@pilot_test
async def test_export_over_an_existing_file_asks_first(tmp_path: Path, private_history: Path) -> None:
    seed(private_history)
    target = tmp_path / "mine.md"
    target.write_text("my own notes\n", encoding="utf-8")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_history(pilot)
        await pilot.press("x")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and "Replace the file?" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert target.read_text(encoding="utf-8") == "my own notes\n"
        await pilot.press("x")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert target.read_text(encoding="utf-8") != "my own notes\n"
        assert notified(app, f"exported to {target}")


@pilot_test
async def test_a_long_history_opens_on_its_newest_page_and_reads_older_pages_as_the_cursor_goes_down(
        private_history: Path) -> None:
    from simulator.ui.screens.history import PAGE_ROWS

    loaded = mini()
    with opened(private_history, FixedClock()) as store:
        profile = store.ensure_profile(TRAINEE)
        ids = [store.start_session(profile, loaded) for _ in range(PAGE_ROWS + 30)]
        for sid in ids[:3]:
            store.abandon_session(sid)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_history(pilot)
        sessions = screen.query_one("#sessions", DataTable)
        assert sessions.row_count == PAGE_ROWS
        text = screen_text(app)
        assert f"{PAGE_ROWS + 30} sessions: 0 finished, {PAGE_ROWS + 27} unfinished, 3 abandoned" in text
        assert f"The newest {PAGE_ROWS} of {PAGE_ROWS + 30} sessions are listed" in text
        assert _cells(sessions, 0)[1] == str(ids[-1])  # newest first
        await pilot.press("ctrl+end")  # the cursor at the end of the list: the next page is read
        await pilot.press("ctrl+end")
        assert sessions.row_count == PAGE_ROWS + 30
        assert [_cells(sessions, r)[1] for r in range(sessions.row_count)] == [str(i) for i in reversed(ids)]
        assert "are listed" not in screen_text(app)
        record = screen.highlighted_session()
        assert record is not None and record.id == ids[0]  # the oldest, from the page read last


@pilot_test
async def test_keys_on_an_empty_progress_table_do_no_harm(private_history: Path) -> None:
    """A trainee with nothing finished has no criteria in the progress tab: Up there moved the table's cursor
    to row -1, Textual told the screen a row with no key was highlighted, and the app stopped (found by random
    keys: python -m tests.app.fuzz_keys)."""
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_history(pilot)
        await _tab(pilot, "p")
        criteria = screen.query_one("#criteria", DataTable)
        assert criteria.row_count == 0
        criteria.focus()
        await pilot.press("up", "down", "up")
        await pilot.pause()
        assert app.return_code is None and app.screen is screen


@pilot_test
async def test_the_footer_fits_80_columns_with_the_keys_that_matter(private_history: Path) -> None:
    """It ran past the edge: "... v Compare c Cal▏^p palettec", the library and help cut off, and a stray letter
    after the palette's key. Re-branch, mark and compare are told on the line above it."""
    seed(private_history)
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_history(pilot)
        for tab in ("s", "p", "c"):
            if tab != "s":
                await _tab(pilot, tab)
            *_, keys_line, footer = screen_text(app).rstrip("\n").splitlines()
            assert footer.rstrip().endswith("^p palette"), footer
            for shown in ("x Export", "w Reflect", "s p c Go to", "esc Library", "f1 Help"):
                assert shown in footer, (shown, footer)
            if tab == "s":
                assert "compare the two" in keys_line and "b: re-branch it" in screen_text(app)
