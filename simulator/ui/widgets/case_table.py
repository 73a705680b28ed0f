"""The library's table of cases: a row per case, with the columns sized to
the table's own width (so it is right however late it is laid out)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from simulator.ui import safe

if TYPE_CHECKING:
    from simulator.scenarios.loader import Loaded

LEVEL_WIDTH, MINUTES_WIDTH = 12, 4


class CaseTable(DataTable[object]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open case", tooltip="Start the highlighted case", id="library.open_case"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._title_width = self._points_width = 10

    def on_mount(self) -> None:
        self.add_column("Case", key="title")
        self.add_column("Built around", key="points")
        self.add_column("Level", key="level", width=LEVEL_WIDTH)
        self.add_column("Min", key="minutes", width=MINUTES_WIDTH)

    def show(self, cases: Sequence[Loaded]) -> None:
        """These cases, in this order, keyed by their paths."""
        self.clear()
        for loaded in cases:
            s = loaded.scenario
            self.add_row(
                safe.cell(s.title),
                safe.cell(", ".join(s.failure_points), "italic"),
                safe.cell(s.difficulty.value),
                safe.cell(str(s.minutes)),
                key=loaded.path,
            )
        self._title_width = max((len(safe.one_line(c.scenario.title)) for c in cases), default=10)
        self._points_width = max((len(", ".join(c.scenario.failure_points)) for c in cases), default=10)
        self._size_columns()

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
