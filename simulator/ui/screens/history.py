"""History and progress (h in the library): the trainee's sessions with their
grades; each criterion's scores over time as a bar chart with a table of the
same numbers beside it; how their own grades matched the debrief's in
self-assessment sessions; and exporting a session to a file.

Every number is read from the store (the grades the debrief gave when each
session finished) and arranged by ``simulator.reports.progress``; nothing
is scored here.
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
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from simulator.application.export import ExportError, TargetExists
from simulator.application.history import History, Overview
from simulator.application.library import EMPTY, Library
from simulator.domain.catalogue import CRITERION_IDS
from simulator.domain.scoring.grades import grade_for
from simulator.reports.progress import (
    Bar,
    CalibrationBar,
    CriterionSummary,
    bars,
    calibration,
    calibration_bars,
    summary,
)
from simulator.store.errors import StoreError
from simulator.store.records import SessionRecord, SessionStatus
from simulator.ui import safe
from simulator.ui.debrief_text import criterion_title
from simulator.ui.history_words import MODE_WORDS, PROBLEM_TIMEOUT, SHORT_GRADES, STATUS_WORDS, local_time, score_text
from simulator.ui.screens.base import AppScreen
from simulator.ui.widgets.progress_chart import ProgressChart
from simulator.ui.widgets.reading_table import ReadingTable

MOST_BARS = 12  # chart and table side by side in 100 columns
# The newest sessions listed: a table measures every cell it holds, and thousands
# of rows cost a second for a list nobody scrolls to the end of. Counts, progress and
# calibration still cover every session.
MOST_ROWS = 500


@attrs.frozen
class Shown:
    """What the screen shows, prepared off the UI thread."""

    overview: Overview
    summaries: tuple[CriterionSummary, ...]  # criteria with at least one score, catalogue order
    bars: dict[str, list[Bar]]
    calibration: list[CalibrationBar]


def prepare(overview: Overview) -> Shown:
    summaries = tuple(summary(overview.progress[c]) for c in CRITERION_IDS
                      if c in overview.progress and len(overview.progress[c]))
    return Shown(
        overview=overview,
        summaries=summaries,
        bars={s.criterion: bars(overview.progress[s.criterion], MOST_BARS) for s in summaries},
        calibration=calibration_bars(calibration(overview.sessions, overview.progress), MOST_BARS),
    )


def _bar_sessions(bar: Bar) -> str:
    return f"#{bar.first_session}" if bar.single else f"{bar.sessions}: #{bar.first_session}–#{bar.last_session}"


def _bar_date(bar: Bar) -> str:
    """The day the bar's last session finished: narrow enough to keep the grade column in view."""
    return local_time(bar.last_at)[:10]


def _cell(text: str, style: str = "") -> Text:
    return Text(text, style=style, end="", no_wrap=True)


