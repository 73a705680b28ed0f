"""A DataTable whose header is drawn again once its new rows are measured.

A DataTable measures the rows it is given when it is next idle, and widens its columns to fit them. It keeps
each cell and line it has drawn, known by how many times the table has changed, but not by the widths of its
columns; and the measuring changes the widths, not that count. So when the screen paints the table between
the rows being added and that idle moment (a loaded machine; a table one line high, its header, until its
rows arrive), the header is kept as drawn at the old widths: it stayed narrow above rows drawn wide until
the cursor moved (seen in the cohort view, and in its snapshot one run in a dozen; Textual 8.2.8). Here,
when measuring changes a width, the table counts a change, so that nothing drawn before is used again.

A heading given as a string is taken as it is written, not read as Rich markup (which a DataTable does, and
which loaded Rich's table of emoji names, a hundredth of the library's first frame, for the headings alone).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text, TextType
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey


class MeasuredTable(DataTable[object]):
    def add_column(self, label: TextType, *, width: int | None = None, key: str | None = None,
                   default: object | None = None) -> ColumnKey:
        return super().add_column(Text(label) if isinstance(label, str) else label, width=width, key=key,
                                  default=default)

    def _column_widths(self) -> list[int]:
        return [column.get_render_width(self) for column in self.ordered_columns]

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        before = self._column_widths()
        super()._update_dimensions(new_rows)
        if self._column_widths() != before:
            self._update_count += 1
            self.refresh()
