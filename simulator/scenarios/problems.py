"""Problems found in a trainer's file, reported as `path:line:col: error: message`."""

from __future__ import annotations

import enum

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
