"""Scoring a session against the criteria (design.md "Scoring, in principle";
formulas in docs/scoring.md). Every number traces back to events in the state.

Each measure adds (score, weight) to one or more criteria; a criterion's score
is the weighted mean of its measures; grades follow ``GRADE_BANDS``; the
overall grade applies the limiting rule.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import NormalDist

import attrs

from .catalogue import CRITERIA_BY_ID, CRITERION_IDS, FAILURE_POINTS_BY_ID, Grade, Outcome
from .engine import Decision, SessionState
from .events import FlagKind
from .model import Action, ActionKind, Evidence, EvidenceKind, Option, Scenario, ScenarioKind, SeesChild, Stage
from .rulebook import RULEBOOKS, Rulebook

# Lowest score for each grade, best first.
GRADE_BANDS: tuple[tuple[float, Grade], ...] = (
    (0.9, Grade.OUTSTANDING),
    (0.7, Grade.GOOD),
    (0.45, Grade.REQUIRES_IMPROVEMENT),
    (0.0, Grade.INADEQUATE),
)
DECISION_WEIGHT = 2.0
UNDER_PROTECTION_STEP = 0.25  # each step below the key's best option caps credit this much lower
OVER_INTERVENTION_STEP = 0.1  # over-intervention costs less than under-protection
FALSE_ALARM_PENALTY = 0.5
PROTECTIVE_SHARE = 0.15
CRITICAL_CAP = 0.2
# A decision caps each criterion it feeds at its credit plus this: a wrong decision (0) leaves the criterion
# inadequate, a poor one (0.3) at most requires improvement, whatever else went well.
DECISION_CAP_MARGIN = 0.35
POOR_DECISION = 0.45  # a decision credited below this caps the whole case at requires improvement
EXPLOITATION_CATEGORIES = frozenset({"exploitation", "missing"})
MIN_RATIONALE_CHARS = 15
UNFINISHED_CAP = Grade.REQUIRES_IMPROVEMENT


def grade_for(score: float) -> Grade:
    for floor, grade in GRADE_BANDS:
        if score >= floor:
            return grade
    return Grade.INADEQUATE


@attrs.frozen
class Critical:
    rule: str
    criterion: str
    message: str


@attrs.frozen
class CriterionResult:
    id: str
    score: float
    grade: Grade
    findings: tuple[str, ...]
    feedback: str = ""  # the scenario author's note on this criterion
    critical: bool = False


@attrs.frozen
class Indicators:
    hits: int
    misses: int
    false_alarms: int
    correct_rejections: int
    protective_hits: int
    weighted_hit_rate: float | None
    false_alarm_rate: float | None
    d_prime: float


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


@attrs.frozen
class StageTiming:
    stage: str
    timescale: str
    limit: float
    taken: float
    decided: bool

    @property
    def within(self) -> bool:
        return self.taken <= self.limit


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
    failure_points: tuple[str, ...]
    reviewer: str
    rulebook: str

    @property
    def not_assessed(self) -> tuple[str, ...]:
        return tuple(c for c in CRITERION_IDS if c not in self.criteria)

    @property
    def limiting_applied(self) -> bool:
        return bool(self.critical) or any("limiting" in r for r in self.reasons)


class _Sheet:
    """Collects measures and findings per criterion."""

    def __init__(self) -> None:
        self.measures: dict[str, list[tuple[float, float]]] = defaultdict(list)
        self.caps: dict[str, float] = {}
        self.findings: dict[str, list[str]] = defaultdict(list)

    def add(self, criterion: str, score: float, weight: float = 1.0) -> None:
        self.measures[criterion].append((min(1.0, max(0.0, score)), weight))

    def note(self, criterion: str, text: str) -> None:
        point = CRITERIA_BY_ID[criterion].failure_point
        if point and not FAILURE_POINTS_BY_ID[point].strength:
            text = f"{text} [failure point: {point}]"
        self.findings[criterion].append(text)

    def cap(self, criterion: str, limit: float) -> None:
        self.caps[criterion] = min(limit, self.caps.get(criterion, 1.0))

    def score(self, criterion: str) -> float:
        measures = self.measures[criterion]
        total = sum(w for _, w in measures)
        mean = sum(s * w for s, w in measures) / total if total else 0.0
        return min(mean, self.caps.get(criterion, 1.0))


def option_credit(option: Option, stage: Stage) -> float:
    """The key's credit for an option, before the asymmetry caps."""
    if option.key.verdict is not None:
        return option.key.verdict.credit
    top = max((o.key.votes or 0) for o in stage.options)
    return (option.key.votes or 0) / top if top else 0.0


