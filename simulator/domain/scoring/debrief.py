"""Scoring a session: every measure onto the sheet, then each criterion graded with the sentence that decided
it, then the overall grade. Every number traces back to events in the state (docs/scoring.md)."""

from __future__ import annotations

from ..catalogue import CRITERION_IDS, FAILURE_POINTS_BY_ID, Grade
from ..engine import SessionState
from ..memo import per_object
from ..model import Scenario
from ..rulebook import RULEBOOKS, Rulebook
from .child_voice import child_voice
from .decisions import PROPORTIONATE_HELP, decisions, scores_of
from .exploitation import exploitation
from .grades import grade_for
from .harm import add_harm, harmful_steps
from .investigation import essential_evidence
from .never_events import never_events
from .overall import overall
from .partners import front_door_checks, partners
from .reach import reached, reference_stages
from .recognition import recognition
from .records import add_records, read_records
from .results import CriterionResult, Critical, Debrief, MeasureResult
from .sheet import INADEQUATE_BELOW, Sheet, Side
from .table import CRITERION_FAILURE_POINT, CRITERION_MEASURES, SOURCE_FAILURE_POINT
from .timeliness import timeliness

CRITICAL_CAP = 0.2
FRONT_DOOR = "front-door"
# Risk not recognised is shown by what was done about the risk: a decision that protected less, a record that
# argued it away, a critical error. Sparse flags behind protective decisions are a finding, not that failure.
SHOWN_BY_DECISIONS = frozenset({"risk-recognition"})


def score(state: SessionState, rulebook: Rulebook | None = None) -> Debrief:
    scenario = state.scenario
    rules = (rulebook or RULEBOOKS[scenario.rulebook]).with_levels(
        tuple(scenario.levels) if scenario.levels and len(scenario.levels) == 4 else None  # type: ignore[arg-type]
    )
    sheet = Sheet()
    evidence_reviews, indicators = recognition(state, sheet)
    records = read_records(state)
    criticals = never_events(state)
    decision_reviews = decisions(state, sheet, records, frozenset(c.option for c in criticals if c.option))
    add_records(state, sheet, records)
    exploitation(state, sheet)
    essential_evidence(state, sheet)
    child_voice(state, sheet)
    partners(state, sheet)
    front_door_checks(state, sheet)
    timings = timeliness(state, rules, sheet)
    harmful = harmful_steps(state)
    critical = criticals + add_harm(state, sheet, harmful)
    results = _grade_criteria(state, sheet, critical)
    grade, reasons = overall(scenario, results, sheet, critical, harmful, state.finished, decision_reviews)
    return Debrief(
        scenario=scenario.id, overall=grade, reasons=tuple(reasons), critical=critical, criteria=results,
        indicators=indicators, elapsed_working_days=round(state.clock, 4), finished=state.finished,
        ending=state.ending, evidence=evidence_reviews, decisions=decision_reviews, timings=timings,
        failure_points=scenario.failure_points, reviewer=scenario.key.reviewer, rulebook=rules.id, harmful=harmful,
    )


def critical_errors(state: SessionState) -> tuple[Critical, ...]:
    """The critical errors this session has made so far: never-events (the built-in closure rule included)
    and harmful steps the key calls critical."""
    return never_events(state) + tuple(
        Critical(h.rule, h.criterion, f"'{state.scenario.action_by_id[h.action].label}': {h.message}")
        for h in harmful_steps(state) if h.never_event)


def _grade_criteria(state: SessionState, sheet: Sheet, critical: tuple[Critical, ...]) -> dict[str, CriterionResult]:
    critical_criteria = {c.criterion for c in critical}
    assessed = sheet.assessed() | critical_criteria
    stages_reached = reached(state)
    results: dict[str, CriterionResult] = {}
    for cid in CRITERION_IDS:
        if cid not in assessed:
            continue
        value = sheet.score(cid)
        reason = sheet.deciding(cid, CRITERION_MEASURES.get(cid, ()))
        findings = [f.text for f in sheet.findings[cid]]
        if cid in critical_criteria:
            value = CRITICAL_CAP if value is None else min(value, CRITICAL_CAP)
            mine = [f"Critical: {c.message}" for c in critical if c.criterion == cid]
            reason, findings = mine[0], mine[1:] + findings
        value = 0.0 if value is None else value
        if cid not in critical_criteria and cid != PROPORTIONATE_HELP and value < INADEQUATE_BELOW \
                and (not _left_at_risk(sheet, cid) or _thin_front_door(state, sheet, cid)):
            value = INADEQUATE_BELOW
        grade = grade_for(value)
        results[cid] = CriterionResult(
            id=cid, score=round(value, 4), grade=grade, findings=tuple(f for f in findings if f != reason),
            feedback=_advice(state, cid, stages_reached), critical=cid in critical_criteria, reason=reason,
            failure_points=_failure_points(sheet, cid, grade, cid in critical_criteria),
            measures=tuple(MeasureResult(m.name, round(m.value, 4), m.weight) for m in sheet.measures[cid]),
        )
    return results


