"""How findings name things: author text on one line, evidence by its short label and source."""

from __future__ import annotations

import functools

from ..memo import per_object
from ..model import Evidence, Scenario, Stage


def _one_line(text: str) -> str:
    return " ".join(text.split())


# Cached: the same labels and titles are named in every debrief.
@functools.lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """Author text on one line: titles and labels written as `|` blocks keep their line breaks."""
    return _one_line(text)


@per_object
def named(e: Evidence) -> str:
    source = plain(e.source)
    return f"'{e.short}' ({source})" if source else f"'{e.short}'"


def decided_at(scenario: Scenario, stage: Stage, option_id: str) -> str:
    """Where a decision was made, as a finding names it: the stage's title, and at a stage with several
    decisions which one (`Referral: Route for Jade`)."""
    if not stage.decisions:
        return plain(stage.title)
    return f"{plain(stage.title)}: {plain(scenario.decision_of_option[option_id].label)}"


def quoted(text: str, limit: int = 160) -> str:
    # Not through plain's cache, which is for the library's labels and titles: this is the trainee's own text.
    text = _one_line(text)
    return f"“{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}”"


def listed(items: list[str], last: str = "and") -> str:
    """Items in a sentence: "A", "A and B", "A, B and C" (or "or")."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]


def counted(n: int, noun: str) -> str:
    """"1 trainee", "3 trainees"."""
    return f"{n} {noun}{'s' * (n != 1)}"