def best_options(stage: Stage) -> tuple[Option, ...]:
    credits = [option_credit(o, stage) for o in stage.options]
    top = max(credits)
    return tuple(o for o, c in zip(stage.options, credits, strict=True) if c == top)


def decision_credit(option: Option, stage: Stage) -> tuple[float, str]:
    """Credit for choosing ``option``, and whether it sits under, over or at
    the key's best on the ordered scale."""
    best = best_options(stage)
    base = option_credit(option, stage)
    if option in best:
        return base, "best"
    low, high = min(o.outcome.rank for o in best), max(o.outcome.rank for o in best)
    rank = option.outcome.rank
    if rank < low:
        return min(base, 1 - UNDER_PROTECTION_STEP * (low - rank)), "under"
    if rank > high:
        return min(base, 1 - OVER_INTERVENTION_STEP * (rank - high)), "over"
    return base, "level"


def score(state: SessionState, rulebook: Rulebook | None = None) -> Debrief:
    scenario = state.scenario
    rules = (rulebook or RULEBOOKS[scenario.rulebook]).with_levels(
        tuple(scenario.levels) if scenario.levels and len(scenario.levels) == 4 else None  # type: ignore[arg-type]
    )
    sheet = _Sheet()
    evidence_reviews, indicators = _recognition(state, sheet)
    decisions = _decisions(state, sheet)
    _exploitation(state, sheet)
    _essential(state, sheet)
    _child_voice(state, sheet)
    _partners(state, sheet)
    timings = _timeliness(state, rules, sheet)
    _rationales(state, sheet)
    critical = _never_events(state)

    results: dict[str, CriterionResult] = {}
    critical_criteria = {c.criterion for c in critical}
    for cid in CRITERION_IDS:
        if cid not in sheet.measures and cid not in critical_criteria:
            continue
        value = sheet.score(cid)
        findings = list(sheet.findings[cid])
        if cid in critical_criteria:
            value = min(value, CRITICAL_CAP)
            findings = [f"Critical: {c.message}" for c in critical if c.criterion == cid] + findings
        results[cid] = CriterionResult(
            id=cid, score=round(value, 4), grade=grade_for(value), findings=tuple(findings),
            feedback=scenario.key.feedback.get(cid, ""), critical=cid in critical_criteria,
        )
    overall, reasons = _overall(scenario, results, critical, state.finished, decisions)
    return Debrief(
        scenario=scenario.id, overall=overall, reasons=tuple(reasons), critical=critical, criteria=results,
        indicators=indicators, elapsed_working_days=round(state.clock, 4), finished=state.finished,
        ending=state.ending, evidence=evidence_reviews, decisions=decisions, timings=timings,
        failure_points=scenario.failure_points, reviewer=scenario.key.reviewer, rulebook=rules.id,
    )


