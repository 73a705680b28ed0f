"""A CPD record in Markdown, laid out like Social Work England's online CPD
form (domain.md section 5): the activity and why it matters, the date, what
was learned, the impact on practice, and peer reflection; then the debrief and
the timeline as evidence. The trainee's reflection fills the learning, impact
and peer boxes; where they have not written yet, a prompt says what belongs
there, never invented words."""

from __future__ import annotations

from datetime import timedelta

from simulator.domain.catalogue import FAILURE_POINTS_BY_ID, Grade

from . import wording
from .markdown import debrief_section, md_block, md_inline, table, timeline_section
from .session_report import SessionReport

CPD_TYPE = "Simulated case practice: a synthetic child-protection case, scored against Ofsted-style criteria"
STANDARD = "Professional standard 4: maintain my continuing professional development"
PROMPTS = {
    "learned": "Not written yet. What did working this case, and its debrief, teach you? Name the risk, the "
               "decision or the gap that you will remember.",
    "practice": "Not written yet. What will you do differently with a real referral, and how will that help "
                "the children and families you work with?",
    "peer": "Not written yet. At least one CPD record a year needs peer reflection: talk this session over with "
            "a colleague, supervisor or practice educator, and write down what you learned from the discussion.",
}


def _time_spent(report: SessionReport) -> str:
    r = report.record
    ended = r.finished_at or (report.events[-1].at if report.events else r.started_at)
    minutes = round((ended - r.started_at) / timedelta(minutes=1))
    return "under a minute" if minutes < 1 else f"about {minutes} minute{'s' * (minutes != 1)}"


def _written(text: str, prompt: str) -> str:
    return md_block(text) if text.strip() else f"_{md_inline(prompt)}_"


def _debrief_points(report: SessionReport) -> list[str]:
    d = report.debrief
    points = [f"- Overall grade: {md_inline(d.overall.label)}."]
    points += [f"- Critical error: {md_inline(c.message)}" for c in d.critical]
    for cid, r in d.criteria.items():
        if r.grade.rank < Grade.GOOD.rank:
            first = f": {r.findings[0]}" if r.findings else "."
            points.append(f"- {md_inline(wording.criterion_title(cid))} ({md_inline(r.grade.label)})"
                          f"{md_inline(first)}")
    if len(points) == 1:
        points.append("- Every criterion assessed was graded good or better.")
    return points


def _finding(fid: str) -> str:
    found = FAILURE_POINTS_BY_ID.get(fid)
    if found is None:
        return fid
    return ("A strength to keep: " if found.strength else "") + found.text


def export_cpd(report: SessionReport) -> str:
    r = report.record
    s = report.scenario
    day = r.finished_at or r.started_at
    out = [f"# CPD record: {md_inline(s.title)}", "",
           "_Prepared from a Case Review Simulator session for your Social Work England CPD record. Copy each "
           "section into the matching part of the online form, and make the words your own._", ""]
    out += table(["", ""], [
        ["**Date**", wording.date(day)],
        ["**Type of CPD**", md_inline(CPD_TYPE)],
        ["**Title**", md_inline(f"Case Review Simulator: {s.title}")],
        ["**Time spent**", _time_spent(report)],
        ["**Standard**", md_inline(STANDARD)],
    ])
    out += ["", "## What I did", "", md_inline(wording.what_i_did(report)), "",
            "Why it is relevant: the case is built around what inspectors found in children's services:", ""]
    out += [f"- {md_inline(_finding(fp))}" for fp in s.failure_points]
    out += ["", "## What I learned", "", _written(r.reflection, PROMPTS["learned"]), "",
            "From the debrief:", "", *_debrief_points(report)]
    out += ["", "## How this changes my practice", "", _written(r.practice_change, PROMPTS["practice"])]
    out += ["", "## Peer reflection", "", _written(r.peer_reflection, PROMPTS["peer"])]
    out += ["", "## Evidence", "", *debrief_section(report, level=3), "",
            *timeline_section(report, level=3, kinds=wording.TIMELINE_KINDS)]
    return "\n".join(out).rstrip() + "\n"
