"""A table to read, not to move around in: not focusable, so the page around it scrolls instead. The debrief's
tables and the numbers beside the history's charts are all of this kind.

It is drawn as a Rich table at the width it is given, every time it is drawn: a cell too long for its column
wraps onto more lines instead of being cut ("Stage Timescale Allowed Taken R" at 80 columns), and a narrow
terminal only makes rows taller.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.widget import Widget


def _wrapping(cell: object) -> Text:
    text = cell.copy() if isinstance(cell, Text) else Text(str(cell))
    text.no_wrap = False
    text.overflow = "fold"
    return text


class ReadingTable(Widget):
    can_focus = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"reading-table--header", "reading-table--even-row",
                                             "reading-table--rule"}
    DEFAULT_CSS = """
    ReadingTable {
        width: 1fr;
        height: auto;
    }
    ReadingTable > .reading-table--header {
        text-style: bold;
        background: $panel;
    }
    ReadingTable > .reading-table--even-row {
        background: $surface-lighten-1 50%;
    }
    ReadingTable > .reading-table--rule {
        color: $foreground-muted;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._columns: list[tuple[str, int | None]] = []
        self._rows: list[tuple[object, ...]] = []

    # --- the DataTable calls the screens make ----------------------------------

    def add_columns(self, *labels: str) -> None:
        for label in labels:
            self.add_column(label)

    def add_column(self, label: str, width: int | None = None) -> None:
        """``width``: the most the column takes; its cells wrap within it."""
        self._columns.append((label, width))
        self.refresh(layout=True)

    def add_row(self, *cells: object) -> None:
        self._rows.append(cells)
        self.refresh(layout=True)

    def clear(self) -> None:
        self._rows.clear()
        self.refresh(layout=True)

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def get_row_at(self, index: int) -> Sequence[object]:
        return self._rows[index]

    # --- drawing -------------------------------------------------------------

    def render(self) -> RenderableType:
        header = self.get_component_rich_style("reading-table--header")
        even = self.get_component_rich_style("reading-table--even-row")
        rule = self.get_component_rich_style("reading-table--rule")
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False, header_style=header,
                      border_style=rule, row_styles=["", even], collapse_padding=True, padding=(0, 1))
        for label, width in self._columns:
            table.add_column(label, max_width=width, overflow="fold")
        for cells in self._rows:
            table.add_row(*(_wrapping(cell) for cell in cells))
        return table
