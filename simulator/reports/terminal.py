"""Text fit for a terminal, for everything the command line prints and every export it writes.

Text from files and from the history (a trainee's name, a reflection, an edited export, a scenario's prose)
can hold escape sequences that would set a terminal's title, clear it or colour it when the output is shown
with `cat` or printed to standard output, and bidirectional overrides that make text read in another order
than it is. ``neutralise`` shows each as a visible symbol; ``json_safe`` does the same for JSON without
losing anything, as a ``\\uXXXX`` escape. Imports nothing: the command line loads it on every start.
"""

from __future__ import annotations

import re

# Control characters but newline and tab (C0, DEL, C1), and the invisible characters that reorder text on
# screen (bidirectional embeddings, overrides and isolates: the "Trojan Source" set).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␍ for CR ...: seen, never obeyed
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def neutralise(text: str) -> str:
    """``text`` with every control character (ESC above all) and bidirectional override shown as a visible
    symbol instead of acted on. Newlines and tabs stay."""
    return UNSAFE.sub(_picture, text)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_safe(text: str) -> str:
    """JSON text (as ``json.dumps`` writes it) with the characters ``neutralise`` would replace written as
    ``\\uXXXX`` escapes: the same data, safe on a terminal. (Outside strings JSON holds none of them.)"""
    return UNSAFE.sub(_escape, text)
