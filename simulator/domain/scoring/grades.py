"""Scores to grades, and the cap a decision's credit puts on a criterion."""

from __future__ import annotations

import math

from ..catalogue import Grade

# Lowest score for each grade, best first.
GRADE_BANDS: tuple[tuple[float, Grade], ...] = (
    (0.9, Grade.OUTSTANDING),
    (0.7, Grade.GOOD),
    (0.45, Grade.REQUIRES_IMPROVEMENT),
    (0.0, Grade.INADEQUATE),
)
# The highest score in each grade's band: a cap at a grade holds a criterion at that grade or below.
BAND_TOP = {Grade.OUTSTANDING: 1.0, Grade.GOOD: 0.89, Grade.REQUIRES_IMPROVEMENT: 0.69, Grade.INADEQUATE: 0.44}
# The cap most rules use: requires improvement at best.
RI_TOP = BAND_TOP[Grade.REQUIRES_IMPROVEMENT]
# A decision credited below this is poor or wrong: it caps the case at requires improvement.
POOR = 0.7


def grade_for(score: float) -> Grade:
    for floor, grade in GRADE_BANDS:
        if score >= floor:
            return grade
    return Grade.INADEQUATE


def cap_for(credit: float) -> float:
    """A decision holds each criterion it counts against at the grade its own credit earns: a wrong decision
    leaves it inadequate, a poor one at most requires improvement, an acceptable one at most good."""
    return BAND_TOP[grade_for(credit)]


def score_text(score: float) -> str:
    """A score to two places, cut rather than rounded, so that it reads in its grade's band: 0.4487 is
    inadequate and shows as 0.44, not as the 0.45 requires improvement starts at. (The small nudge keeps a
    score of 0.29, stored as 0.28999..., at 0.29.)"""
    return f"{math.floor(score * 100 + 1e-9) / 100:.2f}"