def _overall(
    scenario: Scenario, results: dict[str, CriterionResult], critical: tuple[Critical, ...], finished: bool,
    decisions: tuple[DecisionReview, ...],
) -> tuple[Grade, list[str]]:
    if not results:
        return Grade.INADEQUATE, ["Nothing was done that could be assessed."]
    mean = sum(r.score for r in results.values()) / len(results)
    grade = grade_for(mean)
    reasons = [f"The criteria average {mean:.2f}, which is {grade.label.lower()} on its own."]

    def cap(limit: Grade, why: str, *, always: bool = False) -> None:
        """Lower the grade to ``limit``; say why when it bites, or always for the limiting rule."""
        nonlocal grade
        if grade.rank > limit.rank or always:
            grade = min(grade, limit, key=lambda g: g.rank)
            reasons.append(why)

    if critical:
        cap(Grade.INADEQUATE, "Limiting rule: a critical error caps the case at inadequate, whatever else scored well ("
            + "; ".join(c.rule for c in critical) + ").", always=True)
    limiting = [r.id for r in results.values() if r.id in scenario.key.limiting and r.grade is Grade.INADEQUATE]
    if limiting:
        cap(Grade.INADEQUATE, "Limiting rule: " + ", ".join(limiting)
            + " is a limiting criterion for this case and was graded inadequate.", always=not critical)
    weak = [r.id for r in results.values() if r.grade is Grade.INADEQUATE]
    if weak:
        cap(Grade.REQUIRES_IMPROVEMENT, "An inadequate criterion (" + ", ".join(weak)
            + ") means the case cannot be good overall.")
    weak_decisions = [d for d in decisions if d.credit < POOR_DECISION]
    # Inadequate is for children left at risk: over-intervention alone, with no critical error and nothing
    # under-protective, is practice to improve, not a child left unsafe.
    if (grade is Grade.INADEQUATE and not critical and not limiting and weak_decisions
            and all(d.direction == "over" for d in weak_decisions)
            and all(d.direction in ("best", "over") for d in decisions)):
        grade = Grade.REQUIRES_IMPROVEMENT
        reasons.append("Over-intervention alone left no child at risk, so the case is not inadequate.")
    if weak_decisions:
        stages = ", ".join(scenario.stage_by_id[d.stage].title for d in weak_decisions)
        cap(Grade.REQUIRES_IMPROVEMENT, f"A poor or wrong decision ({stages}) means the case cannot be good overall.")
    if not finished:
        cap(UNFINISHED_CAP, "The case is unfinished: an unfinished case never grades above requires improvement.")
    below_good = [r.id for r in results.values() if r.grade.rank < Grade.GOOD.rank]
    if below_good:
        cap(Grade.GOOD, "Outstanding needs every criterion at good or better.")
    if any(d.direction != "best" for d in decisions):
        cap(Grade.GOOD, "Outstanding needs the key's best decision at every stage.")
    return grade, reasons


@attrs.frozen
class _Wording:
    missed: str
    false_alarm: str


_REFERRAL_WORDS = _Wording("Not flagged as a risk", "Flagged as a risk, though the key reads it as")
# In a case audit the evidence is a colleague's record, and a risk flag marks a deficit in it.
_AUDIT_WORDS = _Wording("Deficit not marked", "Marked as a deficit, though the key reads it as")


