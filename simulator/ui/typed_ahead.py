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
    if isinstance(box, TextArea):
        box.replace(event.character, *box.selection, maintain_selection_offset=False)
    elif box.selection.is_empty:
        box.insert_text_at_cursor(event.character)
    else:
        box.replace(event.character, *box.selection)
