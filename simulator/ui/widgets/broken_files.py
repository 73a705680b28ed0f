"""The files that could not be loaded, under the library: a line each, with its first problem, in a list the
keys reach (``p``, or Tab) with the pointer showing where the focus is; Enter on a file shows all its problems.

A line never wraps: each file keeps to one line, so three or four broken files all show under the library
even at 80x24, and more scroll in the list rather than falling out of a box below the fold.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar, Protocol

import attrs
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets.option_list import Option

from simulator.ui import safe
from simulator.ui.widgets.pointer import PointerList


class FileProblem(Protocol):
    """A problem in a file a person wrote: a scenario file's, or the config file's."""

    @property
    def path(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def col(self) -> int: ...
    @property
    def message(self) -> str: ...


@attrs.frozen
class BrokenFile:
    path: str
    problems: tuple[FileProblem, ...]  # in the order the file has them
    about: str = ""  # what to say of the file beside its problems (how else to list them); {path} is its path


def broken_files(problems: Sequence[FileProblem], about: str = "") -> list[BrokenFile]:
    """Each file once, with its problems, in the order they came."""
    by_path: dict[str, list[FileProblem]] = {}
    for p in problems:
        by_path.setdefault(p.path, []).append(p)
    return [BrokenFile(path, tuple(found), about) for path, found in by_path.items()]


def shown_path(path: str) -> str:
    """The path as a trainer would type it: relative to where they are, when it is below. Links are not
    followed: the path is the one the library found (a link to a file moved away, or to itself, included)."""
    try:
        return os.path.relpath(path) if Path(os.path.abspath(path)).is_relative_to(Path.cwd()) else path
    except (OSError, ValueError):
        return path


def short_path(path: str) -> str:
    """The path for a line of the list: a path outside where the trainer is keeps its last two parts, so the
    problem itself still fits the line (the dialog of the file's problems names it whole)."""
    shown = shown_path(path)
    parts = Path(shown).parts
    return str(Path("…", *parts[-2:])) if Path(shown).is_absolute() and len(parts) > 3 else shown


def hint_of(problem: FileProblem) -> str:
    return getattr(problem, "hint", "") or ""


def _line(broken: BrokenFile) -> Content:
    first = broken.problems[0]
    count = len(broken.problems)
    hint = hint_of(first)
    return Content.assemble(
        ("ERROR ", "bold $error"), (f"1 of {count} " if count > 1 else "", "bold"),
        safe.line(f"{short_path(first.path)}:{first.line}:{first.col}: {first.message}"
                  + (f" (hint: {hint})" if hint else "")))


class BrokenFiles(PointerList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Its problems", tooltip="Every problem of the highlighted file",
                id="library.file_problems"),
        Binding("escape", "screen.problems", "Back", tooltip="From the files back to the cases",
                id="library.problems_back"),
    ]

    class Chosen(Message):
        """Show every problem of this file."""

        def __init__(self, broken: BrokenFile) -> None:
            super().__init__()
            self.broken = broken

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.files: list[BrokenFile] = []

    def show(self, files: list[BrokenFile]) -> None:
        """These files, the pointer kept on the one it was on (else the first)."""
        was = self.files[self.highlighted].path if self.highlighted is not None and self.files else None
        self.files = files
        self.set_options([Option(_line(f)) for f in files])
        paths = [f.path for f in files]
        self.highlighted = paths.index(was) if was in paths else (0 if files else None)

    def on_option_list_option_selected(self, event: PointerList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self.files[event.option_index]))
