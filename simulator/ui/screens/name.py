"""Asks the trainee's name, once; it is remembered in their settings."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from simulator.application.config import MAX_NAME
from simulator.ui.notices import NoticeBar, NoticeHost
from simulator.ui.safe import one_line
from simulator.ui.screens.base import DismissedOnce
from simulator.ui.widgets.footer import AppFooter


class NameScreen(DismissedOnce, NoticeHost, ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Not now", tooltip="Carry on without a name; you will be asked next time",
                id="name.skip"),
    ]
    AUTO_FOCUS = "#name"

    def __init__(self, current: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="name-dialog", classes="dialog"):
            yield Static("Welcome to the Case Review Simulator", classes="title")
            yield Static(
                "What is your name? It goes on your debriefs and is kept on this computer only.\n"
                "Type it and press Enter (Escape: not now).",
                markup=False,
            )
            yield Input(value=self.current, placeholder="Your name", id="name", max_length=MAX_NAME)
            yield NoticeBar()
        yield AppFooter()

    @on(Input.Submitted, "#name")
    def _submitted(self, event: Input.Submitted) -> None:
        name = one_line(event.value)
        if name:
            self.dismiss(name)

    def action_skip(self) -> None:
        self.dismiss(None)
