"""History and progress (h in the library): the trainee's sessions with their
grades; each criterion's scores over time as a bar chart with a table of the
same numbers beside it; how their own grades matched the debrief's in
self-assessment sessions; and exporting a session to a file.

Every number is read from the store (the grades the debrief gave when each
session finished) and arranged by ``simulator.reports.progress``; nothing
is scored here. The screen opens on the newest sessions and the counts of
all, which cost the same however long the history; progress and calibration
are read when their tab is first opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import attrs
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual.widgets.data_table import RowKey

from simulator.application.export import ExportError, TargetExists
from simulator.application.history import History, Overview, Standing
from simulator.application.library import EMPTY, Library
from simulator.domain.catalogue import CRITERION_IDS
from simulator.domain.scoring.grades import grade_for, score_text
from simulator.reports.progress import (
    Bar,
    CalibrationBar,
    CriterionSummary,
    calibration_against,
    calibration_bars,
    trend_bars,
    trend_summary,
)
from simulator.store.errors import StoreError
from simulator.store.records import SessionRecord, SessionStatus
from simulator.ui import safe
from simulator.ui.debrief_text import criterion_title
from simulator.ui.grade_words import SHORT_GRADES
from simulator.ui.history_words import local_time
from simulator.ui.screens.base import AppScreen, quitting
from simulator.ui.widgets.footer import GO_TO
from simulator.ui.widgets.history_tables import CriteriaTable, SessionTable
from simulator.ui.widgets.progress_chart import ProgressChart
from simulator.ui.widgets.reading_table import ReadingTable

MOST_BARS = 12  # chart and table side by side in 100 columns
# The sessions listed at a time: a table measures every cell it holds (500 rows cost a fifth of a second), so
# the screen opens on the newest page and reads the next when the cursor comes near the end of the list.
# Counts, progress and calibration cover every session.
PAGE_ROWS = 100
MORE_WITHIN = 10  # rows from the end of the list at which the next page is read


@attrs.frozen
class Charts:
    """What the progress and calibration tabs show, prepared off the UI thread."""

    summaries: tuple[CriterionSummary, ...]  # criteria with at least one score, catalogue order
    bars: dict[str, list[Bar]]
    calibration: list[CalibrationBar]


def prepare(standing: Standing) -> Charts:
    trends = [standing.trends[c] for c in CRITERION_IDS if c in standing.trends]
    return Charts(
        summaries=tuple(trend_summary(t) for t in trends),
        bars={t.criterion: trend_bars(t) for t in trends},
        calibration=calibration_bars(calibration_against(standing.self_assessed, standing.graded), MOST_BARS),
    )


def _bar_sessions(bar: Bar) -> str:
    return f"#{bar.first_session}" if bar.single else f"{bar.sessions}: #{bar.first_session}–#{bar.last_session}"


def _bar_date(bar: Bar) -> str:
    """The day the bar's last session finished: narrow enough to keep the grade column in view."""
    return local_time(bar.last_at)[:10]


def _cell(text: str, style: str = "") -> Text:
    return Text(text, style=style, end="", no_wrap=True)


SESSION_KEYS = "b: re-branch it · m, then v on another: compare the two"


