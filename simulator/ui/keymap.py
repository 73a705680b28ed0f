"""Every key binding of the app by its id, for the config file's ``[keys]`` table (docs/config.md).

Each binding carries an id, ``<where>.<what>`` (``case.decide``); Textual's keymap replaces a binding's keys
by its id. This module finds them all (by importing every module of the app, so only where that cost does not
matter: checking a config file, listing keys) and says which ids share a screen, so a key given to one is not
already another's there.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import unicodedata
from collections.abc import Iterator

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import REPLACED_KEYS, Keys, key_to_character

from simulator.application.config import KeyInfo, Vocabulary

# Where each id's bindings are active, in words, and the ids that share a screen with them. The app's own
# (app.*) are active on every screen.
WHERE = {
    "app": "every screen",
    "home": "the library", "library": "the library",
    "case": "the case screen", "actions": "the case screen", "evidence": "the case screen",
    "decision": "the decision", "choices": "the decision and the export dialog",
    "outcome": "what happened next", "debrief": "the debrief",
    "self_assessment": "the self-assessment", "ratings": "the self-assessment",
    "reflection": "the reflection", "history": "the history", "export": "the export dialog",
    "resume": "the unfinished cases", "changed": "the changed-case dialog", "confirm": "a yes-or-no question",
    "name": "the name prompt", "help": "help", "stage_picker": "the author's stage picker",
    "rebranch": "the re-branch dialog", "compare": "the comparison", "cohort": "the trainer's live view",
    "file_problems": "a broken file's problems",
}
SCREENS = (
    ("home", "library"), ("case", "actions", "evidence"), ("decision", "choices"), ("export", "choices"),
    ("self_assessment", "ratings"), ("outcome",), ("debrief",), ("reflection",), ("history",), ("resume",),
    ("changed",), ("confirm",), ("name",), ("help",), ("stage_picker",), ("rebranch",), ("compare",), ("cohort",),
    ("file_problems",),
)
_NAMED = frozenset(k.value for k in Keys if "+" not in k.value and not k.value.startswith("<"))
_MODIFIERS = ("ctrl", "shift")


def all_bindings() -> Iterator[tuple[type[DOMNode], Binding]]:
    """Each binding our classes declare, with its class (a subclass that declares its own is listed too)."""
    import simulator.ui

    for info in pkgutil.walk_packages(simulator.ui.__path__, "simulator.ui."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == module.__name__:
                for binding in cls.__dict__.get("BINDINGS", []):
                    if isinstance(binding, Binding):
                        yield cls, binding


def key_problem(key: str) -> str | None:
    """Why ``key`` is not a key Textual can bind, or None. Modifiers are ctrl and shift."""
    *modifiers, name = key.split("+")
    for modifier in modifiers:
        if modifier not in _MODIFIERS:
            return f"{key!r}: {modifier!r} is not a modifier the app knows; use ctrl+ or shift+"
    if len(name) == 1:
        return None if name.isprintable() and not name.isspace() else f"{key!r}: write a space as 'space'"
    if name in _NAMED or name in REPLACED_KEYS or key_to_character(name) is not None:
        return None
    try:
        unicodedata.lookup(name.replace("_", " "))
    except KeyError:
        pass
    else:
        return None
    return (f"{key!r} is not a key name; use a character (d, D, ?), a name (f5, enter, escape, tab, space, up, "
            "pageup, delete), or one of those after ctrl+ or shift+")


def key_display(keys: str) -> str:
    """Keys as a person types them in the config file: `?` and `/` rather than their names."""
    shown = []
    for key in keys.split(","):
        character = key_to_character(REPLACED_KEYS.get(key, key)) if "+" not in key and len(key) > 1 else None
        shown.append(character if character is not None and character.isprintable() and key not in _NAMED
                     else key)
    return ", ".join(shown)


def key_for(app: object, binding_id: str, default: str) -> str:
    """The key text should name for a binding: the first the trainee set for it in the config file's [keys], else
    its own (``default``). A button or hint that says "ctrl+s" is wrong for someone who moved Confirm to f2."""
    keys: dict[str, str] = getattr(getattr(app, "config", None), "keys", None) or {}
    return key_display(keys.get(binding_id) or default).split(", ")[0]


def keys_table() -> str:
    """The Markdown table of every key binding docs/config.md lists (tests/test_config.py keeps it true)."""
    lines = ["| id | keys | does | where |", "|---|---|---|---|"]
    order = {name: n for n, name in enumerate(WHERE)}
    known = vocabulary().keys or {}
    for binding_id, info in sorted(known.items(),
                                   key=lambda item: (order.get(item[0].split(".")[0], len(order)), item[0])):
        keys = key_display(info.keys).replace("|", "\\|")
        lines.append(f"| `{binding_id}` | {keys} | {info.does or info.description} | {info.where} |")
    return "\n".join(lines)


def vocabulary(*, with_ids: bool = True) -> Vocabulary:
    """The ids, keys and themes the config file may name. Without ids, no module is imported to find them."""
    from textual.theme import BUILTIN_THEMES

    if not with_ids:
        return Vocabulary(keys=None, themes=tuple(BUILTIN_THEMES), key_problem=key_problem)
    found: dict[str, Binding] = {}
    owners: dict[str, type[DOMNode]] = {}
    for owner, binding in all_bindings():
        if binding.id is None:
            continue
        # A subclass may say it in its own words (an audit's "Deficit" for a "Risk"): the base's are the id's.
        if binding.id not in found or issubclass(owners[binding.id], owner):
            found[binding.id], owners[binding.id] = binding, owner
    keys = {}
    for binding_id, binding in found.items():
        where = binding_id.split(".")[0]
        shares = set().union(*(screen for screen in SCREENS if where in screen)) if where != "app" else set(WHERE)
        clashes = frozenset(other for other in found if other != binding_id
                            and (other.split(".")[0] in shares or other.split(".")[0] == "app"))
        keys[binding_id] = KeyInfo(binding.key, binding.description or binding.tooltip or binding.action,
                                   WHERE.get(where, where), clashes, binding.tooltip)
    return Vocabulary(keys=keys, themes=tuple(BUILTIN_THEMES), key_problem=key_problem)
