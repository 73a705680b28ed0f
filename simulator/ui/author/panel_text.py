"""The author panel's text, built as Content from the domain's preview: what
each evidence item is in the key and how it comes to light, each option's
credit and destination, the armed never-events, the clock, the grade if the
case ended now, and what reloading the file did.

Every author string goes through `safe`; ids are shown too, since the file
is written with them.
"""

from __future__ import annotations

from textual.content import Content

from simulator.application.session import Session, StageClock
from simulator.domain.catalogue import Grade
from simulator.domain.model import Evidence, EvidenceKind, Scenario, SeesChild
from simulator.domain.preview import Armed, EvidencePreview, OptionPreview, Preview, Source
from simulator.ui import safe
from simulator.ui.author.reload import Invalid, Outcome, Reloaded, Restored, Unfitting, Unreadable
from simulator.ui.words import (
    CLOCK_STYLES,
    CLOCK_WORDS,
    FLAG_STYLES,
    GRADE_STYLES,
    GRADE_WORDS,
    clock_summary,
    flag_words,
    key_words,
)

HEADING = "bold underline"
KEY_STYLES = {EvidenceKind.RISK: "bold $error", EvidenceKind.PROTECTIVE: "bold $success", EvidenceKind.NEUTRAL: "bold",
              EvidenceKind.STATUS: "bold $accent"}
VERDICT_STYLES = {"best": "bold $success", "acceptable": "bold", "poor": "bold $warning", "wrong": "bold $error"}
# On the ordered scale, against the key's best option (a case audit has a scale of its own, so no
# "under-protects" here).
DIRECTION_WORDS = {"best": "the key's best", "level": "level with the best", "under": "under the best",
                   "over": "over the best"}
ARMED_STYLE = "bold $error"
SHORT_GRADES = {Grade.OUTSTANDING: "outstanding", Grade.GOOD: "good", Grade.REQUIRES_IMPROVEMENT: "requires impr.",
                Grade.INADEQUATE: "inadequate"}


def _heading(text: str) -> Content:
    return Content.styled(text, HEADING)


def _id(text: str) -> Content:
    """An id as the file spells it, beside the label a trainee sees."""
    return Content.assemble(("(", "dim"), safe.line(text, "dim"), (")", "dim"))


def _stage_name(scenario: Scenario, stage_id: str) -> Content:
    stage = scenario.stage_by_id.get(stage_id)
    return safe.line(stage.title, "italic") if stage is not None else _id(stage_id)


def preview_text(shown: Preview, scenario: Scenario, clock: StageClock) -> Content:
    # What changes as the author plays comes first; the evidence list is long.
    parts = [*_armed(shown, scenario), Content(""), *_now(shown, clock), Content("")]
    if shown.options:
        parts += [*_options(shown, scenario), Content("")]
    parts += _evidence(shown, scenario)
    return safe.join(parts)


def _now(shown: Preview, clock: StageClock) -> list[Content]:
    """The clock against the stage's timescale, and the grade the session would get if it ended now."""
    debrief = shown.debrief
    parts = [
        _heading("Clock"),
        Content.assemble((f" {CLOCK_WORDS[clock.status]} ", f"{CLOCK_STYLES[clock.status]} reverse"),
                         f"  day {clock.day:.2f} of the case"),
        Content(clock_summary(clock)),
        Content(""),
        Content.assemble(("If the case ended now ", HEADING), " ",
                         (f" {GRADE_WORDS[debrief.overall]} ", f"{GRADE_STYLES[debrief.overall]} reverse")),
    ]
    parts += [Content.assemble("• ", safe.line(reason)) for reason in debrief.reasons]
    for result in debrief.criteria.values():
        parts.append(Content.assemble(f"  {result.id:<20} {result.score:4.2f} ",
                                      (SHORT_GRADES[result.grade], GRADE_STYLES[result.grade])))
    return parts


