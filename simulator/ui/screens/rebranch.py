"""Re-branch: which decision to go back to, and what to choose there instead. Each decision the trainee made is
listed with what they chose; under it, the other options that were open at that moment. Choosing one dismisses
with (the decision, the option), for the app to start the new attempt from there; escape dismisses with None."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from simulator.application.rebranch import DecisionMade
from simulator.ui import safe
from simulator.ui.screens.base import DismissedOnce
from simulator.ui.widgets.footer import AppFooter


class RebranchScreen(DismissedOnce, ModalScreen[tuple[DecisionMade, str] | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Back, without re-branching", id="rebranch.cancel"),
    ]
    AUTO_FOCUS = "#branch-points"

    def __init__(self, made: Sequence[DecisionMade], heading: Content) -> None:
        """``heading``: the session being re-branched, in a line."""
        super().__init__(classes="dialog-screen")
        self.made = tuple(made)
        self.heading = heading
        self._choices: dict[str, tuple[DecisionMade, str]] = {}

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        for n, made in enumerate(self.made, start=1):
            options.append(Option(Content.assemble((f"{n}. ", "bold"), safe.line(made.title, "bold"),
                                                   "  you chose: ", safe.line(made.option.label)), disabled=True))
            for alternative in made.alternatives:
                key = f"{made.index}:{alternative.id}"
                self._choices[key] = (made, alternative.id)
                options.append(Option(Content.assemble("    → instead: ", safe.line(alternative.label)), id=key))
            if not made.alternatives:
                options.append(Option(Content.styled("    (nothing else was open at that moment)", "italic"),
                                      disabled=True))
        with Vertical(id="rebranch", classes="dialog"):
            yield Static(Content.assemble(("Re-branch: ", "bold"), self.heading), classes="title")
            yield Static("Go back to a decision you made and choose differently. A new attempt starts at that "
                         "moment, with everything you did before it; this session stays as it is, and you can "
                         "compare the two once the new one is done.", markup=False)
            if self._choices:
                yield OptionList(*options, id="branch-points")
                yield Static("enter: start from here · esc: cancel", classes="dim")
            else:
                yield Static("No decision in this session had another option open, so there is nothing to "
                             "re-branch.", markup=False)
        yield AppFooter()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = self._choices.get(event.option.id or "")
        if chosen is not None:
            self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
