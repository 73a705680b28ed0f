"""The library's table of cases."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable


class CaseTable(DataTable[object]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open case", tooltip="Start the highlighted case"),
    ]
