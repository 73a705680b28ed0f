"""The trainer's live view (t in the library, trainers only): the cohort's results straight from the store, per
criterion, per scenario and per trainee, filtered by group and days, read again every few seconds while it is
open. Every number is summed up by the store (``Store.cohort``); nothing is scored here. Trainees' names and
case titles are trainee and author text: they reach the tables through ``safe``.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static, TabbedContent, TabPane

from simulator.application.cohort_view import (
    criterion_name,
    describe,
    grades_text,
    make_filter,
    mean_text,
    parse_day,
)
from simulator.application.history import History
from simulator.store.records import CohortFigures, CohortFilter, CohortRow
from simulator.ui import safe
from simulator.ui.screens.base import AppScreen, quitting
from simulator.ui.widgets.measured_table import MeasuredTable

REFRESH_S = 10.0  # how often the view reads the store again while it is open
EVERY_GROUP = "(every group)"
_GRADES = "Inad / RI / Good / Outst"  # the four grades, worst first: the cells count each


class CohortScreen(AppScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", "Refresh", tooltip="Read the store again now (it is read every few seconds)",
                id="cohort.refresh"),
        Binding("c", "show_tab('criteria-tab')", "Criteria", tooltip="The cohort per criterion",
                id="cohort.criteria"),
        Binding("s", "show_tab('scenarios-tab')", "Scenarios", tooltip="The cohort per scenario",
                id="cohort.scenarios"),
        Binding("t", "show_tab('trainees-tab')", "Trainees", tooltip="The cohort per trainee", id="cohort.trainees"),
        Binding("escape", "library", "Library", tooltip="Back to the case library", id="cohort.library"),
    ]

    class Loaded(Message):
        """The tables hold the latest figures."""

    def __init__(self, history: History | None) -> None:
        super().__init__(classes="cohort")
        self.history = history
        self.groups: tuple[str, ...] = ()
        self.wanted = CohortFilter()
        self.figures: CohortFigures | None = None
        self.reads = 0  # how many times the tables were filled

    def compose_body(self) -> ComposeResult:
        yield Static("Reading the cohort…", id="cohort-heading", classes="heading")
        with Horizontal(id="cohort-filter"):
            yield Select[str]([], prompt=EVERY_GROUP, id="cohort-group", allow_blank=True)
            yield Input(placeholder="from YYYY-MM-DD", id="cohort-since", max_length=10)
            yield Input(placeholder="to YYYY-MM-DD", id="cohort-until", max_length=10)
        yield Static("", id="cohort-status", classes="dim")
        with TabbedContent(id="cohort-tabs", initial="criteria-tab"):
            with TabPane("Criteria", id="criteria-tab"):
                yield MeasuredTable(id="cohort-criteria", cursor_type="row", zebra_stripes=True)
            with TabPane("Scenarios", id="scenarios-tab"):
                yield MeasuredTable(id="cohort-scenarios", cursor_type="row", zebra_stripes=True)
            with TabPane("Trainees", id="trainees-tab"):
                yield MeasuredTable(id="cohort-trainees", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        if quitting(self):
            return
        self.sub_title = "Cohort (trainers)"
        self.query_one("#cohort-criteria", DataTable).add_columns("Criterion", "Sessions", "Mean", _GRADES)
        for table in ("#cohort-scenarios", "#cohort-trainees"):
            self.query_one(table, DataTable).add_columns("Finished", "Playing", "Mean", _GRADES,
                                                         "Scenario" if "scen" in table else "Trainee")
        self.query_one("#cohort-criteria", DataTable).focus()
        self._read()
        self.set_interval(REFRESH_S, self._read, name="cohort refresh")

    # --- reading ---------------------------------------------------------

    @work(thread=True, exclusive=True, group="cohort")
    def _read(self) -> None:
        if self.history is None:
            figures, groups = None, []
        else:
            figures, groups = self.history.cohort(self.wanted), self.history.groups()
        self.app.call_from_thread(self._fill, figures, tuple(groups))

    def _fill(self, figures: CohortFigures | None, groups: tuple[str, ...] = ()) -> None:
        self.figures = figures
        if groups != self.groups:  # a group has been named since: offer it (the choice made stays made)
            self.groups = groups
            choice = self.query_one("#cohort-group", Select)
            chosen = choice.value
            with choice.prevent(Select.Changed):
                choice.set_options([(safe.line(g), g) for g in groups])
                if isinstance(chosen, str) and chosen in groups:
                    choice.value = chosen
        heading = self.query_one("#cohort-heading", Static)
        if figures is None:
            heading.update("The cohort cannot be read: the history is not available, or this is not a trainer's "
                           "session.")
        else:
            heading.update(Content.assemble(
                ("Cohort", "bold"), " · ", safe.line(describe(self.wanted)),
                f" · {figures.trainees} trainee{'s' * (figures.trainees != 1)}, {figures.finished} finished, "
                f"{figures.active} being played"))
            self._rows("#cohort-criteria", [
                tuple(map(safe.cell, (criterion_name(r.key), r.finished, mean_text(r), grades_text(r))))
                for r in figures.criteria])
            self._rows("#cohort-scenarios", [self._row(r) for r in figures.scenarios])
            self._rows("#cohort-trainees", [self._row(r) for r in figures.by_trainee])
        self.reads += 1
        self.post_message(self.Loaded())

    @staticmethod
    def _row(row: CohortRow) -> tuple[object, ...]:
        return tuple(map(safe.cell, (row.finished, row.active, mean_text(row), grades_text(row), row.label)))

    def _rows(self, selector: str, rows: list[tuple[object, ...]]) -> None:
        # Cells are Text (safe.cell), never Content: a DataTable measures a Content cell as one column wide, so
        # a column was only as wide as its heading ("21600 / 19150 / 1650 / 2500" showed as "... / 1650 / 2").
        table = self.query_one(selector, DataTable)
        at = table.cursor_row
        table.clear()
        table.add_rows(rows)
        if rows:
            table.move_cursor(row=min(at, len(rows) - 1))

    # --- the filter ------------------------------------------------------

    @on(Select.Changed, "#cohort-group")
    def _group_changed(self) -> None:
        self._apply_filter()

    @on(Input.Submitted)
    def _day_given(self) -> None:
        self._apply_filter()

    def _apply_filter(self) -> None:
        group = self.query_one("#cohort-group", Select).value
        days: list[date | None] = []
        status = self.query_one("#cohort-status", Static)
        for which in ("#cohort-since", "#cohort-until"):
            text = self.query_one(which, Input).value.strip()
            try:
                days.append(parse_day(text) if text else None)
            except ValueError as err:
                status.update(safe.line(str(err)))
                return
        try:
            wanted = make_filter(group if isinstance(group, str) else None, days[0], days[1])
        except ValueError as err:
            status.update(safe.line(str(err)))
            return
        status.update("")
        self.wanted = wanted
        self._read()

    # --- keys --------------------------------------------------------------

    def action_refresh(self) -> None:
        self._read()

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#cohort-tabs", TabbedContent).active = tab

    def action_library(self) -> None:
        self.dismiss()

