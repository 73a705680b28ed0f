"""The author's jump: every stage of the case, to start a fresh try-out at."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from simulator.domain.model import Scenario, Stage
from simulator.ui import safe
from simulator.ui.notices import NoticeBar, NoticeHost
from simulator.ui.screens.base import DismissedOnce, quitting
from simulator.ui.widgets.footer import AppFooter
from simulator.ui.widgets.pointer import PointerList


def stage_prompt(number: int, stage: Stage, current: bool) -> Content:
    timescale = f" · {stage.timescale}" if stage.timescale else ""
    return Content.assemble(
        (f"{number}. ", "bold"), safe.line(stage.title, "bold"), ("  (you are here)" if current else "", "italic"),
        "\n   ", safe.line(stage.id, "dim"),
        (f"{timescale} · {_choices(stage)} · reveals {len(stage.reveals)} on arrival", "dim"),
    )


def _choices(stage: Stage) -> str:
    """What is decided at a stage: its options, or, for a stage with several decisions, those and theirs."""
    if not stage.decisions:
        return f"{len(stage.options)} option{'s' * (len(stage.options) != 1)}"
    return f"{len(stage.decisions)} decisions, {len(stage.all_options)} options"


class StagePicker(DismissedOnce, NoticeHost, ModalScreen[str | None]):
    """Dismisses with the chosen stage's id, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Go back to the case without jumping", id="stage_picker.cancel"),
    ]
    AUTO_FOCUS = "#stages"

    def __init__(self, scenario: Scenario, current: str | None) -> None:
        super().__init__(classes="dialog-screen")
        self.scenario = scenario
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="stage-picker", classes="dialog"):
            yield Static("Jump to a stage", classes="title")
            yield Static("A fresh session starts at the stage you choose: day 0, only what reaching it reveals is "
                         "known, nothing before it happened. It is a try-out, not an attempt, and is not kept in "
                         "the history. Enter jumps; Escape goes back.", classes="dim")
            yield PointerList(*(Option(stage_prompt(n, s, s.id == self.current), id=s.id)
                               for n, s in enumerate(self.scenario.stages, 1)), id="stages")
            yield NoticeBar()
        yield AppFooter()

    def on_mount(self) -> None:
        if quitting(self):
            return
        ids = [s.id for s in self.scenario.stages]
        if self.current in ids:
            self.query_one("#stages", OptionList).highlighted = ids.index(self.current)

    @on(OptionList.OptionSelected, "#stages")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
