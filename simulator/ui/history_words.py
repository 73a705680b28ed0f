"""How the history screens put times, modes, statuses and grade comparisons
into words. Our own strings only: scenario titles go through ``safe``."""

from __future__ import annotations

from datetime import datetime

from simulator.domain.catalogue import Grade
from simulator.domain.scoring import grades
from simulator.store.records import SessionMode, SessionStatus

MODE_WORDS = {SessionMode.STANDARD: "standard", SessionMode.SELF_ASSESSMENT: "self-assessment"}
STATUS_WORDS = {SessionStatus.ACTIVE: "unfinished", SessionStatus.FINISHED: "finished",
                SessionStatus.ABANDONED: "abandoned"}


def local_time(moment: datetime | None) -> str:
    """The trainee's own clock: they remember when they played, not the UTC time."""
    if moment is None:
        return "—"
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def steps(count: int) -> str:
    return f"{count} step{'s' * (count != 1)}"


def compared(own: Grade | None, scored: Grade) -> str:
    """The trainee's own grade against the debrief's, in words."""
    if own is None:
        return "not rated"
    if own is scored:
        return "same"
    gap = own.rank - scored.rank
    grades = f"{abs(gap)} grade{'s' * (abs(gap) != 1)}"
    return f"{grades} higher" if gap > 0 else f"{grades} lower"


def score_or_dash(value: float | None) -> str:
    """A score as the debrief shows it (grades.score_text), or a dash for none."""
    return "—" if value is None else grades.score_text(value)
