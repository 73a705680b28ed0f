"""Help (F1 or ?): the keys that work where help was opened, and how a case works."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from simulator.ui.commands import key_label, our_bindings
from simulator.ui.notices import NoticeBar, NoticeHost
from simulator.ui.screens.base import DismissedOnce
from simulator.ui.widgets.footer import AppFooter

GUIDE = """\
How a case works

• Pick a case in the library (type / to search, Enter to open it).
• Read the stage, the case file and the evidence. Take actions to find things
  out: each costs simulated working time, and the clock at the top shows the
  time used against the statutory timescale, in words and numbers.
• Flag each piece of evidence as a risk (r) or a protective factor (p), or
  leave it; u removes a flag. Items marked NEW are ones you have not looked at.
• Press d to decide. Choose an option, write why, tick the evidence you rely
  on and say how confident you are. ctrl+s confirms.
• At the end the debrief grades you against Ofsted-style criteria, shows what
  you flagged against what an experienced reviewer would, and lets you retry.

Everywhere: ctrl+p opens the command palette, which lists every command;
ctrl+t switches between light and dark; ctrl+q quits.
"""


def _keys(screen: Screen[object]) -> Table:
    """A line per key: the key, then what it does, wrapped beside it rather than under it."""
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False, expand=True,
                  title="Keys here", title_style="bold underline", title_justify="left")
    table.add_column("key", justify="right", style="bold", no_wrap=True)
    table.add_column("does", ratio=1)
    for key, binding, _ in our_bindings(screen):
        table.add_row(key_label(binding, key), binding.tooltip or binding.description)
    table.add_row("tab", "Move to the next part of the screen")
    table.add_row("ctrl+p", "Command palette: every command, by name")
    table.add_row("ctrl+q", "Quit")
    return table


class HelpScreen(DismissedOnce, NoticeHost, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "close", "Close", id="help.close"),
    ]

    def __init__(self, for_screen: Screen[object]) -> None:
        super().__init__(classes="dialog-screen")
        self.for_screen = for_screen

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Static("Help", classes="title")
            with VerticalScroll(classes="reading"):
                yield Static(_keys(self.for_screen), id="help-keys")
                yield Static(GUIDE, id="help-guide", markup=False)
            yield NoticeBar()
        yield AppFooter()

    def action_close(self) -> None:
        self.dismiss(None)
