"""The library's table of cases: a row per case, with the columns sized to
the table's own width (so it is right however late it is laid out).

A table builds and measures every row it holds, so a library of hundreds of
cases is shown a screenful first and the rest a frame later, in batches: the
first frame costs the same whatever the library's size."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from simulator.ui import safe

if TYPE_CHECKING:
    from simulator.application.library_index import Entry

LEVEL_WIDTH, MINUTES_WIDTH = 12, 4
FIRST_ROWS = 60  # rows in the first frame: more than a screen holds
MORE_ROWS = 200  # rows added in each later frame


class CaseTable(DataTable[object]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open case", tooltip="Start the highlighted case"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._title_width = self._points_width = 10
        self._pending: list[Entry] = []  # rows still to add, a batch a frame
        self.add_column("Case", key="title")
        self.add_column("Built around", key="points")
        self.add_column("Level", key="level", width=LEVEL_WIDTH)
        self.add_column("Min", key="minutes", width=MINUTES_WIDTH)

    def show(self, cases: Sequence[Entry]) -> None:
        """These cases, in this order, keyed by their paths: the first FIRST_ROWS now, the rest in the frames
        that follow (``pending`` until then)."""
        self.clear()
        self._pending = list(cases[FIRST_ROWS:])
        self._add(cases[:FIRST_ROWS])
        if self._pending:
            self.call_after_refresh(self._add_more, self._pending)
        self._title_width = max((len(safe.one_line(c.title)) for c in cases), default=10)
        self._points_width = max((len(", ".join(c.failure_points)) for c in cases), default=10)
        self._size_columns()

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def _add(self, cases: Sequence[Entry]) -> None:
        for s in cases:
            self.add_row(
                safe.cell(s.title),
                safe.cell(", ".join(s.failure_points), "italic"),
                safe.cell(s.difficulty),
                safe.cell(str(s.minutes)),
                key=s.path,
            )

    def _add_more(self, pending: list[Entry]) -> None:
        if pending is not self._pending:
            return  # shown again since: those rows are not wanted
        batch, self._pending = pending[:MORE_ROWS], pending[MORE_ROWS:]
        self._add(batch)
        if self._pending:
            self.call_after_refresh(self._add_more, self._pending)

    def on_resize(self) -> None:
        self._size_columns()

    def _size_columns(self) -> None:
        if not self.columns:
            return
        free = max(30, self.size.width - LEVEL_WIDTH - MINUTES_WIDTH - 8 - 2)  # less the fixed columns and padding
        titles, points = self._title_width, self._points_width
        if titles + points > free:
            # The title gets the room; the failure points at most two fifths of it.
            points = max(12, min(points, free * 2 // 5))
            titles = free - points
        self.columns["title"].width = max(titles, 4)  # type: ignore[index]
        self.columns["points"].width = max(points, 12)  # type: ignore[index]
        for column in self.columns.values():
            column.auto_width = False
        self.refresh()
