"""The debrief as plain text, for `case-review score` and terminals."""

from __future__ import annotations

import textwrap

from simulator.domain.catalogue import CRITERIA_BY_ID, FAILURE_POINTS_BY_ID
from simulator.domain.model import Scenario
from simulator.domain.scoring import Debrief


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
        out.extend(_wrap(f"{c.rule} ({c.criterion}): {c.message}", "  - ") for c in debrief.critical)
    out += ["", "Criteria:"]
    for cid, r in debrief.criteria.items():
        out.append(f"  {CRITERIA_BY_ID[cid].title:<30} {r.grade.label:<32} {r.score:.2f}")
        out.extend(_wrap(f, "      - ") for f in r.findings)
        if r.feedback:
            out.append(_wrap(f"Reviewer's note: {r.feedback}", "      "))
    if debrief.not_assessed:
        out.append("  Not assessed in this case: " + ", ".join(debrief.not_assessed))
    i = debrief.indicators
    out += ["", f"Indicators: {i.hits} hits, {i.misses} misses, {i.false_alarms} false alarms, "
                f"{i.correct_rejections} correct rejections (d' = {i.d_prime:.2f})"]
    if debrief.timings:
        out += ["", "Timescales:"]
        for t in debrief.timings:
            mark = "within" if t.within else "OVER"
            out.append(f"  {t.stage:<24} {t.taken:g} of {t.limit:g} working days ({t.timescale}) {mark}")
    out += ["", "Built around:"]
    out.extend(_wrap(f"{fp}: {FAILURE_POINTS_BY_ID[fp].text}", "  ") for fp in debrief.failure_points)
    if debrief.reviewer.strip():
        out += ["", "What an experienced reviewer would do:", _wrap(debrief.reviewer, "  ")]
    return "\n".join(out)
