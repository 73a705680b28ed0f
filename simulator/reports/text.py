"""The debrief as plain text, for `case-review score` and terminals."""

from __future__ import annotations

import textwrap

from simulator.domain.catalogue import CRITERIA_BY_ID
from simulator.domain.model import Scenario, ScenarioKind
from simulator.domain.scoring.grades import score_text
from simulator.domain.scoring.results import Debrief
from simulator.domain.scoring.telling import (
    criterion_lines,
    criterion_title,
    decision_lines,
    failure_point_words,
    indicators_sentence,
    separation_sentence,
)


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(" ".join(text.split()), width=100, initial_indent=indent,
                         subsequent_indent=" " * len(indent) + "  ", break_on_hyphens=False, break_long_words=False)


def debrief_text(scenario: Scenario, debrief: Debrief) -> str:
    out = [f"{scenario.title} ({scenario.id})", ""]
    state = "finished" if debrief.finished else "UNFINISHED"
    ending = f", ending: {scenario.ending_by_id[debrief.ending].title}" if debrief.ending else ""
    out.append(f"Overall: {debrief.overall.label.upper()}  ({state}{ending}; "
               f"{debrief.elapsed_working_days:g} working days)")
    out.extend(_wrap(r, "  ") for r in debrief.reasons)
    if debrief.critical:
        out += ["", "Critical errors:"]
        out.extend(_wrap(f"{criterion_title(c.criterion)}: {c.message}", "  - ") for c in debrief.critical)
    if debrief.harmful:
        out += ["", "Harmful steps:"]
        out.extend(_wrap(f"{scenario.action_by_id[h.action].label} ({criterion_title(h.criterion)}): {h.message}",
                         "  - ")
                   for h in debrief.harmful)
    out += ["", "Criteria:"]
    for cid, r in debrief.criteria.items():
        out.append(f"  {CRITERIA_BY_ID[cid].title:<30} {r.grade.label:<32} {score_text(r.score)}")
        lines = criterion_lines(r)
        if lines:
            out.append(_wrap(lines[0], "      "))
        out.extend(_wrap(line, "      - ") for line in lines[1:])
    if debrief.not_assessed:
        out.append("  Not assessed in this case: " + ", ".join(CRITERIA_BY_ID[c].title for c in debrief.not_assessed))
    decisions = decision_lines(debrief, scenario)
    if decisions:
        out += ["", "Decisions and records:"]
        for heading, lines in decisions:
            out.append(_wrap(heading, "  "))
            out.extend(_wrap(line, "      - ") for line in lines)
    i = debrief.indicators
    audit = scenario.kind is ScenarioKind.CASE_AUDIT
    out += ["", _wrap(f"Flags: {indicators_sentence(i, audit=audit)} {separation_sentence(i)}", "")]
    if debrief.timings:
        out += ["", "Timescales:"]
        for t in debrief.timings:
            rule = f" ({t.timescale})" if t.timescale else ""
            if t.not_done:
                out.append(f"  {t.label:<24} not done; due within {t.limit:g} working days{rule}")
                continue
            mark = "within" if t.within else "OVER"
            out.append(f"  {t.label or t.stage:<24} {t.taken:g} of {t.limit:g} working days{rule} {mark}")
    out += ["", "Built around:"]
    out.extend(_wrap(f"{failure_point_words(fp)} ({fp})", "  ") for fp in debrief.failure_points)
    if debrief.reviewer.strip():
        out += ["", "What an experienced reviewer would do:", _wrap(debrief.reviewer, "  ")]
    return "\n".join(out)
