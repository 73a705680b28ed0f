"""How the app words times and counts: each figure said once, sentences that start with a capital, and plurals
that agree (found by a trainee reading the debrief and the notices)."""

from __future__ import annotations

import pytest

from simulator.application.session import StageClock
from simulator.ui.debrief_text import _took
from simulator.ui.words import clock_summary


@pytest.mark.parametrize(("elapsed", "said"), [
    (8, "8 working days"),  # not "8 working days (8 working days)"
    (1, "1 working day"),
    (0.7, "0.7 working days (5 h 36 min)"),
    (8.5, "8.5 working days (8 working days 4 h)"),
])
def test_the_time_a_case_took_is_said_once(elapsed: float, said: str) -> None:
    assert _took(elapsed) == said


def test_a_stage_with_no_timescale_is_told_in_a_sentence() -> None:
    told = clock_summary(StageClock(day=3.0, used=0.0, timescale=None, rulebook_title="Working Together"))
    assert told == "No time spent at this stage; no statutory timescale applies here."
