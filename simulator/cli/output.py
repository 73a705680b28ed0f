"""How every command speaks: exit codes, JSON and text on standard output, and a problem as one line on
standard error, never a traceback."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.scenarios.problems import Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def problems_out(problems: Sequence[Problem]) -> None:
    for p in problems:
        print(p.format(), file=sys.stderr)


def fail(message: str) -> int:
    print("case-review: " + " ".join(message.split()), file=sys.stderr)
    return EXIT_PROBLEMS


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def plain(text: str) -> str:
    """Text fit for a terminal: control characters (escape sequences above all) shown as '?'."""
    return "".join("?" if unicodedata.category(c).startswith("C") else c for c in text)


def write_stdout(text: str) -> None:
    # Bytes, so a redirected export is UTF-8 whatever the locale says.
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()
