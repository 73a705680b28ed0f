"""The score sheet: what each measure found, per criterion, before any grade is given.

A measure adds a value in [0, 1] with a weight and one plain sentence saying what it found; a decision or a
harmful step may cap a criterion; findings are the particular things to put right. Each entry carries the
*side* of the error it is about: a child left less safe (``DEFICIT``) or more intervention than the case
needed (``OVER``). Only the first can make a case inadequate (domain.md §6, direction of error).
"""

from __future__ import annotations

import enum
from collections import defaultdict

import attrs

from .grades import grade_for

INADEQUATE_BELOW = 0.45


class Side(enum.Enum):
    DEFICIT = "deficit"  # missed, not done, not seen, or less protection than needed
    OVER = "over"  # more intervention than the case needed


@attrs.frozen
class Measure:
    name: str  # the measure, as named in table.py
    value: float
    weight: float
    summary: str  # one plain sentence: what this measure found
    side: Side = Side.DEFICIT


@attrs.frozen
class Cap:
    limit: float
    why: str  # the sentence that explains the grade when the cap decides it
    side: Side = Side.DEFICIT
    source: str = ""  # the measure that set it, where one did ("decision")


@attrs.frozen
class Finding:
    text: str
    side: Side = Side.DEFICIT


class Sheet:
    def __init__(self) -> None:
        self.measures: dict[str, list[Measure]] = defaultdict(list)
        self.caps: dict[str, list[Cap]] = defaultdict(list)
        self.findings: dict[str, list[Finding]] = defaultdict(list)
        # Each criterion's measures combined, once asked for: grading asks several times.
        self._combined: dict[tuple[str, Side | None], tuple[tuple[str, float, float], ...]] = {}

    def add(self, criterion: str, measure: Measure) -> None:
        if not 0.0 <= measure.value <= 1.0:
            measure = attrs.evolve(measure, value=min(1.0, max(0.0, measure.value)))
        self.measures[criterion].append(measure)
        self._combined.clear()

    def cap(self, criterion: str, cap: Cap) -> None:
        self.caps[criterion].append(cap)

    def note(self, criterion: str, text: str, side: Side = Side.DEFICIT) -> None:
        if all(f.text != text for f in self.findings[criterion]):
            self.findings[criterion].append(Finding(text, side))

    def assessed(self) -> set[str]:
        return {c for c, m in self.measures.items() if m} | {c for c, caps in self.caps.items() if caps}

    def combined(self, criterion: str, *, without: Side | None = None) -> tuple[tuple[str, float, float], ...]:
        """Each measure once, as (name, value, weight): the mean of its entries (a decision per stage, a record
        per decision), at the measure's weight. How many stages a case has does not change how much a measure
        counts."""
        found = self._combined.get((criterion, without))
        if found is None:
            grouped: dict[str, list[Measure]] = {}
            for m in self.measures.get(criterion, ()):
                if m.side is not without:
                    grouped.setdefault(m.name, []).append(m)
            # A tuple, as it is handed out again to every caller.
            found = self._combined[criterion, without] = tuple(
                (name, sum(m.value for m in ms) / len(ms), max(m.weight for m in ms)) for name, ms in grouped.items())
        return found

    def mean(self, criterion: str, *, without: Side | None = None) -> float | None:
        combined = self.combined(criterion, without=without)
        total = sum(w for _, _, w in combined)
        return sum(v * w for _, v, w in combined) / total if total else None

    def lowest_cap(self, criterion: str, *, without: Side | None = None) -> Cap | None:
        caps = [c for c in self.caps[criterion] if c.side is not without]
        return min(caps, key=lambda c: c.limit) if caps else None

    def score(self, criterion: str, *, without: Side | None = None) -> float | None:
        """The weighted mean of the criterion's measures, held under its lowest cap; ``without`` leaves out the
        measures and caps of one side (the limiting rule looks only at the deficit side)."""
        mean = self.mean(criterion, without=without)
        cap = self.lowest_cap(criterion, without=without)
        if mean is None:
            return None if cap is None else cap.limit
        return mean if cap is None else min(mean, cap.limit)

    def deciding(self, criterion: str, order: tuple[str, ...] = ()) -> str:
        """The sentence that decided the criterion's grade: the cap when it bit, else the weakest measure (the
        criterion's own measures, listed first in ``order``, first among equals), else (all well) what
        its own first measure found."""
        mean = self.mean(criterion)
        cap = self.lowest_cap(criterion)
        if cap is not None and (mean is None or cap.limit < mean) \
                and grade_for(cap.limit) is not grade_for(mean if mean is not None else 1.0):
            return cap.why
        measures = self.measures[criterion]
        if not measures:
            return cap.why if cap is not None else ""
        rank = {name: i for i, name in enumerate(order)}
        weakest = min(measures, key=lambda m: (m.value, rank.get(m.name, len(order)), -m.weight))
        if weakest.value < 0.9:
            return weakest.summary
        return min(measures, key=lambda m: (rank.get(m.name, len(order)), -m.weight)).summary

    def deficit_caps(self, criterion: str) -> list[str]:
        """The sources of the deficit-side caps that hold this criterion down."""
        return [c.source for c in self.caps[criterion] if c.side is Side.DEFICIT and c.source != "flags"]

    def failing_measures(self, criterion: str) -> list[str]:
        """The deficit-side measures at an inadequate level."""
        return [name for name, value, _ in self.combined(criterion, without=Side.OVER) if value < INADEQUATE_BELOW]
