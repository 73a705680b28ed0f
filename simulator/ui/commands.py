"""Command palette providers.

`ScreenCommands` offers every key binding of the screen the palette was
opened from (and the app's), so each action a key can do can also be found
by name. Screens add providers of their own for commands about their data
(open a case by title, take an action by its label).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets import Input, OptionList

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

# Textual's own plumbing, already offered by the system commands or pointless by name.
_SKIP_ACTIONS = frozenset({"command_palette", "quit", "help_quit", "app.focus_next", "app.focus_previous"})


class Palette(CommandPalette):
    """Textual's command palette, which does what Enter chose once however fast Enter is pressed again.

    Enter runs the chosen command and dismisses the palette; an Enter typed before the palette has gone reached
    it still, and Textual's palette dismissed it again (popping whatever screen was on top by then) and ran the
    command a second time. With the library alone beneath it, that ended in ScreenStackError and a traceback
    (found by random keys in tmux: ctrl+p, "c", Enter, Enter). The palette of themes is this one too.
    """

    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    def _once(self, event: Input.Submitted | OptionList.OptionSelected) -> None:
        if self.app.screen is not self:  # dismissed already: this Enter came after the one that chose
            event.prevent_default()  # Textual's own handlers, on the class below, are not run
            event.stop()


def key_label(binding: Binding, key: str) -> str:
    return binding.key_display or key.replace("question_mark", "?")


_key_label = key_label


def our_bindings(screen: Screen[object]) -> Iterator[tuple[str, Binding, DOMNode]]:
    """The described bindings that our own classes declare (not those they
    inherit from Textual's widgets, such as cursor keys), as active on `screen`:
    once per action, with the key that triggers it."""
    seen: set[tuple[int, str]] = set()
    for key, active in screen.active_bindings.items():
        binding, node = active.binding, active.node
        if not binding.description or binding.action in _SKIP_ACTIONS or binding.system:
            continue
        if binding.action not in _declared_actions(type(node)) or (id(node), binding.action) in seen:
            continue
        seen.add((id(node), binding.action))
        yield key, binding, node


def _declared_actions(cls: type) -> frozenset[str]:
    actions: set[str] = set()
    for klass in cls.__mro__:
        if klass.__module__.startswith("simulator."):
            for binding in klass.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding):
                    actions.add(binding.action)
    return frozenset(actions)


class ScreenCommands(Provider):
    """One command per described key binding that is active where the palette was opened."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        for key, binding, node in our_bindings(self.screen):
            help_text = binding.tooltip or binding.description
            title = f"{binding.description}  ({_key_label(binding, key)})"
            yield title, help_text, partial(_run, node, binding.action)

    async def discover(self) -> Hits:
        for title, help_text, run in self._commands():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._commands():
            score = matcher.match(title)
            if score > 0:
                # Our own strings: highlight may parse them.
                yield Hit(score, matcher.highlight(title), run, text=title, help=help_text)


async def _run(node: DOMNode, action: str) -> None:
    await node.app.run_action(action, node)
