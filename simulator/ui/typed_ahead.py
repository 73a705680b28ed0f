"""Text typed ahead of a focus move goes into the box that has the focus by the time it is read.

Textual sends a key to whatever has the focus when the app reads it, and moves the focus for Tab only when that
key comes back up from the widget it went to (docs/architecture.md, "Keys that move the focus"). Text typed in
one burst behind a Tab (a fast typist, tmux send-keys, an end-to-end test) was all sent to the widget the Tab
left: in the decision dialog a choice list, which takes no letters, so a rationale typed straight after choosing
never reached its box, and the decision was recorded with none. Bindings follow the focus already: the app
looks a key up from the focused widget when the key comes back up. ``send_on`` does the same for typing.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input, TextArea


def takes_text(widget: object) -> bool:
    """Whether ``widget`` types a printable key into itself (and so never lets one come back up)."""
    if isinstance(widget, TextArea):
        return not widget.read_only
    return isinstance(widget, Input)


def send_on(app: Any, event: events.Key) -> None:
    """A printable key that came back up to the app unused while a text box has the focus was typed for the
    box: it is typed into it now, and nothing else is done with it (a letter bound on the screen beneath does not
    act, as it would not have had the box been focused when the key was read).

    Typed now rather than sent to the box as a key: a key sent on waits behind the box's own, and a Ctrl+S typed
    straight after the text (which the dialog runs as it comes up) confirmed the decision before the box had the
    text. Keys come up in the order they were typed, so each acts in that order. The box is given the character
    as a typed one is (``TextArea._on_key``, ``Input._on_key``), through their public methods.
    """
    box = app.focused
    if not (event.is_printable and takes_text(box)) or event.character is None:
        return
    event.stop()
    event.prevent_default()
    _type_into(box, event.character)


def _type_into(box: Any, character: str) -> None:
    if isinstance(box, TextArea):
        box.replace(character, *box.selection, maintain_selection_offset=False)
    elif box.selection.is_empty:
        box.insert_text_at_cursor(character)
    else:
        box.replace(character, *box.selection)


class TypingTextArea(TextArea):
    """A text box that passes on what was typed for the next one. Going from box to box with Tab in a burst
    (a fast typist, a paste through tmux), the keys behind the Tab were read while this box still had the focus
    and sent here: a reflection's answers ran together in its first box, and the focus, moved at last, took
    what came after into the third. A printable key that reaches this box when another text box has the focus
    goes into that one."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key in ("tab", "shift+tab") and self.tab_behavior == "focus" and self.has_focus:
            # Moved now, not when the key has come back up to the app: the keys typed behind it are already
            # on their way here, and must find the next box focused.
            event.stop()
            event.prevent_default()
            if event.key == "tab":
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        focused = self.app.focused
        if focused is not self and event.is_printable and event.character is not None and takes_text(focused):
            event.stop()
            event.prevent_default()
            _type_into(focused, event.character)
            return
        await super()._on_key(event)