class HistoryScreen(AppScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "export", "Export",
                tooltip="Export the highlighted session to a file (md, html, json, xapi, cpd)"),
        Binding("w", "reflect", "Reflect", tooltip="Write (or change) your reflection on the highlighted finished "
                "session"),
        Binding("s", "show_tab('sessions-tab')", "Sessions", tooltip="Your sessions and their grades"),
        Binding("p", "show_tab('progress-tab')", "Progress", tooltip="Each criterion's scores over time"),
        Binding("c", "show_tab('calibration-tab')", "Calibration",
                tooltip="Your own grades against the debrief's, in self-assessment sessions"),
        Binding("escape,l", "library", "Library", tooltip="Back to the case library"),
    ]
    AUTO_FOCUS = "#sessions"

    class Loaded(Message):
        """The tables are filled."""

    class ReflectRequested(Message):
        """Write the reflection on this finished session."""

        def __init__(self, record: SessionRecord) -> None:
            super().__init__()
            self.record = record

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
        self.shown: Shown | None = None
        self.loaded = False
        self._row_ids: list[int] = []  # session ids in the order of the table's rows

    def compose_body(self) -> ComposeResult:
        yield Static("Reading your history…", id="history-heading", classes="heading")
        with TabbedContent(id="history-tabs", initial="sessions-tab"):
            with TabPane("Sessions", id="sessions-tab"), Vertical():
                yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
                yield Static(self._export_hint(), id="export-status", classes="dim")
            with TabPane("Progress", id="progress-tab"), Vertical():
                yield DataTable(id="criteria", cursor_type="row", zebra_stripes=True)
                yield Static(id="progress-title", classes="section-title")
                with Horizontal(classes="chart-and-table"):
                    yield ProgressChart(id="progress-chart")
                    yield ReadingTable(id="progress-numbers")
            with TabPane("Calibration", id="calibration-tab"), Vertical():
                yield Static(
                    "In self-assessment sessions you graded yourself before the debrief. Each bar is the share of "
                    "criteria where your grade matched the debrief's (1.0: all of them); the table gives the same "
                    "numbers, and whether you rated yourself higher or lower.",
                    markup=False, classes="section",
                )
                with Horizontal(classes="chart-and-table"):
                    yield ProgressChart(id="calibration-chart", empty="No self-assessed sessions yet: press s in "
                                                                      "the library to play a case that way.")
                    yield ReadingTable(id="calibration-numbers")

    def on_mount(self) -> None:
        self.sub_title = "History and progress"
        sessions = self.query_one("#sessions", DataTable)
        # The case title last: the short columns stay in view on a narrow terminal.
        sessions.add_column("#", key="id", width=5)
        sessions.add_column("Started", key="started", width=16)
        sessions.add_column("Overall", key="overall", width=16)
        sessions.add_column("Status", key="status", width=10)
        sessions.add_column("Mode", key="mode", width=15)
        sessions.add_column("Steps", key="steps", width=5)
        sessions.add_column("Case", key="case")
        self.query_one("#criteria", DataTable).add_columns("Criterion", "Sessions", "First", "Latest", "Mean",
                                                           "Change", "Latest grade")
        self.query_one("#progress-numbers", ReadingTable).add_columns("Bar", "Sessions", "Last on", "Score",
                                                                      "Grade")
        calibration = self.query_one("#calibration-numbers", ReadingTable)
        calibration.add_columns("Bar", "Sessions", "Agreement", "Rated", "Same", "Higher", "Lower")
        calibration.add_column("Case", width=24)  # a reading table cannot scroll sideways: keep it in view
        if self.history is None or self.history.store is None:
            problem = self.history.problem if self.history is not None else None
            why = safe.line(problem.message) if problem is not None else Content("")
            self.query_one("#history-heading", Static).update(
                Content.assemble("Your history is not available. ", why))
            self.loaded = True
            self.post_message(self.Loaded())
            return
        self._read()

    @work(thread=True, exclusive=True, group="history")
    def _read(self) -> None:
        assert self.history is not None
        overview = self.history.overview(self.trainee)
        shown = prepare(overview) if overview is not None else None
        self.app.call_from_thread(self._fill, shown)

    # --- filling the tables ----------------------------------------------

    def _fill(self, shown: Shown | None) -> None:
        self.shown = shown
        heading = self.query_one("#history-heading", Static)
        if shown is None:
            heading.update("Your history could not be read (see the message).")
        else:
            records = shown.overview.sessions
            counts = {status: sum(r.status is status for r in records) for status in SessionStatus}
            who = safe.line(shown.overview.trainee or "no name set")
            heading.update(Content.assemble(
                "History: ", who, f" · {len(records)} session{'s' * (len(records) != 1)}: "
                f"{counts[SessionStatus.FINISHED]} finished, {counts[SessionStatus.ACTIVE]} unfinished, "
                f"{counts[SessionStatus.ABANDONED]} abandoned"))
            self._fill_sessions(records)
            self._fill_criteria(shown.summaries)
            self._fill_calibration(shown.calibration)
        self.loaded = True
        self.post_message(self.Loaded())

    def _fill_sessions(self, records: Sequence[SessionRecord]) -> None:
        table = self.query_one("#sessions", DataTable)
        table.clear()
        # Newest first: the session just played is the one most often exported.
        shown = records[::-1][:MOST_ROWS]
        table.add_rows(
            (
                (_cell(str(r.id)), _cell(local_time(r.started_at)),
                 _cell(SHORT_GRADES[r.overall] if r.overall else "—", "bold" if r.overall else "dim"),
                 _cell(STATUS_WORDS[r.status]), _cell(MODE_WORDS[r.mode]), _cell(str(r.event_count)),
                 safe.cell(r.scenario_title))
                for r in shown
            ),
        )
        self._row_ids = [r.id for r in shown]
        status = self.query_one("#export-status", Static)
        if not records:
            status.update("No sessions yet. Play a case from the library and it appears here.")
        elif len(records) > len(shown):
            status.update(f"{self._export_hint()}. The newest {len(shown)} of {len(records)} "
                          "sessions are listed; `case-review history` lists every one.")

    def _fill_criteria(self, summaries: Sequence[CriterionSummary]) -> None:
        table = self.query_one("#criteria", DataTable)
        table.clear()
        for s in summaries:
            change = s.change
            table.add_row(
                safe.cell(criterion_title(s.criterion)), _cell(str(s.sessions)), _cell(score_text(s.first)),
                _cell(score_text(s.latest)), _cell(score_text(s.mean)),
                _cell("—" if change is None else f"{change:+.2f}"),
                _cell(SHORT_GRADES[s.latest_grade] if s.latest_grade else "—"),
                key=s.criterion,
            )
        if not summaries:
            self.query_one("#progress-title", Static).update("No finished sessions yet: progress appears here "
                                                             "once you finish a case.")
        self._show_criterion(summaries[0].criterion if summaries else None)

    def _show_criterion(self, criterion: str | None) -> None:
        chart = self.query_one("#progress-chart", ProgressChart)
        numbers = self.query_one("#progress-numbers", ReadingTable)
        numbers.clear()
        if criterion is None or self.shown is None:
            chart.bars = ()
            return
        shown_bars = self.shown.bars[criterion]
        total = sum(b.sessions for b in shown_bars)
        grouped = "" if all(b.single for b in shown_bars) else f"; {total} sessions in {len(shown_bars)} bars, " \
                                                                 "each their mean"
        self.query_one("#progress-title", Static).update(Content.assemble(
            (criterion_title(criterion), "bold"), f": scores, oldest first{grouped}"))
        chart.bars = tuple(shown_bars)
        for bar in shown_bars:
            numbers.add_row(_cell(str(bar.number)), _cell(_bar_sessions(bar)), _cell(_bar_date(bar)),
                            _cell(f"{bar.value:.2f}"), _cell(SHORT_GRADES[grade_for(bar.value)]))

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
        if event.row_key.value is not None:
            self._show_criterion(event.row_key.value)

    # --- actions ----------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#history-tabs", TabbedContent).active = tab
        focus = {"sessions-tab": "#sessions", "progress-tab": "#criteria"}.get(tab)
        if focus is not None:
            self.query_one(focus).focus()

    def highlighted_session(self) -> SessionRecord | None:
        if self.shown is None:
            return None
        table = self.query_one("#sessions", DataTable)
        rows = self._row_ids
        if not rows or not 0 <= table.cursor_row < len(rows):
            return None
        wanted = rows[table.cursor_row]
        return next((r for r in self.shown.overview.sessions if r.id == wanted), None)

    def action_export(self) -> None:
        from simulator.ui.screens.export import ExportScreen

        record = self.highlighted_session()
        history = self.history
        if record is None or history is None:
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
            safe.notify(self, f"Not written: {err.message}", title="Export", severity="error", timeout=PROBLEM_TIMEOUT)
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
                        timeout=PROBLEM_TIMEOUT)
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

    def action_library(self) -> None:
        self.dismiss()