def _armed(shown: Preview, scenario: Scenario) -> list[Content]:
    # One entry per never-event, with every option that would trigger it: an end-of-case rule is armed
    # by each option that ends the case.
    by_rule: dict[str, list[Armed]] = {}
    for armed in (a for o in shown.options for a in o.armed):
        by_rule.setdefault(armed.rule, []).append(armed)
    parts = [_heading(f"Never-events armed now ({len(by_rule)})")]
    if not by_rule:
        parts.append(Content.styled("None: no option open now would trigger one.", "dim"))
    for rule, armed_by in by_rule.items():
        first = armed_by[0]
        options = Content("; ").join(safe.line(scenario.option_by_id[a.option][1].label, "italic") for a in armed_by)
        parts.append(Content.assemble(("ARMED ", ARMED_STYLE), safe.line(rule, "bold"), " (",
                                      safe.line(first.criterion), ") if you choose ", options))
        parts.append(Content.assemble("  ", safe.line(first.message, "dim")))
    for critical in shown.triggered:
        parts.append(Content.assemble(("TRIGGERED ", ARMED_STYLE), safe.line(critical.rule, "bold"),
                                      " (", safe.line(critical.criterion), "): ", safe.line(critical.message, "dim")))
    return parts


def _options(shown: Preview, scenario: Scenario) -> list[Content]:
    assert shown.stage is not None
    parts = [Content.assemble(("Options at ", HEADING), safe.line(shown.stage.title, HEADING))]
    several = bool(shown.stage.decisions)
    heading = None
    for p in shown.options:
        if several and p.decision is not heading:
            heading = p.decision
            parts.append(Content.assemble(("Decision ", "bold"), safe.line(p.decision.label, "bold"), " ",
                                          _id(p.decision.id)))
        parts += _option(p, scenario)
    return parts


def _option(p: OptionPreview, scenario: Scenario) -> list[Content]:
    option, key = p.option, p.option.key
    if key.verdict is not None:
        verdict = Content.styled(key.verdict.value.upper(), VERDICT_STYLES[key.verdict.value])
    else:
        verdict = Content.styled(f"{key.votes or 0} votes", "bold")
    if p.ends_case:
        ending = scenario.ending_by_id[p.leads_to]
        leads = Content.assemble("ends: ", safe.line(ending.title, "italic"))
    else:
        leads = Content.assemble("to ", _stage_name(scenario, p.leads_to))
    elapses = f" after {option.elapses:g} working days" if option.elapses else ""
    closed = Content.styled(" not open now (its `when` does not hold)", "dim italic") if not p.open_now else Content("")
    lines = [
        Content.assemble(("• ", "bold"), safe.line(option.label, "bold"), " ", _id(option.id),
                         (f" {option.route or option.outcome.value}", "italic"), closed),
        Content.assemble("  ", verdict, f" ({p.base_credit:.2f}) · credit {p.credit:.2f}, "
                         f"{DIRECTION_WORDS.get(p.direction, p.direction)}"),
        Content.assemble("  → ", leads, " ", _id(p.leads_to), elapses),
    ]
    if option.sees_child is not SeesChild.NO:
        lines.append(Content.assemble("  its plan sees ", safe.line(_children_seen(scenario, option.sees)),
                                      f" ({option.sees_child.value})"))
    if p.armed:
        lines.append(Content.assemble("  ", ("ARMS ", ARMED_STYLE), safe.line(", ".join(a.rule for a in p.armed))))
    if key.feedback.strip():
        lines.append(Content.assemble("  ", safe.line(key.feedback, "dim")))
    return lines


def _children_seen(scenario: Scenario, sees: tuple[str, ...]) -> str:
    """Whom a plan sees, by name: the children it names, or the first child."""
    people = [scenario.person_by_id[c] for c in sees if c in scenario.person_by_id] or list(scenario.children[:1])
    return ", ".join(p.name for p in people)


def _evidence(shown: Preview, scenario: Scenario) -> list[Content]:
    found = sum(p.revealed is not None for p in shown.evidence)
    parts = [_heading(f"Evidence: {found} of {len(shown.evidence)} revealed")]
    for p in shown.evidence:
        parts += _evidence_item(p, scenario)
    return parts


