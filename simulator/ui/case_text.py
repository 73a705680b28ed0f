"""The case screen's text, built as Content from the scenario and the
session state: the case file, the stage, evidence entries and actions.

Every scenario string goes through `safe`; the rest is our own wording.
One Content per panel keeps the case screen to a handful of widgets, which
is what lets it open within a frame or two.
"""

from __future__ import annotations

from textual.content import Content

from simulator.application.session import StageClock, case_clocks, clock_status
from simulator.domain.catalogue import OUTCOME_LABELS, ROUTES_BY_ID
from simulator.domain.engine import Revealed, SessionState, narrative
from simulator.domain.model import Action, Evidence, Option, Scenario, StageDecision
from simulator.ui import safe
from simulator.ui.words import CLOCK_WORDS, FLAG_STYLES, duration, flag_hint, flag_words

HEADING = "bold underline"


def heading(text: str) -> Content:
    return Content.styled(text, HEADING)


def case_file(scenario: Scenario) -> Content:
    case = scenario.case
    parts: list[Content] = [
        heading("Referral"),
        Content.assemble(("From: ", "bold"), safe.line(case.referral.source), ("   Received: ", "bold"),
                         safe.line(case.referral.received)),
        safe.markdown(case.referral.text),
        Content(""),
        heading("People"),
    ]
    for person in case.people:
        age = f", {safe.one_line(person.age)}" if person.age.strip() else ""
        parts.append(Content.assemble(("• ", ""), safe.line(person.name, "bold"), " (", safe.line(person.role),
                                      safe.plain(age), ")"))
        if person.notes.strip():
            parts.append(Content.assemble("  ", safe.markdown(person.notes)))
    if case.household.strip():
        parts += [Content(""), heading("Household"), safe.markdown(case.household)]
    if case.chronology:
        parts += [Content(""), heading("Chronology of earlier contacts")]
        for entry in case.chronology:
            source = Content.assemble(" · ", safe.line(entry.source)) if entry.source.strip() else Content("")
            parts.append(Content.assemble(safe.line(entry.date, "bold"), source))
            parts.append(Content.assemble("  ", safe.markdown(entry.text)))
    if case.documents:
        parts += [Content(""), heading("Documents on file")]
        for document in case.documents:
            parts.append(Content.assemble(safe.line(document.title, "bold"), " · ", safe.line(document.source)))
            parts.append(safe.markdown(document.text))
            parts.append(Content(""))
    return safe.join(parts)


def option_line(option: Option) -> Content:
    # A format-2 option names its legal route; the trainee sees the route's name rather than its place on the scale.
    if option.route:
        route = ROUTES_BY_ID[option.route].label
    else:
        route = OUTCOME_LABELS.get(option.outcome, option.outcome.value)
    if safe.one_line(option.label).casefold() == route.casefold():
        return safe.line(option.label)
    return Content.assemble(safe.line(option.label), (f"  · {route}", "dim"))


def decision_title(scenario: Scenario, decision: StageDecision) -> Content:
    """A decision's label, with who it is about when it says so."""
    person = scenario.person_by_id.get(decision.about or "")
    if person is None:
        return safe.line(decision.label, "bold")
    about = f"{person.name}, {person.age}" if person.age else person.name
    return Content.assemble(safe.line(decision.label, "bold"), "  (about ", safe.line(about), ")")


def facts_on_file(state: SessionState) -> list[Content]:
    """What the trainee's actions and decisions have brought about that is not evidence: consent, a referral."""
    facts = state.scenario.fact_by_id
    return [Content.assemble("• ", safe.line(facts[f.fact].label)) for f in state.facts_set if f.fact in facts]


def stage_text(state: SessionState, clock: StageClock) -> Content:
    scenario = state.scenario
    stage = state.current_stage
    parts: list[Content] = []
    if state.decisions:
        parts.append(heading("So far"))
        for decision in state.decisions:
            decided_stage = scenario.stage_by_id[decision.stage]
            option = scenario.option_by_id[decision.option][1]
            parts.append(Content.assemble("• At ", safe.line(decided_stage.title, "bold"), " you chose ",
                                          safe.line(option.label, "italic"), f" (day {decision.day:.2f})."))
        parts.append(Content(""))
    if stage is None:
        return safe.join([*parts, Content("The case has ended.")])
    parts += [
        Content.assemble(("Stage: ", HEADING), safe.line(stage.title, HEADING)),
        safe.markdown(narrative(state, stage)),
        Content(""),
    ]
    done = facts_on_file(state)
    if done:
        parts += [Content.styled("Done so far", "bold"), *done, Content("")]
    if clock.timescale is not None:
        parts.append(Content.assemble(
            ("Timescale: ", "bold"),
            f"the {clock.timescale.label} is due within {duration(clock.timescale.working_days)} "
            f"of reaching this stage ({clock.rulebook_title}). Now: ",
            (CLOCK_WORDS[clock.status], "bold"), ".",
        ))
        parts.append(Content(""))
    parts += _case_clocks(state)
    pending = state.pending_decisions()
    if stage.decisions:
        parts.append(Content.styled(f"The decisions at this stage, made together as one plan ({len(pending)} to make):",
                                    "bold"))
        for to_make in pending:
            parts.append(Content.assemble("• ", decision_title(scenario, to_make), ": one of"))
            parts.extend(Content.assemble("    ◦ ", option_line(o)) for o in state.open_options(to_make))
    else:
        parts.append(Content.styled("The decision at this stage: one of", "bold"))
        parts.extend(Content.assemble("• ", option_line(o)) for o in state.options())
    parts.append(Content(""))
    parts.append(Content("Find things out with the actions on the left, flag what you judge to be risk or protective "
                         "in the evidence, then press d to decide."))
    return safe.join(parts)


