"""A table to read, not to move around in: no cursor, not focusable, so the page around it scrolls instead.
The debrief's tables and the numbers beside the history's charts are all of this kind."""

from __future__ import annotations

from textual.widgets import DataTable


class ReadingTable(DataTable[object]):
    can_focus = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="none", zebra_stripes=True, show_cursor=False)