def _left_at_risk(sheet: Sheet, cid: str) -> bool:
    """Whether what holds the criterion below the line is on the side of a child left less safe. Inadequate is
    for children left at risk or harmed by practice, not for a worker who escalated a case that needed less
    (domain.md §6): over-intervention's own criterion is proportionate help, which the key's verdict may leave
    inadequate; any other criterion that only over-intervention holds below the line (the front door, where it
    is also the wrong level of need) is requires improvement at worst."""
    deficit = sheet.score(cid, without=Side.OVER)
    return deficit is not None and deficit < INADEQUATE_BELOW


def _thin_front_door(state: SessionState, sheet: Sheet, cid: str) -> bool:
    """Whether the front door is below the line only for thin work behind a decision that did not leave the child
    short. domain.md §3 keeps it inadequate for no decision, or a case closed with no further action without
    checks or history: a wrong decision, a record arguing against it, a harmful step or a critical error each
    hold it there by a cap of their own, and a closure without a single check is left there too. Otherwise a
    right route decided on too few checks, with a thin record, is practice to improve."""
    if cid != FRONT_DOOR or not any(m.name == "decision" for m in sheet.measures[cid]):
        return False
    if any(c.limit < INADEQUATE_BELOW for c in sheet.caps[cid] if c.side is Side.DEFICIT):
        return False
    scenario = state.scenario
    closed = any(option.outcome.steps_down and FRONT_DOOR in scores_of(stage, option)
                 for stage, option in (scenario.option_by_id[d.option] for d in state.decisions))
    unchecked = not any(m.value > 0 for m in sheet.measures[cid] if m.name == "checks")
    return not (closed and unchecked)


def _advice(state: SessionState, cid: str, stages_reached: frozenset[str]) -> str:
    """The key's note on a criterion, when the trainee reached what it speaks of: the note describes the case
    as the key's best path plays it, so it is shown once the trainee has reached every stage on that path that
    scores the criterion (or, for a criterion no stage scores, once the case has ended). Advice about a safety
    plan is not given to someone who closed the case before there was one."""
    scenario = state.scenario
    note = scenario.key.feedback.get(cid, "")
    if not note:
        return ""
    scoring = _scoring_stages(scenario)[cid]
    if not scoring:
        return note if state.finished else ""
    return note if scoring <= stages_reached else ""


@per_object
def _scoring_stages(scenario: Scenario) -> dict[str, frozenset[str]]:
    """For each criterion, the stages on the key's best path that score it."""
    path = reference_stages(scenario)
    return {cid: frozenset(s for s in path if cid in scenario.stage_by_id[s].scores) for cid in CRITERION_IDS}


def _failure_points(sheet: Sheet, cid: str, grade: Grade, critical: bool) -> tuple[str, ...]:
    """The inspection failure points a criterion shows: when it is inadequate, or held down by a decision that
    protected less than needed, a harmful step or a critical error. Work that is merely thin is told as a
    finding, not as the inspection's failure; over-intervention shows none."""
    if grade.rank >= Grade.GOOD.rank:
        return ()
    sources = sheet.deficit_caps(cid) + (["critical"] if critical else [])
    if grade is Grade.INADEQUATE and cid not in SHOWN_BY_DECISIONS:
        sources += sheet.failing_measures(cid) or [""]
    if not sources:
        return ()
    points = [SOURCE_FAILURE_POINT.get(source, {}).get(cid) or SOURCE_FAILURE_POINT.get(source, {}).get("*")
              or CRITERION_FAILURE_POINT.get(cid) for source in sources]
    return tuple(dict.fromkeys(p for p in points if p and not FAILURE_POINTS_BY_ID[p].strength))


