"""The session as Markdown: for reading as text, pasting into a portfolio, or
rendering anywhere.

Author and trainee text is data, never markup (design.md, "Safety of what is
shown"): every piece of it is escaped, so `<script>`, `[@click=...]` or a
stray `|` comes out literally in any CommonMark renderer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from simulator.domain.rulebook import timescale_title
from simulator.domain.scoring.grades import score_text

from . import wording
from .progress import agreement, agreement_line
from .session_report import SessionReport, TimelineEntry

# Every character that can start inline markup (emphasis, code, links, raw
# HTML, entities, tables, strikethrough) is backslash-escaped; CommonMark
# allows a backslash before any ASCII punctuation.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&!#])")
# What can turn a line into a block: a heading, list item, quote, rule or setext underline.
_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")


def md_inline(text: str) -> str:
    """Plain text as part of a Markdown line that something else begins."""
    return _INLINE.sub(r"\\\1", " ".join(text.split()))


def _escape_line(line: str) -> str:
    escaped = _INLINE.sub(r"\\\1", line.strip())
    match = _LINE_START.match(escaped)
    if match:
        if match.group(1)[0].isdigit():
            end = match.end()
            escaped = escaped[:end] + "\\" + escaped[end:]  # "1." -> "1\."
        else:
            escaped = "\\" + escaped
    return escaped


def md_block(text: str) -> str:
    """Plain text as Markdown paragraphs: blank lines kept, every line escaped
    (leading spaces dropped, so nothing becomes a code block)."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    out = []
    for para in paragraphs:
        lines = [_escape_line(line) for line in para.splitlines() if line.strip()]
        if lines:
            out.append("\n".join(lines))
    return "\n\n".join(out)


def md_cell(text: str) -> str:
    return md_inline(text) or " "


def table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    """A GFM table; cells are given already escaped."""
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def facts_table(report: SessionReport) -> list[str]:
    return table(["", ""], ([f"**{md_cell(k)}**", md_cell(v)] for k, v in wording.session_facts(report)))


def debrief_section(report: SessionReport, level: int = 2) -> list[str]:
    d = report.debrief
    h = "#" * level
    out = [f"{h} Debrief", "", f"**{md_inline(wording.overall_line(report))}**", ""]
    out.extend(f"- {md_inline(reason)}" for reason in d.reasons)
    if d.critical:
        out += ["", f"{h}# Critical errors", ""]
        out.extend(f"- **{md_inline(wording.criterion_title(c.criterion))}**: {md_inline(c.message)}"
                   for c in d.critical)
    own = report.record.self_assessment
    out += ["", f"{h}# Criteria", ""]
    header = ["Criterion", "Grade", "Score"] + (["Your own grade"] if own else [])
    rows = []
    for cid, r in d.criteria.items():
        row = [md_cell(wording.criterion_title(cid)), md_cell(r.grade.label), score_text(r.score)]
        if own:
            row.append(md_cell(own[cid].label) if cid in own else "—")
        rows.append(row)
    out += table(header, rows)
    if own:
        out += ["", md_inline(agreement_line(*agreement(own, {cid: r.grade for cid, r in d.criteria.items()})))]
    for cid, r in d.criteria.items():
        lines = wording.criterion_lines(r)
        if not lines:
            continue
        out += ["", f"**{md_inline(wording.criterion_title(cid))}** ({md_inline(r.grade.label)})", ""]
        out.extend(f"- {md_inline(line)}" for line in lines)
    if d.not_assessed:
        out += ["", "Not assessed in this case: "
                + ", ".join(md_inline(wording.criterion_title(c)) for c in d.not_assessed) + "."]
    unrated = [c for c in own if c not in d.criteria]
    if unrated:
        out += ["", "You also graded yourself on: " + ", ".join(
            f"{md_inline(wording.criterion_title(c))} ({md_inline(own[c].label)})" for c in unrated) + "."]
    if d.harmful:
        out += ["", f"{h}# Harmful steps", ""]
        out.extend(f"- **{md_inline(report.scenario.action_by_id[s.action].label)}** "
                   f"({md_inline(wording.criterion_title(s.criterion))}): {md_inline(s.message)}" for s in d.harmful)
    decisions = wording.decision_lines(report)
    if decisions:
        out += ["", f"{h}# Your decisions and your records", ""]
        for heading, lines in decisions:
            out += [f"**{md_inline(heading)}**", ""]
            out.extend(f"- {md_inline(line)}" for line in lines)
            out.append("")
        out.pop()
    out += ["", f"{h}# What you flagged, against the key", ""]
    out += table(["Evidence", "Source", "Key", "You", "Outcome"], (
        [md_cell(e.label), md_cell(report.scenario.evidence_by_id[e.evidence].source), md_cell(e.key.value),
         md_cell(wording.flagged(e)), md_cell(wording.EVIDENCE_OUTCOMES[e.told])] for e in d.evidence))
    out += ["", wording.indicators_line(report)]
    if d.timings:
        out += ["", f"{h}# Timescales", ""]
        out += table(["Stage", "Timescale", "Taken (working days)", "Limit", "Result"], (
            [md_cell(t.label or wording.stage_title(report, t.stage)),
             md_cell(t.label or timescale_title(d.rulebook, t.timescale)), wording.days(t.taken),
             wording.days(t.limit), "**not done**" if t.not_done else "within" if t.within else "**over**"]
            for t in d.timings))
    out += ["", f"{h}# Built around", ""]
    out.extend(f"- {md_inline(wording.failure_point(fp))}" for fp in d.failure_points)
    if d.reviewer.strip():
        out += ["", f"{h}# What an experienced reviewer would do", "", md_block(d.reviewer)]
    return out


def timeline_section(report: SessionReport, level: int = 2, kinds: set[str] | None = None) -> list[str]:
    entries = [e for e in report.timeline if kinds is None or e.kind in kinds]
    out = ["#" * level + " Timeline", ""]
    if not entries:
        return [*out, "Nothing was done in this session."]
    return out + table(["#", "Working days", "Stage", "What happened"], (_timeline_row(e) for e in entries))


def _timeline_row(e: TimelineEntry) -> list[str]:
    what = f"**{md_inline(e.summary)}**"
    if e.details:
        what += " " + " ".join(md_inline(d) for d in e.details)
    return [str(e.seq + 1), wording.span(e.day, e.ends), md_cell(e.stage), what]


def reflection_section(report: SessionReport, level: int = 2) -> list[str]:
    r = report.record
    h = "#" * level
    out = [f"{h} Reflection", ""]
    parts = [("What I learned", r.reflection), ("How it changes my practice", r.practice_change),
             ("Peer reflection", r.peer_reflection)]
    if not any(text.strip() for _, text in parts):
        return [*out, "No reflection has been written for this session yet."]
    for title, text in parts:
        if text.strip():
            out += [f"{h}# {title}", "", md_block(text), ""]
    return out[:-1]


def export_markdown(report: SessionReport) -> str:
    out = [f"# Case review: {md_inline(report.scenario.title)}", ""]
    out += facts_table(report)
    if report.note:
        out += ["", f"> {md_inline(report.note)}"]
    out += ["", *debrief_section(report), "", *timeline_section(report), "", *reflection_section(report)]
    return "\n".join(out).rstrip() + "\n"