def _recognition(state: SessionState, sheet: _Sheet) -> tuple[tuple[EvidenceReview, ...], Indicators]:
    scenario = state.scenario
    audit = scenario.kind is ScenarioKind.CASE_AUDIT
    criterion = "management-oversight" if audit else "risk-recognition"
    words = _AUDIT_WORDS if audit else _REFERRAL_WORDS
    revealed = state.revealed_ids
    hits = misses = false_alarms = rejections = protective_hits = protective_seen = 0
    signal_weight = hit_weight = 0.0
    reviews = []
    for e in scenario.evidence:
        flag = state.flags.get(e.id)
        kind = e.key.kind
        if e.id not in revealed:
            outcome = "not-found"
        elif kind is EvidenceKind.RISK:
            signal_weight += e.key.severity
            if flag is FlagKind.RISK:
                hits += 1
                hit_weight += e.key.severity
                outcome = "hit"
            else:
                misses += 1
                outcome = "miss"
                if e.key.severity >= 2 or e.key.blocks_closure:
                    sheet.note(criterion, f"{words.missed}: {_named(e)}. {e.key.explanation}".strip())
        elif flag is FlagKind.RISK:
            false_alarms += 1
            outcome = "false-alarm"
            sheet.note(criterion, f"{words.false_alarm} {kind.value}: {_named(e)}. "
                       f"{e.key.explanation}".strip())
        else:
            rejections += 1
            outcome = "correct-rejection"
            if kind is EvidenceKind.PROTECTIVE:
                protective_seen += 1
                if flag is FlagKind.PROTECTIVE:
                    protective_hits += 1
                    outcome = "protective-hit"
        reviews.append(EvidenceReview(e.id, e.short, kind, e.id in revealed, flag, outcome, e.key.essential,
                                      e.key.blocks_closure, e.key.explanation))
    noise = false_alarms + rejections
    hit_rate = hit_weight / signal_weight if signal_weight else None
    fa_rate = false_alarms / noise if noise else None
    if hit_rate is not None:
        value = hit_rate - FALSE_ALARM_PENALTY * (fa_rate or 0.0)
        if protective_seen:
            value = (1 - PROTECTIVE_SHARE) * value + PROTECTIVE_SHARE * protective_hits / protective_seen
        sheet.add(criterion, value, 1.5)
    # d' with the log-linear correction (Hautus 1995) so it is finite for small counts.
    z = NormalDist().inv_cdf
    d_prime = z((hits + 0.5) / (hits + misses + 1)) - z((false_alarms + 0.5) / (noise + 1))
    blockers = [e for e in scenario.evidence if e.key.blocks_closure and e.id in revealed]
    if blockers:
        recognised = [e for e in blockers if state.flags.get(e.id) is FlagKind.RISK]
        sheet.add("safe-closure", len(recognised) / len(blockers))
        for e in blockers:
            if e not in recognised:
                sheet.note("safe-closure", f"{_named(e)} blocks closure, and you did not flag it.")
    indicators = Indicators(hits, misses, false_alarms, rejections, protective_hits,
                            None if hit_rate is None else round(hit_rate, 4),
                            None if fa_rate is None else round(fa_rate, 4), round(d_prime, 4))
    return tuple(reviews), indicators


def _named(e: Evidence) -> str:
    return f"'{e.short}' ({_plain(e.source)})"


def _decisions(state: SessionState, sheet: _Sheet) -> tuple[DecisionReview, ...]:
    scenario = state.scenario
    reviews = []
    for d in state.decisions:
        stage = scenario.stage_by_id[d.stage]
        option = next(o for o in stage.options if o.id == d.option)
        credit, direction = decision_credit(option, stage)
        best = best_options(stage)
        for cid in stage.scores:
            sheet.add(cid, credit, DECISION_WEIGHT)
            sheet.cap(cid, credit + DECISION_CAP_MARGIN)
            if credit < 1:
                sheet.note(cid, _decision_finding(stage, option, best, direction))
        reviews.append(DecisionReview(d.stage, d.option, option.outcome, round(credit, 4), tuple(o.id for o in best),
                                      direction, option.key.feedback, d.rationale, d.confidence, d.day))
    return tuple(reviews)


_REFERRAL_DIRECTION = {"under": ", which protects the child less than the situation needed",
                       "over": ", which intervenes more than the situation needed"}
_AUDIT_DIRECTION = {"under": ", which accepts practice the record does not support",
                    "over": ", which escalates further than the record needed"}


def _plain(text: str) -> str:
    """Author text on one line: titles and labels written as `|` blocks keep their line breaks."""
    return " ".join(text.split())


def _decision_finding(stage: Stage, option: Option, best: tuple[Option, ...], direction: str) -> str:
    text = f"At '{_plain(stage.title)}' you chose '{_plain(option.label)}'"
    text += (_AUDIT_DIRECTION if option.outcome.audit else _REFERRAL_DIRECTION).get(direction, "")
    text += f". An experienced reviewer would choose '{_plain(best[0].label)}'."
    if option.key.feedback:
        text += " " + " ".join(option.key.feedback.split())
    return text


