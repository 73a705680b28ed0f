"""Timeliness: each stage with a timescale, from reaching it to deciding it on the simulated clock, against
the rulebook's limit. A stage decided in time by a decision that left the child less protected than needed is
not counted as timely help: the work that the child needed never started."""

from __future__ import annotations

from ..clocks import read_clocks
from ..engine import SessionState
from ..model import Stage
from ..rulebook import Rulebook
from .decisions import decision_credit
from .grades import POOR, RI_TOP
from .naming import plain
from .results import StageTiming
from .sheet import Cap, Measure, Sheet

QUICK_BUT_UNDER = 0.5  # a decision in time that protected less than needed
WAITED = 1.0  # working days a poor decision lets pass before it counts as delay


def timeliness(state: SessionState, rules: Rulebook, sheet: Sheet) -> tuple[StageTiming, ...]:
    scenario = state.scenario
    timings = []
    # A stage with several decisions is timed to the last of them: that is when it was decided.
    last = {d.stage: d for d in state.decisions}
    spans: list[tuple[Stage, float, str | None]] = [
        (scenario.stage_by_id[d.stage], d.day - d.stage_entered, d.option) for d in last.values()
    ]
    current = state.current_stage
    if current is not None:
        spans.append((current, state.clock - state.stage_entered, None))
    for stage, taken, option_id in spans:
        if stage.timescale is None:
            continue
        timescale = rules.timescale(stage.timescale)
        limit = timescale.working_days
        timing = StageTiming(stage.id, stage.timescale, limit, round(taken, 4), option_id is not None)
        timings.append(timing)
        title = plain(stage.title)
        if option_id is None and timing.within:
            continue  # still in time; nothing to judge yet
        if timing.within:
            value = 1.0
            said = f"'{title}' was decided within its timescale ({taken:g} of {limit:g} working days)."
            credit, direction = decision_credit(scenario.option_by_id[option_id][1], stage) if option_id \
                else (1.0, "best")
            if direction == "under" and credit < POOR:
                value = QUICK_BUT_UNDER
                said = (f"'{title}' was decided within its timescale, but by a decision that left the child less "
                        "protected than needed: being quick is not timely help when the work the child needed "
                        "never starts.")
                sheet.note("timeliness", said)
        else:
            value = max(0.0, 1 - (taken - limit) / limit)
            said = (f"'{title}' took {taken:g} working days; the limit for the {timescale.label} is {limit:g} "
                    f"({rules.title}).")
            sheet.note("timeliness", said)
        sheet.add("timeliness", Measure("timescales", value, 1.0, said))
    _waiting(state, sheet)
    return tuple(timings) + _clocks(state, rules, sheet)


def _clocks(state: SessionState, rules: Rulebook, sheet: Sheet) -> tuple[StageTiming, ...]:
    """Each clock the case holds the trainee to (format 2): from what starts it to what stops it, against its
    working days or its fixed day."""
    timings = []
    for reading in read_clocks(state, rules):
        clock, limit, stopped = reading.clock, reading.limit, reading.stopped is not None
        taken = reading.taken_by(state.clock)
        timings.append(StageTiming(clock.id, clock.timescale or "", round(limit, 4), round(taken, 4), stopped,
                                   plain(clock.label)))
        if not stopped and taken <= limit:
            # Still running and not yet due, even where the case ends: the story stopped before the work was late.
            continue
        if stopped and taken <= limit:
            value, said = 1.0, f"The {plain(clock.label)} was done in time ({taken:g} of {limit:g} working days)."
        elif not stopped:
            value = 0.0
            said = f"The {plain(clock.label)} was never done; it was due within {limit:g} working days."
            sheet.note("timeliness", said)
        else:
            value = max(0.0, 1 - (taken - limit) / limit) if limit > 0 else 0.0
            said = f"The {plain(clock.label)} took {taken:g} working days; it was due within {limit:g}."
            sheet.note("timeliness", said)
        sheet.add("timeliness", Measure("timescales", value, 1.0, said))
    return tuple(timings)


def _waiting(state: SessionState, sheet: Sheet) -> None:
    """A poor or wrong decision that lets working days pass before anything more is done (waiting for letters,
    for a parent to ring back) is delay for the child, whether or not a timescale is broken."""
    scenario = state.scenario
    for d in state.decisions:
        stage, option = scenario.option_by_id[d.option]
        credit, direction = decision_credit(option, stage)
        if option.elapses < WAITED or credit >= POOR or direction == "over":
            continue
        said = (f"At '{plain(stage.title)}' you chose '{plain(option.label)}': {option.elapses:g} working days "
                "passed before anything more was done for the child.")
        sheet.add("timeliness", Measure("timescales", QUICK_BUT_UNDER * credit, 1.0, said))
        sheet.cap("timeliness", Cap(RI_TOP, said, source="waiting"))
        sheet.note("timeliness", said)
