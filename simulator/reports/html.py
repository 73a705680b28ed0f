"""The session as one self-contained HTML page: inline styles, no scripts, no
fonts, images or links to fetch, so it opens offline and prints cleanly.

Every piece of text goes through ``html.escape``; the Content-Security-Policy
forbids scripts and external loads as a second line of defence.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from simulator.domain.rulebook import timescale_title
from simulator.domain.scoring.grades import score_text

from . import wording
from .progress import agreement, agreement_line
from .session_report import SessionReport

_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2rem; } h3 { margin-top: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
.facts th { width: 12rem; }
.overall { font-size: 1.15rem; font-weight: bold; }
.grade-inadequate { color: #a4000f; } .grade-requires_improvement { color: #8a5300; }
.grade-good { color: #00623a; } .grade-outstanding { color: #004b8d; }
.over { color: #a4000f; font-weight: bold; }
.note { border-left: 4px solid #8a5300; padding-left: 0.75rem; }
.details { margin: 0.25rem 0 0; padding-left: 1.2rem; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def block(text: str) -> str:
    """Plain text as paragraphs, line breaks kept."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "\n".join("<p>" + "<br>\n".join(esc(line.strip()) for line in p.splitlines() if line.strip()) + "</p>"
                     for p in paragraphs)


def _table(header: Iterable[str], rows: Iterable[Iterable[str]], css: str = "") -> str:
    """Cells are given already escaped."""
    cls = f' class="{css}"' if css else ""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table{cls}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _grade(grade_value: str, label: str) -> str:
    return f'<span class="grade-{esc(grade_value)}">{esc(label)}</span>'


def _facts(report: SessionReport) -> str:
    rows = "\n".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in wording.session_facts(report))
    return f'<table class="facts">\n{rows}\n</table>'


def _debrief(report: SessionReport) -> list[str]:
    d = report.debrief
    own = report.record.self_assessment
    out = ["<section>", "<h2>Debrief</h2>",
           f'<p class="overall grade-{esc(d.overall.value)}">{esc(wording.overall_line(report))}</p>',
           "<ul>", *(f"<li>{esc(r)}</li>" for r in d.reasons), "</ul>"]
    if d.critical:
        out += ["<h3>Critical errors</h3>", "<ul>"]
        out += [f"<li><strong>{esc(wording.criterion_title(c.criterion))}</strong>: {esc(c.message)}</li>"
                for c in d.critical]
        out.append("</ul>")
    out.append("<h3>Criteria</h3>")
    header = ["Criterion", "Grade", "Score"] + (["Your own grade"] if own else []) + ["Findings"]
    rows = []
    for cid, r in d.criteria.items():
        notes = [esc(line) for line in wording.criterion_lines(r)]
        findings = ('<ul class="details">' + "".join(f"<li>{n}</li>" for n in notes) + "</ul>") if notes else ""
        row = [esc(wording.criterion_title(cid)), _grade(r.grade.value, r.grade.label), score_text(r.score)]
        if own:
            row.append(_grade(own[cid].value, own[cid].label) if cid in own else "—")
        rows.append([*row, findings])
    out.append(_table(header, rows))
    if own:
        out.append(f"<p>{esc(agreement_line(*agreement(own, {cid: r.grade for cid, r in d.criteria.items()})))}</p>")
    if d.not_assessed:
        out.append("<p>Not assessed in this case: "
                   + esc(", ".join(wording.criterion_title(c) for c in d.not_assessed)) + ".</p>")
    unrated = [c for c in own if c not in d.criteria]
    if unrated:
        out.append("<p>You also graded yourself on: " + esc(", ".join(
            f"{wording.criterion_title(c)} ({own[c].label})" for c in unrated)) + ".</p>")
    if d.harmful:
        out += ["<h3>Harmful steps</h3>", "<ul>"]
        out += [f"<li><strong>{esc(report.scenario.action_by_id[s.action].label)}</strong> "
                f"({esc(wording.criterion_title(s.criterion))}): {esc(s.message)}</li>" for s in d.harmful]
        out.append("</ul>")
    decisions = wording.decision_lines(report)
    if decisions:
        out.append("<h3>Your decisions and your records</h3>")
        for heading, lines in decisions:
            out.append(f"<p><strong>{esc(heading)}</strong></p>")
            out.append('<ul class="details">' + "".join(f"<li>{esc(line)}</li>" for line in lines) + "</ul>")
    out.append("<h3>What you flagged, against the key</h3>")
    out.append(_table(["Evidence", "Source", "Key", "You", "Outcome"], (
        [esc(e.label), esc(report.scenario.evidence_by_id[e.evidence].source), esc(e.key.value),
         esc(wording.flagged(e)), esc(wording.EVIDENCE_OUTCOMES[e.told])] for e in d.evidence)))
    out.append(f"<p>{esc(wording.indicators_line(report))}</p>")
    if d.timings:
        out.append("<h3>Timescales</h3>")
        out.append(_table(["Stage", "Timescale", "Taken (working days)", "Limit", "Result"], (
            [esc(t.label or wording.stage_title(report, t.stage)),
             esc(t.label or timescale_title(d.rulebook, t.timescale)), wording.days(t.taken),
             wording.days(t.limit),
             '<span class="over">not done</span>' if t.not_done else
             "within" if t.within else '<span class="over">over</span>'] for t in d.timings)))
    out += ["<h3>Built around</h3>", "<ul>", *(f"<li>{esc(wording.failure_point(fp))}</li>"
                                              for fp in d.failure_points), "</ul>"]
    if d.reviewer.strip():
        out += ["<h3>What an experienced reviewer would do</h3>", block(d.reviewer)]
    out.append("</section>")
    return out


def _timeline(report: SessionReport) -> list[str]:
    out = ["<section>", "<h2>Timeline</h2>"]
    if not report.timeline:
        return [*out, "<p>Nothing was done in this session.</p>", "</section>"]
    rows = []
    for e in report.timeline:
        what = f"<strong>{esc(e.summary)}</strong>"
        if e.details:
            what += '<ul class="details">' + "".join(f"<li>{esc(d)}</li>" for d in e.details) + "</ul>"
        rows.append([str(e.seq + 1), esc(wording.span(e.day, e.ends)), esc(e.stage), what])
    return [*out, _table(["#", "Working days", "Stage", "What happened"], rows), "</section>"]


def _reflection(report: SessionReport) -> list[str]:
    r = report.record
    parts = [("What I learned", r.reflection), ("How it changes my practice", r.practice_change),
             ("Peer reflection", r.peer_reflection)]
    out = ["<section>", "<h2>Reflection</h2>"]
    written = [(title, text) for title, text in parts if text.strip()]
    if not written:
        out.append("<p>No reflection has been written for this session yet.</p>")
    for title, text in written:
        out += [f"<h3>{esc(title)}</h3>", block(text)]
    out.append("</section>")
    return out


def export_html(report: SessionReport) -> str:
    title = f"Case review: {report.scenario.title}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{esc(title)}</h1>",
        _facts(report),
    ]
    if report.note:
        out.append(f'<p class="note">{esc(report.note)}</p>')
    out += _debrief(report) + _timeline(report) + _reflection(report)
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
