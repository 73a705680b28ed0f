"""The search box, the filters and the table of cases, as one piece.

The home screen mounts it lazily, just after its first frame: the two
`Select` filters and the table cost more to build than the rest of the
screen together, and the table has nothing to show until the library has
loaded anyway. `Ready` tells the screen when it is there to be filled.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Select

from simulator.ui.widgets.case_table import CaseTable

DIFFICULTIES = ("introductory", "intermediate", "advanced")


class LibraryBrowser(Vertical):
    class Ready(Message):
        """The filters and the table are mounted."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="filters"):
            yield Input(placeholder="Search cases  ( / )", id="search", compact=True)
            yield Select(
                [(d.capitalize(), d) for d in DIFFICULTIES],
                prompt="Any level",
                allow_blank=True,
                id="difficulty",
                compact=True,
            )
            yield Select(
                [],  # filled from the library: only failure points some case is built on
                prompt="Any failure point",
                allow_blank=True,
                id="failure-point",
                compact=True,
            )
        yield CaseTable(id="cases", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.post_message(self.Ready())