def _exploitation(state: SessionState, sheet: _Sheet) -> None:
    reachable = _revealable_on_path(state)
    items = [e for e in state.scenario.evidence if e.id in reachable
             and e.key.kind is EvidenceKind.RISK and e.key.category in EXPLOITATION_CATEGORIES]
    if not items:
        return
    total = sum(e.key.severity for e in items)
    got = 0.0
    for e in items:
        if state.flags.get(e.id) is FlagKind.RISK:
            got += e.key.severity
        elif e.id in state.revealed_ids:
            sheet.note("exploitation", f"Found but not flagged: {_named(e)}. {e.key.explanation}".strip())
        else:
            sheet.note("exploitation", f"Never found: {_named(e)}.")
    sheet.add("exploitation", got / total, 1.5)


def _revealable_at(scenario: Scenario, stage: Stage) -> frozenset[str]:
    found = set(stage.reveals)
    for a in scenario.actions_at(stage.id):
        found.update(a.reveals)
    return frozenset(found)


def _revealable_on_path(state: SessionState) -> frozenset[str]:
    """Evidence the trainee could have found on the stages they reached."""
    scenario = state.scenario
    found: set[str] = set(state.revealed_ids)
    for stage_id in _reached(state):
        found |= _revealable_at(scenario, scenario.stage_by_id[stage_id])
    return frozenset(found)


def _essential(state: SessionState, sheet: _Sheet) -> None:
    scenario = state.scenario
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for d in state.decisions:
        stage = scenario.stage_by_id[d.stage]
        for eid in sorted(_revealable_at(scenario, stage)):
            e = scenario.evidence_by_id[eid]
            for cid in e.key.essential:
                tally[cid][1] += 1
                if eid in d.revealed_before:
                    tally[cid][0] += 1
                else:
                    how = " or ".join(f"'{_plain(scenario.action_by_id[a].label)}'"
                                      for a in scenario.revealers.get(eid, ()))
                    sheet.note(cid, f"Not found before deciding '{_plain(stage.title)}': {_named(e)}"
                               + (f"; {how} would have revealed it." if how else "."))
    for cid, (found, needed) in tally.items():
        sheet.add(cid, found / needed, 1.5)


def _reached(state: SessionState) -> frozenset[str]:
    """Stages the trainee reached: an action only counts against them if they could have taken it."""
    return frozenset([d.stage for d in state.decisions] + ([state.stage] if state.stage else []))


def _could_take(state: SessionState, action: Action) -> bool:
    return not action.stages or bool(set(action.stages) & _reached(state))


def _last_snapshot(state: SessionState) -> frozenset[str]:
    """Actions taken by the last decision (or so far, if none was made)."""
    return state.decisions[-1].done_before if state.decisions else state.done_ids


def _child_voice(state: SessionState, sheet: _Sheet) -> None:
    scenario = state.scenario
    seeing = [a for a in scenario.actions if a.sees_child is not SeesChild.NO and _could_take(state, a)]
    if not seeing:
        return
    done = _last_snapshot(state)
    seen = {a.sees_child for a in seeing if a.id in done}
    if SeesChild.ALONE in seen:
        sheet.add("child-voice", 1.0)
        return
    alone = [a.label for a in seeing if a.sees_child is SeesChild.ALONE]
    if SeesChild.WITH_CARER in seen:
        sheet.add("child-voice", 0.5)
        apart = f"; '{_plain(alone[0])}' would have let them be seen and heard apart from their carer" if alone else ""
        sheet.note("child-voice", f"The child was seen only with a carer present{apart}.")
    else:
        sheet.add("child-voice", 0.0)
        sheet.note("child-voice", "The child was never seen; only adults' accounts were recorded.")


