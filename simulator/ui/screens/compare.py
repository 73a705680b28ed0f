"""Two attempts at one case side by side: where they part, then decisions, grades per criterion, flags, actions
and timing, each row that differs marked with ≠ and in bold, so the difference reads without colour. A is the
first session (the original, after a re-branch), B the second. Escape goes back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from simulator.domain.scoring.grades import score_text
from simulator.reports.comparison import Comparison, CriterionRow, Row, parting_line, who
from simulator.ui import safe
from simulator.ui.grade_words import SHORT_GRADES
from simulator.ui.screens.base import AppScreen, quitting
from simulator.ui.widgets.reading_table import ReadingTable

DIFFERS = "≠"


def _mark(differs: bool) -> Text:
    return Text(DIFFERS if differs else "", style="bold", end="")


def _side(text: str, differs: bool, width: int) -> Text:
    """A cell cut to ``width`` with an ellipsis: a table to read cannot scroll sideways, and both sides must show
    (`case-review compare` prints them whole)."""
    cell = safe.cell(text, "bold" if differs else "")
    cell.truncate(width, overflow="ellipsis")
    return cell


def _table_id(name: str) -> str:
    """A table's id, prefixed: the app's style sheets are shared by every screen, and rules for the case screen's
    #actions (1fr high) and the history's #criteria (13 lines at most) squeezed tables of those names here."""
    return f"compare-{name}"


LABEL_WIDTH = 26  # the first column's most; the two sides share the rest of the screen


class CompareScreen(AppScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,l", "back", "Back", tooltip="Back to where you were", id="compare.back"),
    ]
    AUTO_FOCUS = "#compare"

    def __init__(self, comparison: Comparison) -> None:
        super().__init__(classes="compare")
        self.comparison = comparison

    def compose_body(self) -> ComposeResult:
        c = self.comparison
        a, b = c.sessions
        with VerticalScroll(id="compare"):
            yield Static(Content.assemble(("Two attempts at ", "bold"), safe.line(c.title, "bold")), id="compare-title")
            yield Static(safe.join([Content.assemble(("A: ", "bold"), safe.line(who(a))),
                                    Content.assemble(("B: ", "bold"), safe.line(who(b)))]), id="compare-who")
            yield Static(safe.plain(parting_line(c)), id="parting", classes="section")
            count = c.differences
            yield Static(Content(f"{count} difference{'s' * (count != 1)}, each marked {DIFFERS} and in bold."),
                         id="difference-count", classes="section")
            for title, table_id in (("Overall", "overall"), ("Decisions", "decisions"),
                                    ("Grades per criterion", "criteria"), ("What you flagged", "flags"),
                                    ("Actions", "actions"), ("Timing against timescales", "timings")):
                yield Static(title, classes="section-title")
                yield ReadingTable(id=_table_id(table_id))
            yield Static("esc: back", classes="section dim")

    def on_mount(self) -> None:
        if quitting(self):
            return
        c = self.comparison
        self.sub_title = f"Compare: {safe.one_line(c.title)}"
        a, b = (f"{side}: session {r.record.id}" for side, r in zip("AB", c.sessions, strict=True))
        grades = (SHORT_GRADES[c.overall[0]], SHORT_GRADES[c.overall[1]])
        days = (f"{c.elapsed[0]:.2f}", f"{c.elapsed[1]:.2f}")
        critical = (", ".join(c.critical[0]) or "none", ", ".join(c.critical[1]) or "none")
        self._fill("overall", ("", "", a, b), [
            (grades[0] != grades[1], "Overall grade", grades[0], grades[1]),
            (days[0] != days[1], "Working days", days[0], days[1]),
            (set(c.critical[0]) != set(c.critical[1]), "Critical errors", critical[0], critical[1]),
        ])
        self._rows("decisions", ("", "Decision", a, b), c.decisions)
        self._criteria(("", "Criterion", a, b), c.criteria)
        self._rows("flags", ("", "Evidence", a, b), c.flags)
        self._rows("actions", ("", "Action", a, b), c.actions)
        self._rows("timings", ("", "Timescale", a, b), c.timings)

    def _fill(self, table_id: str, columns: tuple[str, str, str, str],
              rows: Sequence[tuple[bool, str, str, str]]) -> None:
        table = self.query_one(f"#{_table_id(table_id)}", ReadingTable)
        table.add_columns(*columns)
        label_width = min(LABEL_WIDTH, max((len(r[1]) for r in rows), default=0))
        # The mark, the label and two sides, each with the table's padding of a cell either side; and the scrollbar.
        width = max(14, (self.app.size.width - 3 - label_width - 2 * 4 - 4) // 2)
        for differs, label, x, y in rows:
            table.add_row(_mark(differs), _side(label, differs, label_width), _side(x, differs, width),
                          _side(y, differs, width))
        if not rows:
            table.add_row(Text("", end=""), Text("(none)", style="dim", end=""), Text("", end=""), Text("", end=""))

    def _rows(self, table_id: str, columns: tuple[str, str, str, str], rows: Sequence[Row]) -> None:
        self._fill(table_id, columns, [(r.differs, r.label, *r.values) for r in rows])

    def _criteria(self, columns: tuple[str, str, str, str], rows: Sequence[CriterionRow]) -> None:
        def grade(row: CriterionRow, side: int) -> str:
            g, s = row.grades[side], row.scores[side]
            return "not assessed" if g is None or s is None else f"{SHORT_GRADES[g]} ({score_text(s)})"

        self._fill("criteria", columns, [(r.differs, r.title, grade(r, 0), grade(r, 1)) for r in rows])

    def action_back(self) -> None:
        self.dismiss()
