"""The search box and the two filters above the library's table, as one row.

The home screen mounts it lazily, just after its first frame (which holds the
table, with the titles when the library's index is up to date): the two
`Select` filters and the search box cost more to build than the rest of the
screen together, and a trainee reads the list before filtering it. `Ready`
tells the screen when they are there.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select

DIFFICULTIES = ("introductory", "intermediate", "advanced")


class LibraryBrowser(Horizontal):
    class Ready(Message):
        """The search box and the filters are mounted."""

    def compose(self) -> ComposeResult:
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

    def on_mount(self) -> None:
        self.post_message(self.Ready())
