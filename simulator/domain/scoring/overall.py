"""The overall grade and Ofsted's limiting rule (domain.md §2), with the direction of error (§6): inadequate is
for children left at risk or harmed by practice, so over-intervention alone never makes a case inadequate,
whatever the key's labels or limiting criteria."""

from __future__ import annotations

from collections.abc import Iterable

from ..catalogue import Grade
from ..model import Scenario
from .grades import POOR, grade_for, score_text
from .naming import plain
from .records import UNREASONED
from .results import CriterionResult, Critical, DecisionReview, HarmfulStep
from .sheet import Sheet, Side
from .telling import criterion_title

UNFINISHED_CAP = Grade.REQUIRES_IMPROVEMENT


def overall(scenario: Scenario, results: dict[str, CriterionResult], sheet: Sheet, critical: tuple[Critical, ...],
            harmful: tuple[HarmfulStep, ...], finished: bool,
            decisions: tuple[DecisionReview, ...]) -> tuple[Grade, list[str]]:
    if not results:
        return Grade.INADEQUATE, ["Nothing was done that could be assessed."]
    mean = sum(r.score for r in results.values()) / len(results)
    grade = grade_for(mean)
    reasons = [f"The criteria average {score_text(mean)}, which is {grade.label.lower()} on its own."]

    def cap(limit: Grade, why: str, *, always: bool = False) -> None:
        """Lower the grade to ``limit``; say why when it bites, or always for the limiting rule."""
        nonlocal grade
        if grade.rank > limit.rank or always:
            grade = min(grade, limit, key=lambda g: g.rank)
            reasons.append(why)

    if critical:
        cap(Grade.INADEQUATE, "Limiting rule: a critical error caps the case at inadequate, whatever else scored "
            "well (" + _titles(c.criterion for c in critical) + ").", always=True)
    deficit_grades = {cid: grade_for(s) for cid in results if (s := sheet.score(cid, without=Side.OVER)) is not None}
    # A limiting criterion limits when the child was left less safe: a decision that protected less than needed
    # (or a critical error, above). Thin work behind the right decisions is practice to improve, not inadequate.
    left_less_safe = any(d.direction in ("under", "level") and d.credit < POOR for d in decisions)
    limiting = [cid for cid in results if cid in scenario.key.limiting and left_less_safe
                and deficit_grades.get(cid) is Grade.INADEQUATE and not results[cid].critical]
    if limiting:
        cap(Grade.INADEQUATE, "Limiting rule: " + _titles(limiting)
            + " is a limiting criterion for this case and was graded inadequate.", always=not critical)
    weak_decisions = [d for d in decisions if d.credit < POOR]
    over_alone = (bool(weak_decisions) and all(d.direction == "over" for d in weak_decisions)
                  and not critical and not limiting and not harmful
                  and not any(g is Grade.INADEQUATE for g in deficit_grades.values()))
    if over_alone:
        grade = Grade.REQUIRES_IMPROVEMENT
        reasons.append("Over-intervention alone: more than the case needed, with no child left at risk, is "
                       "practice to improve (requires improvement), never inadequate.")
    weak = [r.id for r in results.values() if r.grade is Grade.INADEQUATE]
    if weak:
        cap(Grade.REQUIRES_IMPROVEMENT, "An inadequate criterion (" + _titles(weak)
            + ") means the case cannot be good overall.")
    if weak_decisions and not over_alone:
        stages = ", ".join(scenario.stage_by_id[d.stage].title for d in weak_decisions)
        cap(Grade.REQUIRES_IMPROVEMENT, f"A poor or wrong decision ({stages}) means the case cannot be good overall.")
    unreasoned = [d for d in decisions if d.record is not None and d.record.score < UNREASONED]
    if unreasoned:
        stages = ", ".join(scenario.stage_by_id[d.stage].title for d in unreasoned)
        cap(Grade.REQUIRES_IMPROVEMENT, f"A decision recorded without reasons a reader could check ({stages}) means "
            "the case cannot be good overall.")
    soft_harm = [h for h in harmful if not h.never_event]
    if soft_harm:
        cap(Grade.REQUIRES_IMPROVEMENT, "A harmful step (" + ", ".join(dict.fromkeys(
            plain(scenario.action_by_id[h.action].label) for h in soft_harm))
            + ") means the case cannot be good overall.")
    if not finished:
        cap(UNFINISHED_CAP, "The case is unfinished: an unfinished case never grades above requires improvement.")
    below_good = [r.id for r in results.values() if r.grade.rank < Grade.GOOD.rank]
    if below_good:
        cap(Grade.GOOD, "Outstanding needs every criterion at good or better.")
    if any(d.direction != "best" for d in decisions):
        cap(Grade.GOOD, "Outstanding needs the key's best decision at every stage.")
    return grade, reasons


def _titles(criteria: Iterable[str]) -> str:
    """Criteria as the debrief names them ("The child seen and heard"), each once: the reasons are read by
    trainees, who never see the ids."""
    return ", ".join(dict.fromkeys(map(criterion_title, criteria)))
