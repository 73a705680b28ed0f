"""How findings name things: author text on one line, evidence by its short label and source."""

from __future__ import annotations

from ..model import Evidence


def plain(text: str) -> str:
    """Author text on one line: titles and labels written as `|` blocks keep their line breaks."""
    return " ".join(text.split())


def named(e: Evidence) -> str:
    return f"'{e.short}' ({plain(e.source)})"


def quoted(text: str, limit: int = 160) -> str:
    text = plain(text)
    return f"“{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}”"
