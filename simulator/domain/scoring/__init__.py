"""Scoring a session against the criteria (design.md "Scoring, in principle"; formulas in docs/scoring.md).

A module per measure; ``table.py`` says which measures feed each criterion; ``debrief.py`` puts them together.
"""

from .debrief import critical_errors, score
from .decisions import best_options, decision_credit, option_credit
from .grades import GRADE_BANDS, grade_for
from .results import (
    CriterionResult,
    Critical,
    Debrief,
    DecisionReview,
    EvidenceReview,
    HarmfulStep,
    Indicators,
    MeasureResult,
    PointReview,
    QualityReview,
    RecordReview,
    StageTiming,
)
from .serialise import debrief_to_json

__all__ = [
    "GRADE_BANDS",
    "CriterionResult",
    "Critical",
    "Debrief",
    "DecisionReview",
    "EvidenceReview",
    "HarmfulStep",
    "Indicators",
    "MeasureResult",
    "PointReview",
    "QualityReview",
    "RecordReview",
    "StageTiming",
    "best_options",
    "critical_errors",
    "debrief_to_json",
    "decision_credit",
    "grade_for",
    "option_credit",
    "score",
]
