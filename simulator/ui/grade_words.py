"""Grades in words short enough for a table's column. Apart from history_words, which reads the store's
records, so that the library's first frame (its marks) does not import them."""

from __future__ import annotations

from simulator.domain.catalogue import Grade

SHORT_GRADES = {Grade.OUTSTANDING: "Outstanding", Grade.GOOD: "Good", Grade.REQUIRES_IMPROVEMENT: "Req. improvement",
                Grade.INADEQUATE: "Inadequate"}
