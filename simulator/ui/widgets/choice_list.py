"""Choices drawn as `(•)` / `( )` or `[x]` / `[ ]`, so what is chosen reads
without colour (Textual's RadioSet and SelectionList only change the colour
of the mark), the highlighted one with the pointer (`simulator.ui.widgets.pointer`),
and labels may wrap. Up and down stop at the first and last choice."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets.option_list import Option

from simulator.ui.widgets.pointer import PointerList

_MARKS = {
    (False, True): ("(•) ", "bold"),
    (False, False): ("( ) ", ""),
    (True, True): ("[x] ", "bold"),
    (True, False): ("[ ] ", ""),
}


class ChoiceList(PointerList):
    """One choice (``multiple=False``) or any number of them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "select", "Choose", tooltip="Choose (or tick) the highlighted line",
                id="choices.choose"),
    ]

    def __init__(
        self,
        choices: list[tuple[str, Content]],
        *,
        multiple: bool = False,
        chosen: Iterable[str] = (),
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        self._choices = choices
        self.multiple = multiple
        self._chosen: list[str] = [key for key, _ in choices if key in set(chosen)]
        super().__init__(*self._build(), id=id, classes=classes)

    @property
    def chosen(self) -> tuple[str, ...]:
        """The chosen keys, in the order the choices are listed."""
        return tuple(key for key, _ in self._choices if key in self._chosen)

    def _build(self) -> list[Option]:
        options = []
        for key, label in self._choices:
            mark = _MARKS[(self.multiple, key in self._chosen)]
            options.append(Option(Content.assemble(mark, label), id=key))
        return options

    def _step(self, direction: int) -> None:
        """Up and down stop at the ends: going round from the last choice to the first (High to Low) is
        a choice the trainee did not mean."""
        start = self.highlighted
        if start is None:
            super().action_cursor_down() if direction > 0 else super().action_cursor_up()
            return
        index = start + direction
        while 0 <= index < self.option_count:
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return
            index += direction

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_select(self) -> None:
        # Chosen at once, not when the OptionSelected message is handled: a
        # confirm key pressed straight after must already see the choice.
        option = self.highlighted_option
        if option is not None and option.id is not None and not option.disabled:
            self.toggle(option.id)
        super().action_select()

    def toggle(self, key: str) -> None:
        if not self.multiple:
            self._chosen = [key]
        elif key in self._chosen:
            self._chosen.remove(key)
        else:
            self._chosen.append(key)
        highlighted = self.highlighted
        self.set_options(self._build())
        self.highlighted = highlighted
