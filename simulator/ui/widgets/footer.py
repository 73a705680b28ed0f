"""The footer: compact on narrow terminals so the keys that matter fit in 80
columns, and rebuilt only when the keys it shows actually change.

Textual's Footer recomposes on every bindings signal; a case screen sends
several while it opens (focus, tab, state), and each rebuild costs a dozen
widgets. Coalescing them is a good part of opening a case within a frame.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

COMPACT_BELOW = 100
# A screen's keys for its tabs and panes, shown together as one entry ("s e c n a Go to"): named one by one they
# took more than half of an 80-column footer.
GO_TO = Binding.Group("Go to")


class AppFooter(Footer):
    _shown: tuple[tuple[str, str, bool], ...] | None = None
    _pending = False

    def on_mount(self) -> None:
        self.compact = self.app.size.width < COMPACT_BELOW

    def on_resize(self, event: events.Resize) -> None:
        self.compact = self.app.size.width < COMPACT_BELOW

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen or self._pending:
            return
        self._pending = True
        self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:
            return  # its screen closed before the refresh came round
        shown = tuple(
            (key, active.binding.description, active.enabled)
            for key, active in self.screen.active_bindings.items()
            if active.binding.show
        )
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
