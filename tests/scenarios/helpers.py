from __future__ import annotations

from simulator.scenarios.loader import load_bytes
from simulator.scenarios.problems import Problem

from ..conftest import MINI

MINI_TEXT = MINI.read_text(encoding="utf-8")


def problems_for(text: str | bytes, name: str = "case.yaml") -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    result = load_bytes(name, data)
    assert isinstance(result, list), "expected problems, but the file loaded"
    assert all(isinstance(p, Problem) for p in result)
    return [p.format() for p in result]


def edited(old: str, new: str, count: int = 1) -> str:
    assert MINI_TEXT.count(old) >= 1, old
    return MINI_TEXT.replace(old, new, count)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1
