"""The actions open at this stage, with their cost in working time."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from simulator.ui.widgets.pointer import PointerList


class ActionList(PointerList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Take action", tooltip="Take the highlighted action; it costs working time",
                id="actions.take"),
    ]