def _evidence_item(p: EvidencePreview, scenario: Scenario) -> list[Content]:
    e = p.evidence
    mark = ("✓ ", "bold") if p.revealed is not None else ("· ", "dim")
    lines = [Content.assemble(mark, safe.line(e.short, "bold" if p.revealed else ""), " ", _id(e.id)),
             Content.assemble("  ", _key(e, scenario))]
    if p.revealed is not None:
        how = "on reaching " if p.revealed.new_by == "stage" else "by "
        by = _stage_name(scenario, p.revealed.stage) if p.revealed.new_by == "stage" \
            else _action_name(scenario, p.revealed.new_by)
        flag = flag_words(scenario.kind)[p.flag] if p.flag is not None else "not flagged"
        lines.append(Content.assemble(f"  revealed day {p.revealed.day:.2f} {how}", by, " · ",
                                      (flag, FLAG_STYLES[p.flag])))
    else:
        sources = [_source(s, scenario) for s in p.sources] or [Content("nothing reveals it")]
        lines.append(Content.assemble("  ", ("open now: " if p.within_reach else "", "bold"), "revealed ",
                                      Content(" or ").join(sources)))
    if e.key.explanation.strip():
        lines.append(Content.assemble("  ", safe.line(e.key.explanation, "dim")))
    return lines


def _key(e: Evidence, scenario: Scenario) -> Content:
    key = e.key
    words = [Content.styled(key_words(scenario.kind)[key.kind.value].upper(), KEY_STYLES[key.kind]),
             safe.line(key.category), Content(f"severity {key.severity}")]
    if key.blocks_closure:
        answered = Content.assemble(" (answered by ", safe.line(", ".join(key.resolved_by)), ")") \
            if key.resolved_by else Content("")
        words.append(Content.assemble(("blocks closure", "bold $warning"), answered))
    if key.essential:
        words.append(Content.assemble("essential for ", safe.line(", ".join(key.essential))))
    return Content(" · ").join(words)


def _action_name(scenario: Scenario, action_id: str) -> Content:
    action = scenario.action_by_id.get(action_id)
    return safe.line(action.label, "italic") if action is not None else _id(action_id)


def _source(source: Source, scenario: Scenario) -> Content:
    if source.action is None:
        return Content.assemble("on reaching ", _stage_name(scenario, source.stages[0]))
    where = Content(" at any stage") if not source.stages else Content.assemble(
        " at ", Content(", ").join(_stage_name(scenario, s) for s in source.stages))
    return Content.assemble("by ", _action_name(scenario, source.action), where)


# --- the panel's status line --------------------------------------------------


def jump_text(session: Session) -> Content:
    stage = session.scenario.stage_by_id.get(session.start_stage or "")
    title = safe.line(stage.title, "bold") if stage is not None else _id(session.start_stage or "")
    return Content.assemble(
        (" AUTHOR JUMP ", "bold $warning reverse"), " This session started at ", title,
        ": day 0, only what reaching it reveals is known, and nothing before it happened. "
        "A try-out, not an attempt: it is not kept in the history.",
    )


def outcome_text(outcome: Outcome | None, path: str) -> Content:
    where = safe.line(path, "italic")
    if outcome is None or isinstance(outcome, Restored):
        return Content.assemble("Watching ", where, ": saved edits load here.")
    if isinstance(outcome, Reloaded):
        return Content.assemble((" RELOADED ", "bold $success reverse"), " ", where,
                                f" changed: the session carries on in the new version "
                                f"({outcome.replayed} event{'s' * (outcome.replayed != 1)} replayed).")
    if isinstance(outcome, Unreadable):
        return Content.assemble((" CANNOT READ ", "bold $error reverse"), " ", where, ": ", safe.line(outcome.reason),
                                ". Still playing the version loaded before.")
    if isinstance(outcome, Unfitting):
        return Content.assemble(
            (" NOT RELOADED ", "bold $warning reverse"), " ", where,
            " is valid, but the session so far does not fit it: ", safe.line(outcome.where, "bold"), ": ",
            safe.line(outcome.reason), ". Still playing the version loaded before; jump to a stage, or open the "
            "case again, to play the new one.",
        )
    assert isinstance(outcome, Invalid)
    count = len(outcome.errors)
    lines = [Content.assemble((" ERRORS ", "bold $error reverse"), " ", where,
                              f" has {count} error{'s' * (count != 1)}; still playing the version loaded before. "
                              "Fix and save: it reloads by itself.")]
    for problem in outcome.errors:
        lines.append(Content.assemble(("• ", "bold $error"), safe.line(problem.format())))
    return safe.join(lines)