def _partners(state: SessionState, sheet: _Sheet) -> None:
    scenario = state.scenario
    useful = [a for a in scenario.actions if a.kind is ActionKind.PARTNER and _could_take(state, a)
              and any(scenario.evidence_by_id[e].key.kind is not EvidenceKind.NEUTRAL for e in a.reveals)]
    if not useful:
        return
    done = _last_snapshot(state)
    asked = [a for a in useful if a.id in done]
    sheet.add("partner-information", len(asked) / len(useful))
    for a in useful:
        if a not in asked:
            sheet.note("partner-information",
                       f"Not done: '{_plain(a.label)}'. It held information the decision needed.")


def _timeliness(state: SessionState, rules: Rulebook, sheet: _Sheet) -> tuple[StageTiming, ...]:
    scenario = state.scenario
    timings = []
    spans: list[tuple[Stage, float, bool]] = [
        (scenario.stage_by_id[d.stage], d.day - d.stage_entered, True) for d in state.decisions
    ]
    current = state.current_stage
    if current is not None:
        spans.append((current, state.clock - state.stage_entered, False))
    for stage, taken, decided in spans:
        if stage.timescale is None:
            continue
        limit = rules.timescale(stage.timescale).working_days
        timing = StageTiming(stage.id, stage.timescale, limit, round(taken, 4), decided)
        timings.append(timing)
        if not decided and timing.within:
            continue  # still in time; nothing to judge yet
        value = 1.0 if timing.within else max(0.0, 1 - (taken - limit) / limit)
        sheet.add("timeliness", value)
        if not timing.within:
            label = rules.timescale(stage.timescale).label
            sheet.note("timeliness", f"'{_plain(stage.title)}' took {taken:g} working days; the limit for the "
                       f"{label} is {limit:g} ({rules.title}).")
    return tuple(timings)


def _rationales(state: SessionState, sheet: _Sheet) -> None:
    scenario = state.scenario
    for d in state.decisions:
        stage = scenario.stage_by_id[d.stage]
        option = next(o for o in stage.options if o.id == d.option)
        sheet.add("management-oversight", _rationale_score(scenario, d, option, stage, sheet))


def _rationale_score(scenario: Scenario, d: Decision, option: Option, stage: Stage, sheet: _Sheet) -> float:
    if len(d.rationale.strip()) < MIN_RATIONALE_CHARS:
        sheet.note("management-oversight",
                   f"No rationale was recorded for the decision at '{_plain(stage.title)}'.")
        return 0.0
    if not d.cites:
        sheet.note("management-oversight", f"The rationale at '{_plain(stage.title)}' cites no evidence.")
        return 0.4
    relevant: list[Evidence] = []
    for cid in d.cites:
        e = scenario.evidence_by_id[cid]
        if cid not in d.revealed_before:
            sheet.note("management-oversight",
                       f"At '{_plain(stage.title)}' you cited {_named(e)}, which you had not found.")
        elif e.key.kind is EvidenceKind.NEUTRAL:
            sheet.note("management-oversight",
                       f"At '{_plain(stage.title)}' you cited {_named(e)}, which does not bear on that decision.")
        else:
            relevant.append(e)
    value = 0.4 + 0.6 * len(relevant) / len(d.cites)
    # Did what was cited support the direction taken? An escalation needs a risk behind it; a closure cannot
    # rest on a serious risk the trainee cites and then sets aside.
    if option.outcome.escalates and not any(e.key.kind is EvidenceKind.RISK for e in relevant):
        sheet.note("management-oversight", f"Nothing cited at '{_plain(stage.title)}' is a risk that would support "
                   f"'{_plain(option.label)}'.")
        value /= 2
    elif option.outcome.steps_down or decision_credit(option, stage)[1] == "under":
        known = [scenario.evidence_by_id[e] for e in sorted(d.revealed_before)]
        serious = [e for e in known if e.key.kind is EvidenceKind.RISK and (e.key.severity >= 3 or e.key.blocks_closure)
                   and not set(e.key.resolved_by) & d.revealed_before]
        cited = [e for e in serious if e.id in d.cites]
        if cited:
            sheet.note("management-oversight",
                       f"At '{_plain(stage.title)}' you cited {_named(cited[0])} and still chose "
                       f"'{_plain(option.label)}': the rationale does not explain why that risk no longer applies.")
            value /= 2
        elif serious:
            sheet.note("management-oversight",
                       f"The rationale for '{_plain(option.label)}' does not address {_named(serious[0])}, "
                       "which was known.")
            value /= 2
    return value