def _case_clocks(state: SessionState) -> list[Content]:
    """The case's own clocks that have started: running ones with how they stand, stopped ones as done."""
    lines = []
    for reading in case_clocks(state):
        text = reading.clock.label
        label = safe.line(text[:1].upper() + text[1:], "bold")  # the debrief's "the private fostering visit"
        if reading.stopped is not None:
            taken = reading.taken_by(state.clock)
            word = "done in time" if taken <= reading.limit else "done late"
            lines.append(Content.assemble("• ", label, f": {word} ({duration(taken)} of {duration(reading.limit)})."))
            continue
        status = clock_status(reading.taken_by(state.clock), reading.limit)
        left = reading.left_at(state.clock)
        when = f"{duration(left)} left" if left >= 0 else f"{duration(-left)} past due"
        lines.append(Content.assemble("• ", label, f": due within {duration(reading.limit)}; {when}. Now: ",
                                      (CLOCK_WORDS[status], "bold"), "."))
    return [Content.styled("Clocks", "bold"), *lines, Content("")] if lines else []


def evidence_entry(evidence: Evidence, flag_word: str, flag_style: str, new: bool) -> Content:
    return Content.assemble(
        ("NEW " if new else "    ", "bold $accent"),
        (f"{flag_word:<10} ", flag_style),
        safe.line(evidence.short),
    )


def evidence_prompt(state: SessionState, revealed: Revealed, new: bool) -> Content:
    evidence = state.scenario.evidence_by_id[revealed.evidence]
    flag = state.flags.get(revealed.evidence)
    word = flag_words(state.scenario.kind)[flag] if flag is not None else "·"
    return evidence_entry(evidence, word, FLAG_STYLES[flag], new)


def how_found(scenario: Scenario, revealed: Revealed) -> Content:
    stage = scenario.stage_by_id.get(revealed.stage)
    where = Content.assemble(" at ", safe.line(stage.title)) if stage is not None else Content("")
    if revealed.new_by == "stage":
        return Content.assemble(f"On file from day {revealed.day:.2f}", where, ".")
    action = scenario.action_by_id.get(revealed.new_by)
    by = safe.line(action.label, "italic") if action is not None else safe.line(revealed.new_by)
    return Content.assemble("Found by ", by, f" on day {revealed.day:.2f}", where, ".")


def evidence_detail(state: SessionState, revealed: Revealed) -> Content:
    scenario = state.scenario
    evidence = scenario.evidence_by_id[revealed.evidence]
    flag = state.flags.get(revealed.evidence)
    return safe.join([
        safe.line(evidence.short, "bold"),
        Content.assemble(("Source: ", "bold"), safe.line(evidence.source)),
        how_found(scenario, revealed),
        Content.assemble(("Your flag: ", "bold"), (flag_words(scenario.kind)[flag], FLAG_STYLES[flag]),
                         (f"   {flag_hint(scenario.kind)}", "dim")),
        Content(""),
        safe.markdown(evidence.text),
    ])


def action_prompt(action: Action, clock: StageClock) -> Content:
    cost = Content.styled(f"  {duration(action.cost)}", "dim")
    late = clock.status != "overdue" and clock.after(action.cost).status == "overdue"
    warning = Content.styled(" · would pass the time limit", "bold $warning") if late else Content("")
    return Content.assemble(safe.line(action.label), "\n", cost, warning)


def done_prompt(scenario: Scenario, action_id: str, started: float, finished: float) -> Content:
    action = scenario.action_by_id[action_id]
    return Content.assemble(
        ("✓ ", "bold"), safe.line(action.label), "\n",
        (f"  done, {duration(finished - started)}, day {started:.2f} to {finished:.2f}", "dim"),
    )
