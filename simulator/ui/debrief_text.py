"""The debrief's words, built as Content from the scoring's ``Debrief`` and the
session state. Nothing is scored here: every number comes from
``simulator.domain.scoring``."""

from __future__ import annotations

from textual.content import Content

from simulator.domain.catalogue import CRITERIA_BY_ID, FAILURE_POINTS_BY_ID
from simulator.domain.engine import SessionState
from simulator.domain.model import ScenarioKind
from simulator.domain.scoring.decisions import direction_words
from simulator.domain.scoring.results import Debrief
from simulator.domain.scoring.telling import failure_point_words, indicators_sentence, record_lines
from simulator.ui import safe
from simulator.ui.words import GRADE_STYLES, GRADE_WORDS, confidence, days, duration, grade_place


def criterion_title(criterion: str) -> str:
    found = CRITERIA_BY_ID.get(criterion)
    return found.title if found is not None else criterion


def banner(debrief: Debrief, state: SessionState, trainee: str) -> Content:
    scenario = state.scenario
    grade = debrief.overall
    who = Content.assemble(" · ", safe.line(trainee)) if trainee else Content("")
    ending = scenario.ending_by_id.get(debrief.ending or "")
    end = Content.assemble("; it ended: ", safe.line(ending.title, "italic")) if ending else Content("")
    return safe.join([
        Content.assemble(("Overall: ", "bold"), (f" {GRADE_WORDS[grade]} ", f"{GRADE_STYLES[grade]} reverse"),
                         (f"  ({grade_place(grade)})", "italic")),
        Content.assemble(safe.line(scenario.title, "bold"), who),
        Content.assemble(f"You took {_took(debrief.elapsed_working_days)}", end, "."),
    ])


def reasons(debrief: Debrief) -> Content:
    lines = [Content.styled("Why this grade", "bold underline")]
    for reason in debrief.reasons:
        if reason.startswith("Limiting rule"):
            lines.append(Content.assemble(("LIMITING RULE APPLIED ", "bold $error reverse"), " ", safe.line(reason)))
        else:
            lines.append(Content.assemble("• ", safe.line(reason)))
    if debrief.limiting_applied:
        lines.append(Content.styled(
            "Under Ofsted's limiting rule a critical error, or an inadequate grade on a criterion that is limiting "
            "for this case, makes the whole case inadequate, however well the rest went.", "italic"))
    for critical in debrief.critical:
        lines.append(Content.assemble(("CRITICAL ", "bold $error"), f"({criterion_title(critical.criterion)}) ",
                                      safe.line(critical.message)))
    for step in debrief.harmful:
        if not step.never_event:
            lines.append(Content.assemble(("HARMFUL STEP ", "bold $warning"), f"({criterion_title(step.criterion)}) ",
                                          safe.line(step.message)))
    return safe.join(lines)


def findings(debrief: Debrief) -> Content:
    lines = [Content.styled("Findings by criterion", "bold underline")]
    for cid, result in debrief.criteria.items():
        lines.append(Content.assemble((criterion_title(cid), "bold"), " · ",
                                      (GRADE_WORDS[result.grade], GRADE_STYLES[result.grade])))
        if result.reason:
            lines.append(Content.assemble("  ", safe.line(result.reason)))
        for point in result.failure_points:
            lines.append(Content.assemble(("  Inspection failure point: ", "italic"),
                                          safe.line(failure_point_words(point))))
        for finding in result.findings:
            lines.append(Content.assemble("  • ", safe.line(finding)))
        if result.feedback.strip():
            lines.append(Content.assemble(("  Reviewer's note: ", "italic"), safe.line(result.feedback)))
    if debrief.not_assessed:
        names = ", ".join(criterion_title(c) for c in debrief.not_assessed)
        lines.append(Content.styled(f"Not assessed in this case: {names}.", "dim"))
    return safe.join(lines)


def indicator_summary(debrief: Debrief, kind: ScenarioKind = ScenarioKind.REFERRAL) -> Content:
    return Content(indicators_sentence(debrief.indicators, audit=kind is ScenarioKind.CASE_AUDIT))


def decisions(debrief: Debrief, state: SessionState) -> Content:
    scenario = state.scenario
    lines = [Content.styled("Your decisions against the key", "bold underline")]
    for review in debrief.decisions:
        stage = scenario.stage_by_id[review.stage]
        chosen = scenario.option_by_id[review.option][1]
        best = [scenario.option_by_id[b][1] for b in review.best if b in scenario.option_by_id]
        stands = direction_words(chosen, review.direction, review.credit).removeprefix("which ")
        lines.append(Content.assemble(("At ", "bold"), safe.line(stage.title, "bold"), ": you chose ",
                                      safe.line(chosen.label, "italic"),
                                      f" ({stands}; "
                                      f"credit {review.credit:.2f}; confidence {confidence(review.confidence)})."))
        if review.counts_against:
            lines.append(Content.assemble("  It counts against: ",
                                          ", ".join(criterion_title(c) for c in review.counts_against), "."))
        if review.direction != "best" and best:
            lines.append(Content.assemble("  An experienced reviewer would choose ",
                                          safe.line(best[0].label, "italic"), "."))
        if review.feedback.strip():
            lines.append(Content.assemble("  ", safe.line(review.feedback)))
        if review.rationale.strip():
            lines.append(Content.assemble(("  Your rationale: ", "dim"), safe.line(review.rationale)))
        else:
            lines.append(Content.styled("  You recorded no rationale.", "dim"))
        if review.record is not None and review.rationale.strip():
            for line in record_lines(review.record):
                lines.append(Content.assemble("    • ", safe.line(line)))
    return safe.join(lines)


def built_around(debrief: Debrief) -> Content:
    lines = [Content.styled("The inspection failure point this case was built around", "bold underline")]
    for fp in debrief.failure_points:
        point = FAILURE_POINTS_BY_ID.get(fp)
        kind = "Strength" if point is not None and point.strength else "Failure point"
        lines.append(Content.assemble((f"{kind}: ", "bold"), safe.line(failure_point_words(fp))))
    lines.append(Content.styled(
        "Ofsted's 2013 inspection of Cheshire East judged child protection inadequate on findings like these.",
        "italic"))
    return safe.join(lines)


def reviewer_choices(debrief: Debrief, state: SessionState) -> Content:
    scenario = state.scenario
    lines = []
    for review in debrief.decisions:
        stage = scenario.stage_by_id[review.stage]
        best = [scenario.option_by_id[b][1].label for b in review.best if b in scenario.option_by_id]
        if best:
            lines.append(Content.assemble("• At ", safe.line(stage.title, "bold"), ": ",
                                          safe.line(" or ".join(best), "italic")))
    return safe.join(lines)


def _took(elapsed: float) -> str:
    """The case's working time as a number and, where they say more, in hours and minutes: `0.7 working days
    (5 h 36 min)`, but `8 working days` alone, not again in brackets."""
    number, words = days(elapsed), duration(elapsed)
    return number if words == number else f"{number} ({words})"
