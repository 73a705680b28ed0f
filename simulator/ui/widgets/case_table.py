"""The library's table of cases: a row per case, its columns chosen for the table's width and its titles
wrapped rather than cut.

From 100 columns the failure points (in words) have a column of their own; below that they are in the
summary under the table, and the title takes the room. Each row says whether the trainee has done the case
(`✓` and their last grade) or has it in progress (`◐`), in marks and words. The columns are sized, and the
rows laid out, again whenever the width changes, so it is right however late it is laid out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from simulator.ui import safe
from simulator.ui.widgets.pointer import NONE, PointerTable

if TYPE_CHECKING:
    from textual import events

    from simulator.application.library_rows import LibraryRow

LEVEL_WIDTH, MINUTES_WIDTH, YOU_WIDTH = 12, 3, 18
WIDE = 100  # from this width the failure points have a column
PADDING = 2  # each column's cell padding, both sides together
FRAME = 5  # the pointer column (its cell and padding) and room for a scrollbar


def _wrapping(text: str, style: str = "") -> Text:
    return Text(safe.one_line(text), style=style, overflow="fold", end="")


def progress_words(row: LibraryRow) -> Text:
    """Done (with the last grade) or in progress, as a mark and words; nothing for a case not started."""
    from simulator.application.library_rows import Progress
    from simulator.ui.words import SHORT_GRADE_WORDS

    if row.progress is Progress.IN_PROGRESS:
        return Text("◐ unfinished", style="bold", end="")
    if row.progress is Progress.DONE:
        grade = SHORT_GRADE_WORDS[row.last_grade] if row.last_grade is not None else "done"
        return Text(f"✓ {grade}", end="")
    return Text("", end="")


class CaseTable(PointerTable):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open case", tooltip="Start the highlighted case", id="library.open_case"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rows: list[LibraryRow] = []
        self._laid_out_for = -1

    def show(self, rows: Sequence[LibraryRow], cursor: int | None = None) -> None:
        """These rows, in this order, keyed by the cases' paths; the cursor on row ``cursor`` if given."""
        self._rows = list(rows)
        self._lay_out(cursor)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._laid_out_for:
            self._lay_out(self.cursor_row)

    @property
    def wide(self) -> bool:
        return self.size.width >= WIDE

    def _widths(self) -> tuple[int, int]:
        """The title's width and the failure points' (0: no column), for the table's width now."""
        rows = self._rows
        fixed = LEVEL_WIDTH + MINUTES_WIDTH + YOU_WIDTH + 4 * PADDING + FRAME
        title = max((len(safe.one_line(r.case.title)) for r in rows), default=10)
        if not self.wide:
            return max(12, min(title, self.size.width - fixed - PADDING)), 0
        points = max((len(", ".join(r.points)) for r in rows), default=10)
        free = max(30, self.size.width - fixed - 2 * PADDING)
        if title + points > free:
            # The title has the room it needs up to three fifths; the failure points wrap in the rest.
            title = min(title, max(free * 3 // 5, free - points))
            points = free - title
        return max(12, title), max(12, points)

    def _lay_out(self, cursor: int | None) -> None:
        self._laid_out_for = self.size.width
        title_width, points_width = self._widths()
        self.clear(columns=True)
        self.add_pointer_column()
        self.add_column("Case", key="title", width=title_width)
        if points_width:
            self.add_column("Built around", key="points", width=points_width)
        self.add_column("Level", key="level", width=LEVEL_WIDTH)
        self.add_column("Min", key="minutes", width=MINUTES_WIDTH)
        self.add_column("You", key="you", width=YOU_WIDTH)
        for row in self._rows:
            c = row.case
            cells: list[object] = [NONE, _wrapping(c.title)]
            if points_width:
                cells.append(_wrapping(", ".join(row.points), "italic"))
            cells += [Text(c.difficulty.value, end=""), Text(str(c.minutes), end=""), progress_words(row)]
            self.add_row(*cells, key=c.path, height=None)
        if cursor is not None and self._rows:
            self.move_cursor(row=max(0, min(cursor, len(self._rows) - 1)), column=1, animate=False)
        self.repoint()
