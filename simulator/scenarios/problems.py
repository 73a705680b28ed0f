"""Problems found in a trainer's file, reported as `path:line:col: error: message`."""

from __future__ import annotations

import enum
import re
from pathlib import Path

import attrs


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(order=True)
class Problem:
    path: str
    line: int  # 1-based
    col: int  # 1-based
    message: str = attrs.field(order=False)
    hint: str = attrs.field(default="", order=False)
    severity: Severity = attrs.field(default=Severity.ERROR, order=False)

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity.value}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


class ScenarioError(Exception):
    """A file could not be loaded; ``problems`` says why, all at once."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = sorted(problems)


_ID_LINE = re.compile(r"^id[ \t]*:[ \t]*(?=\S)", re.MULTILINE)


def id_used(path: str, scenario_id: str, other: str) -> Problem:
    """A second file with an id already used by ``other``: pointed at the file's own `id:` line, where the
    trainer changes it (the top of the file when it cannot be found there)."""
    line, col = 1, 1
    try:
        text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        text = ""
    found = _ID_LINE.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        col = found.end() - found.start() + 1
    return Problem(path, line, col, f"scenario id {scenario_id!r} is already used by {other}",
                   "give each scenario its own id")
