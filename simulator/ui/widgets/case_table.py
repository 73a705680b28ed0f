"""The library's table of cases: a row per case, its columns chosen for the table's width and its titles
wrapped rather than cut.

From 100 columns the failure points (in words) have a column of their own; below that they are in the
summary under the table, and the title takes the room. Each row says whether the trainee has done the case
(`✓` and their last grade) or has it in progress (`◐`), in marks and words. The columns are sized, and the
rows laid out, again whenever the width changes, so it is right however late it is laid out.

A table builds and measures every row it holds, so a library of hundreds of cases is shown a screenful first
and the rest in the frames after, in batches: the first frame costs the same whatever the library's size.
The rest waits until the table is told it may go on (``go_on``): the app lets it once opening a case is
ready, as adding hundreds of rows in the meantime held back what a trainee pressing Enter waits for. The
batches are small, and stop while another screen is on top (a case opened meanwhile): what Enter waits for
is at most one batch. The home screen has the table add the rest when it is shown again (``add_rest``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from simulator.ui import safe
from simulator.ui.widgets.pointer import NONE, FittedTable

if TYPE_CHECKING:
    from textual import events

    from simulator.application.library_rows import LibraryRow

LEVEL_WIDTH, MINUTES_WIDTH, YOU_WIDTH = 12, 3, 18
WIDE = 100  # from this width the failure points have a column
PADDING = 2  # each column's cell padding, both sides together
FRAME = 5  # the pointer column (its cell and padding) and room for a scrollbar
FIRST_ROWS = 60  # rows in the first frame: more than a screen holds
MORE_ROWS = 50  # rows added in each later frame (about 10 ms with 500 trainer files)


def _wrapping(text: str, style: str = "") -> Text:
    return Text(safe.one_line(text), style=style, overflow="fold", end="")


def progress_words(row: LibraryRow) -> Text:
    """Done (with the last grade) or in progress, as a mark and words; nothing for a case not started."""
    from simulator.application.library_rows import Progress
    from simulator.ui.grade_words import SHORT_GRADES

    if row.progress is Progress.IN_PROGRESS:
        return Text("◐ unfinished", style="bold", end="")
    if row.progress is Progress.DONE:
        grade = SHORT_GRADES[row.last_grade] if row.last_grade is not None else "done"
        return Text(f"✓ {grade}", end="")
    return Text("", end="")


class CaseTable(FittedTable["LibraryRow"]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open case", tooltip="Start the highlighted case", id="library.open_case"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._pending: list[LibraryRow] = []  # rows still to add, a batch a frame
        self._first = FIRST_ROWS  # rows to add at once: a screenful, and the cursor's row
        self._going_on = False  # whether the rows past the first screenful may be added
        self._scheduled: list[LibraryRow] | None = None  # the rows a batch is waiting for its frame to add
        self._widths_now = (0, 0)  # the title's and the failure points' widths, as laid out

    def show(self, items: Sequence[LibraryRow], cursor: int | None = None) -> None:
        self._first = max(FIRST_ROWS, (self.cursor_row if cursor is None else cursor) + 1)
        super().show(items, cursor)

    def on_resize(self, event: events.Resize) -> None:
        self._first = max(FIRST_ROWS, self.cursor_row + 1)
        super().on_resize(event)

    @property
    def pending(self) -> bool:
        """Whether rows are still to be added (in the frames after ``show``)."""
        return bool(self._pending)

    def _widths(self, width: int) -> tuple[int, int]:
        """The title's width and the failure points' (0: no column), for the table's width."""
        rows = self.items
        fixed = LEVEL_WIDTH + MINUTES_WIDTH + YOU_WIDTH + 4 * PADDING + FRAME
        title = max((len(safe.one_line(r.case.title)) for r in rows), default=10)
        if width < WIDE:
            return max(12, min(title, width - fixed - PADDING)), 0
        points = max((len(", ".join(r.points)) for r in rows), default=10)
        free = max(30, width - fixed - 2 * PADDING)
        if title + points > free:
            # The title has the room it needs up to three fifths; the failure points wrap in the rest.
            title = min(title, max(free * 3 // 5, free - points))
            points = free - title
        return max(12, title), max(12, points)

    def fill(self, width: int) -> None:
        title_width, points_width = self._widths(width)
        self.add_column("Case", key="title", width=title_width)
        if points_width:
            self.add_column("Built around", key="points", width=points_width)
        self.add_column("Level", key="level", width=LEVEL_WIDTH)
        self.add_column("Min", key="minutes", width=MINUTES_WIDTH)
        self.add_column("You", key="you", width=YOU_WIDTH)
        self._pending = self.items[self._first:]
        self._widths_now = (title_width, points_width)
        self._add(self.items[: self._first], title_width, points_width)
        self.add_rest()

    def go_on(self) -> None:
        """From now on, add the rows past the first screenful (``add_rest``), and whenever the table is laid
        out again."""
        self._going_on = True
        self.add_rest()

    def add_rest(self) -> None:
        """The rows left, a batch a frame while this table's screen is on top, once the table may go on."""
        if self._going_on and self._pending and self._scheduled is not self._pending:
            self._scheduled = self._pending
            self.call_after_refresh(self._add_more, self._pending)

    def _add(self, rows: Sequence[LibraryRow], title_width: int, points_width: int) -> None:
        console = self.app.console
        for row in rows:
            c = row.case
            title = _wrapping(c.title)
            cells: list[object] = [NONE, title]
            # Each row's height from its wrapped cells, here: left to the table (height None), it renders every
            # cell of every row to measure it, which was a good part of the library's first frame.
            height = len(title.wrap(console, title_width))
            if points_width:
                points = _wrapping(", ".join(row.points), "italic")
                cells.append(points)
                height = max(height, len(points.wrap(console, points_width)))
            cells += [Text(c.difficulty.value, end=""), Text(str(c.minutes), end=""), progress_words(row)]
            self.add_row(*cells, key=c.path, height=max(1, height))

    def _add_more(self, pending: list[LibraryRow]) -> None:
        if pending is not self._pending:
            return  # laid out again since: those rows are not wanted
        self._scheduled = None
        if not self.screen.is_active:
            return  # another screen is on top: the rest is added when this one is shown again
        batch, self._pending = pending[:MORE_ROWS], pending[MORE_ROWS:]
        self._add(batch, *self._widths_now)
        self.repoint()
        self.add_rest()
