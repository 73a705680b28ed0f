"""Textual's ``Header``, whose title stays quiet when it changes as the screen closes.

The header follows the app's and the screen's titles. Textual's update looks up the title inside the header
and allows only for the screen having gone; when the title changes while the header is being taken down (the
trainee's name, read in a thread, arriving as the app quits at launch), the title is already gone and the
lookup raised ``NoMatches``: a traceback on the terminal (tmux, Ctrl+Q sent 0.18 s after launch, 1 time in 8).
"""

from __future__ import annotations

import contextlib

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class AppHeader(Header):
    def _on_mount(self, event: Mount) -> None:
        # Instead of Header's own, which would watch the titles with the update that raises (Textual runs every
        # class's handler unless one prevents it; Widget's, also skipped, is for scrolling, which a header
        # never does).
        event.prevent_default()

        async def set_title() -> None:
            with contextlib.suppress(NoScreen, NoMatches):  # the header is being taken down
                self.query_one(HeaderTitle).update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
