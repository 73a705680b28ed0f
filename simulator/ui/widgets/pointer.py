"""A pointer at the highlighted line of our lists and tables, so where the cursor is reads without colour.

Textual shows the highlighted option of a list and the cursor row of a table by a shade, and bold: with
`NO_COLOR`, in a 16-colour terminal, or in a list whose lines are bold already (the unfinished cases' titles),
nothing else tells it. Here a `▶` stands in a gutter at the highlighted line (`▷` while the list is not
focused, so which list has the keys shows too); tables get the same mark in a first column of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual.coordinate import Coordinate
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import OptionDoesNotExist

from simulator.ui.widgets.measured_table import MeasuredTable

if TYPE_CHECKING:
    from textual import events

FOCUSED, BLURRED, NONE = "▶", "▷", " "
Item = TypeVar("Item")
GUTTER = 2  # the mark and a space
POINTER_COLUMN = "pointer"


class PointerList(OptionList):
    """An OptionList with the pointer in a gutter at the highlighted option's first line."""

    def _get_left_gutter_width(self) -> int:
        return GUTTER

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        mark, component, meta = NONE, "option-list--option", {}
        try:
            # Options may wrap onto several lines: which option, and which of its lines, this is.
            index, offset = self._lines[self.scroll_offset.y + y]
            option = self.get_option_at_index(index)
        except (IndexError, OptionDoesNotExist):
            pass
        else:
            meta = {"option": index}  # a click on the pointer is a click on its option
            if index == self.highlighted and not option.disabled:
                component = "option-list--option-highlighted"
                if offset == 0:
                    mark = FOCUSED if self.has_focus else BLURRED
        style = self.get_visual_style("option-list--option", component).rich_style + Style.from_meta(meta)
        return Strip.join([Strip([Segment(mark + " ", style)], GUTTER), line])

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class PointerTable(MeasuredTable):
    """A DataTable whose first column holds the pointer at the cursor row: call ``add_pointer_column`` before
    the other columns, give each row ``NONE`` as its first cell, and ``repoint`` after adding rows. The
    cursor sits in the first real column, so a click on a row's first cell opens it as before."""

    _pointed: int | None = None

    def add_pointer_column(self) -> None:
        self.add_column("", key=POINTER_COLUMN, width=1)

    def repoint(self) -> None:
        """Put the pointer where the cursor is (after rows change, the cursor moves, or the focus)."""
        if POINTER_COLUMN not in self.columns:
            return
        old, new = self._pointed, (self.cursor_row if self.row_count else None)
        if old is not None and old != new and old < self.row_count:
            self.update_cell_at(Coordinate(old, 0), NONE)
        if new is not None and 0 <= new < self.row_count:
            # The screen's focus, not `has_focus`: that is set only after this widget's own Blur handler.
            self.update_cell_at(Coordinate(new, 0), FOCUSED if self.screen.focused is self else BLURRED)
        self._pointed = new

    def clear(self, columns: bool = False) -> PointerTable:
        self._pointed = None
        super().clear(columns)
        return self

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        if old.row != new.row:
            self.repoint()

    def on_focus(self) -> None:
        self.repoint()

    def on_blur(self) -> None:
        self.repoint()


class FittedTable(PointerTable, Generic[Item]):
    """A pointer table laid out again whenever its width changes: `fill` chooses and sizes its columns for the
    width and adds a row per item (``NONE`` first, for the pointer); the cursor stays on its row."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.items: list[Item] = []
        self._laid_out_for = -1
        self._cursor_wanted: int | None = None  # the row shown before the table had a width

    def show(self, items: Sequence[Item], cursor: int | None = None) -> None:
        """These items; the cursor on row ``cursor``, or where it was."""
        self.items = list(items)
        self._lay_out(self.cursor_row if cursor is None else cursor)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._laid_out_for:
            cursor = self.cursor_row if self._cursor_wanted is None else self._cursor_wanted
            self._cursor_wanted = None
            self._lay_out(cursor)

    def fill(self, width: int) -> None:
        raise NotImplementedError

    def _lay_out(self, cursor: int) -> None:
        if not self.size.width:
            # Not laid out on the screen yet: its first Resize lays the rows out, once, for the width it gets
            # (rows measured for no width would be measured again a moment later).
            self._cursor_wanted = cursor
            return
        self._laid_out_for = self.size.width
        self.clear(columns=True)
        self.add_pointer_column()
        self.fill(self.size.width)
        if self.items:
            self.move_cursor(row=max(0, min(cursor, len(self.items) - 1)), column=1, animate=False)
        self.repoint()