class HistoryScreen(AppScreen):
    # At 80 columns the footer holds export, reflect, the tabs as one "Go to", the library and help. Re-branch,
    # mark and compare are told on the line above it in the sessions tab (SESSION_KEYS), the only tab they act
    # in, and are in the palette and in help; named in the footer too, it ran past the edge (and Textual drew a
    # stray letter after the palette's key).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "export", "Export",
                tooltip="Export the highlighted session to a file (md, html, json, xapi, cpd)", id="history.export"),
        Binding("w", "reflect", "Reflect", tooltip="Write (or change) your reflection on the highlighted finished "
                "session", id="history.reflect"),
        Binding("s", "show_tab('sessions-tab')", "Sessions", tooltip="Your sessions and their grades",
                id="history.sessions", group=GO_TO),
        Binding("p", "show_tab('progress-tab')", "Progress", tooltip="Each criterion's scores over time",
                id="history.progress", group=GO_TO),
        Binding("c", "show_tab('calibration-tab')", "Calibration",
                tooltip="Your own grades against the debrief's, in self-assessment sessions", id="history.calibration",
                group=GO_TO),
        Binding("b", "rebranch", "Re-branch", show=False, tooltip="Go back to a decision in the highlighted session "
                "and choose differently", id="history.rebranch"),
        Binding("m", "mark", "Mark", show=False, tooltip="Mark the highlighted session, to compare another with it",
                id="history.mark"),
        Binding("v", "compare", "Compare", show=False, tooltip="The highlighted session beside the marked one, or "
                "beside the session it was re-branched from", id="history.compare"),
        Binding("escape,l", "library", "Library", tooltip="Back to the case library", id="history.library"),
    ]
    AUTO_FOCUS = "#sessions"

    class Loaded(Message):
        """The sessions table is filled."""

    class ChartsLoaded(Message):
        """The progress and calibration tabs are filled."""

    class ReflectRequested(Message):
        """Write the reflection on this finished session."""

        def __init__(self, record: SessionRecord) -> None:
            super().__init__()
            self.record = record

    class Rebranch(Message):
        """Re-branch a stored session."""

        def __init__(self, record: SessionRecord) -> None:
            super().__init__()
            self.record = record

    class Compare(Message):
        """Two stored sessions side by side: ``first`` (A) and ``second`` (B)."""

        def __init__(self, first: SessionRecord, second: SessionRecord) -> None:
            super().__init__()
            self.first = first
            self.second = second

    def __init__(self, history: History | None, trainee: str, library: Library | None = None,
                 scenario_folders: Sequence[Path] = (), *, downloads: bool = False) -> None:
        """``library``: the versions of the cases an export may be scored against when the one played was
        not kept. ``scenario_folders``: where scenarios are read from, which exports never go into.
        ``downloads``: the app is served, so an export goes to the browser as a download and never to a file
        on the server."""
        super().__init__(classes="history")
        self.downloads = downloads
        self.history = history
        self.trainee = trainee
        self.library = library
        self.scenario_folders = tuple(scenario_folders)
        self.overview: Overview | None = None
        self.charts: Charts | None = None
        self.loaded = False
        self.charts_loaded = False
        self._charts_asked = False
        self._row_ids: list[int] = []  # session ids in the order of the table's rows
        self._sessions: list[SessionRecord] = []  # the sessions listed, newest first
        self.marked: SessionRecord | None = None  # the session to compare another with

    def compose_body(self) -> ComposeResult:
        yield Static("Reading your history…", id="history-heading", classes="heading")
        with TabbedContent(id="history-tabs", initial="sessions-tab"):
            with TabPane("Sessions", id="sessions-tab"), Vertical():
                yield SessionTable(id="sessions", cursor_type="row", zebra_stripes=True)
                yield Static(self._session_keys(), id="export-status", classes="dim")
            # Built when first opened (_want_charts): the screen opens on the sessions alone.
            yield TabPane("Progress", id="progress-tab")
            yield TabPane("Calibration", id="calibration-tab")

    def _progress_pane(self) -> Widget:
        criteria = CriteriaTable(id="criteria", cursor_type="row", zebra_stripes=True)
        numbers = ReadingTable(id="progress-numbers")
        numbers.add_columns("Bar", "Sessions", "Last on", "Score", "Grade")
        return Vertical(criteria, Static(id="progress-title", classes="section-title"),
                        Horizontal(ProgressChart(id="progress-chart"), numbers, classes="chart-and-table"))

    def _calibration_pane(self) -> Widget:
        numbers = ReadingTable(id="calibration-numbers")
        numbers.add_columns("Bar", "Sessions", "Agreement", "Rated", "Same", "Higher", "Lower")
        numbers.add_column("Case", width=24)  # a reading table cannot scroll sideways: keep it in view
        about = Static("In self-assessment sessions you graded yourself before the debrief. Each bar is the share of "
                       "criteria where your grade matched the debrief's (1.0: all of them); the table gives the same "
                       "numbers, and whether you rated yourself higher or lower.", markup=False, classes="section")
        chart = ProgressChart(id="calibration-chart", empty="No self-assessed sessions yet: press s in the library "
                                                             "to play a case that way.")
        return Vertical(about, Horizontal(chart, numbers, classes="chart-and-table"))

    def on_mount(self) -> None:
        if quitting(self):
            return
        self.sub_title = "History and progress"
        if self.history is None or self.history.store is None:
            problem = self.history.problem if self.history is not None else None
            why = safe.line(safe.sentence(problem.message)) if problem is not None else Content("")
            self.query_one("#history-heading", Static).update(
                Content.assemble("Your history is not available. ", why))
            self.loaded = True
            self.post_message(self.Loaded())
            return
        # Read here, not in a thread: a page and the counts are a few milliseconds however long the history,
        # and the screen's first frame then shows them (a thread would cost a frame, and slow it).
        self._fill(self.history.overview(self.trainee, PAGE_ROWS))

    async def _want_charts(self) -> None:
        """Build the progress and calibration tabs and read what they show, the first time one is opened."""
        if self._charts_asked:
            return
        self._charts_asked = True
        await self.query_one("#progress-tab", TabPane).mount(self._progress_pane())
        await self.query_one("#calibration-tab", TabPane).mount(self._calibration_pane())
        if self.history is None or self.history.store is None:
            # Nothing to read, and not "no finished sessions yet": the history may hold many, out of reach.
            self.query_one("#progress-title", Static).update("Your history is not available: progress is read from "
                                                             "it.")
            chart = self.query_one("#progress-chart", ProgressChart)
            chart.empty = "Your history is not available."
            chart.refresh(layout=True)
            self.charts_loaded = True
            self.post_message(self.ChartsLoaded())
            return
        self._read_charts()

    @work(thread=True, exclusive=True, group="history-charts")
    def _read_charts(self) -> None:
        assert self.history is not None
        standing = self.history.standing(self.trainee, MOST_BARS)
        self.app.call_from_thread(self._fill_charts, prepare(standing) if standing is not None else None)

    # --- filling the tables ----------------------------------------------

    def _fill(self, overview: Overview | None) -> None:
        self.overview = overview
        heading = self.query_one("#history-heading", Static)
        if overview is None:
            heading.update("Your history could not be read (see the message).")
        else:
            counts, total = overview.counts, overview.total
            who = safe.line(overview.trainee or "no name set")
            heading.update(Content.assemble(
                "History: ", who, f" · {total} session{'s' * (total != 1)}: "
                f"{counts[SessionStatus.FINISHED]} finished, {counts[SessionStatus.ACTIVE]} unfinished, "
                f"{counts[SessionStatus.ABANDONED]} abandoned"))
            self._sessions = list(overview.sessions)
            self._fill_sessions(overview.sessions, total)
        self.loaded = True
        self.post_message(self.Loaded())

    def _fill_charts(self, charts: Charts | None) -> None:
        self.charts = charts
        if charts is not None:
            self._fill_criteria(charts.summaries)
            self._fill_calibration(charts.calibration)
        else:
            self.query_one("#progress-title", Static).update("Your progress could not be read (see the message).")
        self.charts_loaded = True
        self.post_message(self.ChartsLoaded())

    def _fill_sessions(self, shown: Sequence[SessionRecord], total: int) -> None:
        """``shown``: the newest sessions, newest first (the session just played is the one most often
        exported); ``total``: how many the trainee has."""
        self.query_one("#sessions", SessionTable).show(shown)
        self._row_ids = [r.id for r in shown]
        self._say_how_many(total)

    def _add_rows(self, shown: Sequence[SessionRecord]) -> None:
        self.query_one("#sessions", SessionTable).extend(shown)
        self._row_ids.extend(r.id for r in shown)

    def _say_how_many(self, total: int) -> None:
        status = self.query_one("#export-status", Static)
        listed = len(self._row_ids)
        if not total:
            status.update("No sessions yet. Play a case from the library and it appears here.")
        elif total > listed:
            status.update(f"{self._export_hint()}. The newest {listed} of {total} sessions "
                          "are listed; more are read as you go down the list (`case-review history` lists every one).")
        else:
            status.update(self._session_keys())

    @on(DataTable.RowHighlighted, "#sessions")
    def _session_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Near the end of the list, the next page of older sessions."""
        overview, history = self.overview, self.history
        if overview is None or history is None or not self._sessions or len(self._row_ids) >= overview.total:
            return
        if event.cursor_row < len(self._row_ids) - MORE_WITHIN:
            return
        older = history.older_sessions(self.trainee, self._sessions[-1], PAGE_ROWS)
        if older:
            self._sessions.extend(older)
            self._add_rows(older)
            self._say_how_many(overview.total)

    def _fill_criteria(self, summaries: Sequence[CriterionSummary]) -> None:
        self.query_one("#criteria", CriteriaTable).show(summaries)
        if not summaries:
            self.query_one("#progress-title", Static).update("No finished sessions yet: progress appears here "
                                                             "once you finish a case.")
        self._show_criterion(summaries[0].criterion if summaries else None)

    def _show_criterion(self, criterion: str | None) -> None:
        chart = self.query_one("#progress-chart", ProgressChart)
        numbers = self.query_one("#progress-numbers", ReadingTable)
        numbers.clear()
        if criterion is None or self.charts is None:
            chart.bars = ()
            return
        shown_bars = self.charts.bars[criterion]
        total = sum(b.sessions for b in shown_bars)
        grouped = "" if all(b.single for b in shown_bars) else f"; {total} sessions in {len(shown_bars)} bars, " \
                                                                 "each their mean"
        self.query_one("#progress-title", Static).update(Content.assemble(
            (criterion_title(criterion), "bold"), f": scores, oldest first{grouped}"))
        chart.bars = tuple(shown_bars)
        for bar in shown_bars:
            numbers.add_row(_cell(str(bar.number)), _cell(_bar_sessions(bar)), _cell(_bar_date(bar)),
                            _cell(score_text(bar.value)), _cell(SHORT_GRADES[grade_for(bar.value)]))

    def _fill_calibration(self, rows: Sequence[CalibrationBar]) -> None:
        chart = self.query_one("#calibration-chart", ProgressChart)
        chart.bars = tuple(r.bar for r in rows)
        table = self.query_one("#calibration-numbers", ReadingTable)
        table.clear()
        for row in rows:
            table.add_row(_cell(str(row.bar.number)), _cell(_bar_sessions(row.bar)), _cell(f"{row.bar.value:.2f}"),
                          _cell(str(row.rated)), _cell(str(row.matched)), _cell(str(row.higher)),
                          _cell(str(row.lower)), safe.cell(row.scenario_title))
        table.display = bool(rows)

    @on(DataTable.RowHighlighted, "#criteria")
    def _criterion_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Up in an empty table moves its cursor to row -1, and Textual tells of that row with no key.
        key: RowKey | None = event.row_key
        if key is not None and key.value is not None:
            self._show_criterion(key.value)

    # --- actions ----------------------------------------------------------

    @on(TabbedContent.TabActivated)
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id in ("progress-tab", "calibration-tab"):
            await self._want_charts()

    async def action_show_tab(self, tab: str) -> None:
        if tab != "sessions-tab":
            await self._want_charts()
        self.query_one("#history-tabs", TabbedContent).active = tab
        focus = {"sessions-tab": "#sessions", "progress-tab": "#criteria"}.get(tab)
        if focus is not None:
            self.query_one(focus).focus()

    def highlighted_session(self) -> SessionRecord | None:
        if self.overview is None:
            return None
        table = self.query_one("#sessions", DataTable)
        rows = self._row_ids
        if not rows or not 0 <= table.cursor_row < len(rows):
            return None
        wanted = rows[table.cursor_row]
        return next((r for r in self._sessions if r.id == wanted), None)

    def action_export(self) -> None:
        from simulator.ui.screens.export import ExportScreen

        record = self.highlighted_session()
        history = self.history
        if history is None or history.store is None:
            safe.notify(self, "Your history is not available, so there is nothing to export.", severity="warning")
            return
        if record is None:
            safe.notify(self, "There is no session to export yet.", severity="warning")
            return
        self.query_one("#history-tabs", TabbedContent).active = "sessions-tab"

        def chosen(answer: tuple[str, Path] | None) -> None:
            if answer is not None:
                self.export(record, *answer)

        heading = Content.assemble(f"session {record.id}, ", safe.line(record.scenario_title))
        self.app.push_screen(ExportScreen(heading, lambda name: history.default_export_path(record, name),
                                          download=self.downloads), chosen)

    def _export_hint(self) -> str:
        return "x: download the highlighted session" if self.downloads else \
            "x: export the highlighted session to a file"

    def _session_keys(self) -> str:
        return f"x: {'download' if self.downloads else 'export'} the highlighted session · {SESSION_KEYS}"

    def export(self, record: SessionRecord, format_name: str, path: Path, *, force: bool = False) -> Path | None:
        """Write the export, and say where (or why not) both in a toast and under the table. A file that is
        there already is replaced only if the trainee says yes."""
        status = self.query_one("#export-status", Static)
        if self.history is None:
            return None
        if self.downloads:
            self.download(record, format_name, path.name)
            return None
        try:
            written = self.history.export(record.id, format_name, path, self.library or EMPTY,
                                          self.scenario_folders, force=force)
        except TargetExists as exists:
            self._ask_to_replace(record, format_name, exists.target)
            return None
        except (StoreError, ExportError) as err:
            safe.notify(self, f"Not written: {err.message}", title="Export", severity="error",
                        timeout=safe.PROBLEM_TIMEOUT)
            status.update("Nothing was written.")
            return None
        status.update(Content.assemble(("Exported: ", "bold"), safe.line(str(written))))
        safe.notify(self, f"Session {record.id} exported to {written}", title="Exported")
        return written

    def download(self, record: SessionRecord, format_name: str, file_name: str) -> str | None:
        """Send the export to the browser as a download named ``file_name``; nothing is written on the server.
        The delivery's key, or None (and why, on screen) when the export could not be made."""
        import io

        status = self.query_one("#export-status", Static)
        if self.history is None:
            return None
        try:
            text = self.history.render_export(record.id, format_name, self.library or EMPTY)
        except (StoreError, ExportError) as err:
            safe.notify(self, f"Not exported: {err.message}", title="Export", severity="error",
                        timeout=safe.PROBLEM_TIMEOUT)
            status.update("Nothing was exported.")
            return None
        key = self.app.deliver_text(io.StringIO(text), save_filename=file_name, open_method="download")
        status.update(Content.assemble(("Sent to your browser: ", "bold"), safe.line(file_name)))
        safe.notify(self, f"Session {record.id} is downloading as {file_name} (your browser's downloads).",
                    title="Exported")
        return key

    def _ask_to_replace(self, record: SessionRecord, format_name: str, path: Path) -> None:
        from simulator.ui.screens.confirm import ConfirmScreen

        def answered(sure: bool | None) -> None:
            if sure:
                self.export(record, format_name, path, force=True)
            else:
                self.query_one("#export-status", Static).update("Nothing was written.")

        self.app.push_screen(ConfirmScreen("Replace the file?", f"{safe.one_line(str(path))} is there already. "
                                           "Replace it with this export?"), answered)

    def action_reflect(self) -> None:
        record = self.highlighted_session()
        if record is None or not record.finished:
            safe.notify(self, "Highlight a finished session to reflect on it.", severity="warning")
            return
        self.post_message(self.ReflectRequested(record))

    def action_rebranch(self) -> None:
        record = self.highlighted_session()
        if record is None:
            safe.notify(self, "There is no session to re-branch yet.", severity="warning")
            return
        self.post_message(self.Rebranch(record))

    def action_mark(self) -> None:
        record = self.highlighted_session()
        if record is None:
            return
        self.marked = record
        self.query_one("#export-status", Static).update(Content.assemble(
            f"Session {record.id} marked (", safe.line(record.scenario_title),
            "): highlight another session of the same case and press v to compare the two."))

    def action_compare(self) -> None:
        record = self.highlighted_session()
        if record is None:
            return
        marked = self.marked if self.marked is not None and self.marked.id != record.id else None
        first = marked
        if first is None and record.parent_id is not None:
            first = next((r for r in self._sessions if r.id == record.parent_id), None)
            if first is None and self.history is not None:
                first = self.history.record(self.trainee, record.parent_id)  # not on the pages read yet
        if first is None:
            safe.notify(self, "Press m on one session, then v on another of the same case, to compare them; or v "
                        "on a re-branched session to compare it with its original.", severity="warning")
            return
        self.post_message(self.Compare(first, record))

    def action_library(self) -> None:
        self.dismiss()