def critical_errors(state: SessionState) -> tuple[Critical, ...]:
    """The never-events this session has triggered so far, the built-in closure rule included."""
    return _never_events(state)


def _never_events(state: SessionState) -> tuple[Critical, ...]:
    scenario = state.scenario
    found: dict[str, Critical] = {}
    evidence = scenario.evidence_by_id
    for d in state.decisions:
        option = scenario.option_by_id[d.option][1]
        if option.outcome.steps_down:
            blockers = [evidence[e] for e in d.revealed_before if evidence[e].key.blocks_closure
                        and not set(evidence[e].key.resolved_by) & d.revealed_before]
            if blockers and "closed-with-blocking-indicator" not in found:
                names = ", ".join(sorted(_named(e) for e in blockers))
                why = ("exploitation and missing-episode signs block closure"
                       if any(e.key.category in EXPLOITATION_CATEGORIES for e in blockers)
                       else "an unresolved indicator of that weight blocks closure")
                found["closed-with-blocking-indicator"] = Critical(
                    "closed-with-blocking-indicator", "safe-closure",
                    f"The case was closed while {names} was known; {why}.")
    for ne in scenario.key.never_events:
        points: list[tuple[frozenset[str], frozenset[str]]]
        if ne.if_chosen:
            points = [(d.revealed_before, d.done_before) for d in state.decisions if d.option in ne.if_chosen]
        else:
            points = [(state.revealed_ids, state.done_ids)] if state.finished else []
        for revealed, done in points:
            if set(ne.if_revealed) <= revealed and not set(ne.unless_done) & done:
                found.setdefault(ne.id, Critical(ne.id, ne.criterion, " ".join(ne.message.split())))
    return tuple(found.values())


def debrief_to_json(debrief: Debrief) -> dict[str, object]:
    """The debrief JSON contract of design.md, with extra fields."""
    i = debrief.indicators
    return {
        "scenario": debrief.scenario,
        "overall": debrief.overall.value,
        "critical": [{"rule": c.rule, "criterion": c.criterion, "message": c.message} for c in debrief.critical],
        "criteria": {cid: {"score": r.score, "grade": r.grade.value, "findings": list(r.findings),
                           "feedback": r.feedback} for cid, r in debrief.criteria.items()},
        "indicators": {"hits": i.hits, "misses": i.misses, "false_alarms": i.false_alarms,
                       "correct_rejections": i.correct_rejections, "protective_hits": i.protective_hits,
                       "d_prime": i.d_prime},
        "elapsed_working_days": debrief.elapsed_working_days,
        "finished": debrief.finished,
        "ending": debrief.ending,
        "reasons": list(debrief.reasons),
        "not_assessed": list(debrief.not_assessed),
        "decisions": [{"stage": d.stage, "option": d.option, "outcome": d.outcome.value, "credit": d.credit,
                       "best": list(d.best), "direction": d.direction} for d in debrief.decisions],
        "timings": [{"stage": t.stage, "timescale": t.timescale, "limit": t.limit, "taken": t.taken,
                     "within": t.within} for t in debrief.timings],
        "failure_points": list(debrief.failure_points),
        "rulebook": debrief.rulebook,
        "evidence": [{"id": e.evidence, "label": e.label, "key": e.key.value, "outcome": e.outcome,
                      "flagged": None if e.flagged is None else e.flagged.value} for e in debrief.evidence],
    }
