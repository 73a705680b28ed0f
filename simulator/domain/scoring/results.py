"""What scoring produces: the debrief and its parts. Plain frozen data, so that the app, the store, the exports
and `score --json` all read the same thing."""

from __future__ import annotations

import attrs

from ..catalogue import CRITERION_IDS, Grade, Outcome
from ..events import FlagKind
from ..model import EvidenceKind


@attrs.frozen
class Critical:
    rule: str
    criterion: str
    message: str
    option: str | None = None  # the decision that made it, when a decision did


@attrs.frozen
class MeasureResult:
    """One measure's part in a criterion's score, for the trainer's view and the JSON."""

    name: str
    value: float
    weight: float


@attrs.frozen
class CriterionResult:
    id: str
    score: float
    grade: Grade
    findings: tuple[str, ...]
    feedback: str = ""  # the scenario author's note on this criterion
    critical: bool = False
    reason: str = ""  # the one sentence that decided the grade
    failure_points: tuple[str, ...] = ()  # the inspection's failure points this trainee's work showed
    measures: tuple[MeasureResult, ...] = ()


@attrs.frozen
class Indicators:
    """The flags against the key, over the evidence the trainee revealed. Every revealed item is counted once:
    risks are hits or misses; everything else is a false alarm (flagged as a risk), a strength recognised
    (a protective item flagged protective), or left unflagged."""

    hits: int
    misses: int
    false_alarms: int
    correct_rejections: int  # revealed items that are not risks and were not flagged as risks
    protective_hits: int
    weighted_hit_rate: float | None
    false_alarm_rate: float | None
    d_prime: float
    protective_flagged_other: int = 0  # risk or neutral items flagged protective
    left_unflagged: int = 0  # non-risk items with no flag

    @property
    def signals(self) -> int:
        return self.hits + self.misses

    @property
    def noise(self) -> int:
        return self.false_alarms + self.correct_rejections


@attrs.frozen
class EvidenceReview:
    """One evidence item: what the trainee did with it against the key."""

    evidence: str
    label: str
    key: EvidenceKind
    revealed: bool
    flagged: FlagKind | None
    outcome: str  # hit, miss, false-alarm, correct-rejection, protective-hit, not-found
    essential: tuple[str, ...]
    blocks_closure: bool
    explanation: str

    @property
    def told(self) -> str:
        """The outcome as the debrief tells it. A correct rejection (not flagged as a risk, rightly) is told by
        what was done with the item: flagged as a strength the key does not read it as, a strength left
        unflagged, or left alone as it should be."""
        if self.outcome != "correct-rejection":
            return self.outcome
        if self.flagged is FlagKind.PROTECTIVE:
            return "not-a-strength"
        if self.key is EvidenceKind.PROTECTIVE:
            return "strength-unflagged"
        return "correct-rejection"


@attrs.frozen
class PointReview:
    id: str
    says: str  # the author's words
    made: bool
    quote: str = ""  # the trainee's sentence that made it


@attrs.frozen
class QualityReview:
    name: str
    label: str
    present: bool
    quote: str = ""


@attrs.frozen
class RecordReview:
    """The written record of one decision, as read (domain.md §6)."""

    score: float
    words: int
    specific_terms: tuple[str, ...]
    qualities: tuple[QualityReview, ...]
    points: tuple[PointReview, ...]
    wrong: tuple[PointReview, ...]  # wrong points the record made
    contradiction: str  # the trainee's sentence arguing against their own decision, or ""
    notes: tuple[str, ...]  # what else the reading found (citations not found, a serious risk not addressed)
    gist: str = ""  # when the record is missing, filler or one line, what the criteria it feeds already say
    argues_for_more: bool = False  # its contradiction argues for more protection than the decision gives
    elsewhere: str = ""  # what it is about instead of this decision's case or child ("is about Jade, not Tyler ...")
    unfound: tuple[str, ...] = ()  # the items it cites that had not been found, as the debrief names them

    @property
    def filler(self) -> bool:
        return self.words > 0 and len(self.specific_terms) < 2


@attrs.frozen
class DecisionReview:
    stage: str
    option: str
    outcome: Outcome
    credit: float
    best: tuple[str, ...]  # the option ids the key rates highest
    direction: str  # best, under, over, level
    feedback: str
    rationale: str
    confidence: int | None
    day: float
    counts_against: tuple[str, ...] = ()  # the criteria this decision counted against
    record: RecordReview | None = None


@attrs.frozen
class HarmfulStep:
    rule: str
    action: str
    criterion: str
    message: str
    never_event: bool
    stage: str  # where it was taken


@attrs.frozen
class StageTiming:
    stage: str  # the stage, or for a clock (format 2) the clock's id
    timescale: str
    limit: float
    taken: float
    decided: bool  # for a clock: stopped
    label: str = ""  # a clock's label; "" for a stage's own timescale

    @property
    def within(self) -> bool:
        return self.taken <= self.limit

    @property
    def not_done(self) -> bool:
        """A clock (format 2) whose work never happened though it fell due: nothing stopped it in time."""
        return bool(self.label) and not self.decided and not self.within


@attrs.frozen(kw_only=True)
class Debrief:
    scenario: str
    overall: Grade
    reasons: tuple[str, ...]
    critical: tuple[Critical, ...]
    criteria: dict[str, CriterionResult]
    indicators: Indicators
    elapsed_working_days: float
    finished: bool
    ending: str | None
    evidence: tuple[EvidenceReview, ...]
    decisions: tuple[DecisionReview, ...]
    timings: tuple[StageTiming, ...]
    failure_points: tuple[str, ...]  # what the case was built around
    reviewer: str
    rulebook: str
    harmful: tuple[HarmfulStep, ...] = ()

    @property
    def not_assessed(self) -> tuple[str, ...]:
        return tuple(c for c in CRITERION_IDS if c not in self.criteria)

    @property
    def limiting_applied(self) -> bool:
        return bool(self.critical) or any("limiting" in r for r in self.reasons)

    @property
    def shown_failure_points(self) -> tuple[str, ...]:
        """The inspection's failure points this session's work showed, across criteria, in catalogue order."""
        found = {fp for r in self.criteria.values() for fp in r.failure_points}
        return tuple(dict.fromkeys(fp for r in self.criteria.values() for fp in r.failure_points if fp in found))
