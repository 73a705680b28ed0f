"""A widget mounted after the first frame, as Textual's ``Lazy`` does, that is dropped when its screen has gone
by then.

``Lazy`` mounts its widget one refresh later without asking whether the parent is still there. A trainee who
quits in the first tenth of a second after launch, or as a case opens, removes the parent first,
and the mount raised ``MountError``: a traceback on the terminal and exit status 1 (tried in tmux, Ctrl+Q
sent 0.12 s after launch, 4 times in 6).
"""

from __future__ import annotations

from textual.widget import Widget


class Deferred(Widget):
    """Wraps ``widget`` so that it is mounted in its place after the first refresh, if its parent still is."""

    DEFAULT_CSS = """
    Deferred {
        display: none;
    }
    """

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        super().__init__()

    def compose_add_child(self, widget: Widget) -> None:
        self._widget.compose_add_child(widget)

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        parent = self.parent
        if not isinstance(parent, Widget):
            return

        async def mount() -> None:
            # Gone with its screen (the app closed, the screen dismissed): nothing is left to mount into. (A
            # parent still closing is Textual's own case: its mount then does nothing.)
            if not (parent.is_attached and self.is_attached):
                return
            await parent.mount(self._widget, after=self)
            await self.remove()

        self.call_after_refresh(mount)
