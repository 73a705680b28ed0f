"""The twin fixture, and edits of it for the lint tests."""

from __future__ import annotations

from pathlib import Path

from simulator.scenarios.loader import Loaded, load_bytes, load_file

DATA = Path(__file__).resolve().parent.parent / "data"
TWIN_MINI = DATA / "twins" / "twin-mini.yaml"
MINI = DATA / "mini.yaml"
TEXT = TWIN_MINI.read_text(encoding="utf-8")


def twin_mini() -> Loaded:
    loaded = load_file(TWIN_MINI)
    assert isinstance(loaded, Loaded), loaded
    return loaded


def edited(old: str, new: str) -> str:
    assert TEXT.count(old) == 1, old
    return TEXT.replace(old, new)


def problems(text: str) -> list[str]:
    """The problems `validate` would print for ``text``, without the place (the messages are what is pinned)."""
    found = load_bytes("twin.yaml", text.encode())
    assert isinstance(found, list), "expected problems"
    return [p.format().split(": error: ", 1)[1] for p in found]
