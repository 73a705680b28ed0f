"""The words every export shares, as plain text (each format escapes them its
own way), so Markdown, HTML and the CPD record never disagree."""

from __future__ import annotations

from datetime import UTC, datetime

from simulator.domain.catalogue import CRITERIA_BY_ID, FAILURE_POINTS_BY_ID
from simulator.domain.events import FlagKind
from simulator.domain.model import ScenarioKind
from simulator.domain.scoring import telling
from simulator.domain.scoring.results import CriterionResult, EvidenceReview
from simulator.domain.scoring.telling import indicators_sentence, separation_sentence

from .session_report import SessionReport

MODE_LABELS = {"standard": "Standard", "self-assessment": "Self-assessment"}
STATUS_LABELS = {"active": "in progress", "finished": "finished", "abandoned": "abandoned"}
EVIDENCE_OUTCOMES = {
    "hit": "risk recognised",
    "miss": "risk missed",
    "false-alarm": "flagged as a risk; the key reads it otherwise",
    "correct-rejection": "rightly not flagged as a risk",
    "not-a-strength": "rightly not flagged as a risk; flagged as a strength, which the key does not read it as",
    "strength-unflagged": "a strength, not flagged as one",
    "protective-hit": "protective factor recognised",
    "not-found": "never found",
    "status": "a legal status: it changes what the law requires",
}
TIMELINE_KINDS = {"action", "decision"}  # what the short timelines (CPD) keep


def when(moment: datetime | None) -> str:
    # UTC, labelled: the same file reads the same wherever it is opened.
    return "" if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def date(moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    return f"{utc.day} {utc:%B %Y}"


def days(value: float) -> str:
    return f"{round(value, 2):g}"


def span(start: float, end: float) -> str:
    return days(start) if round(start, 2) == round(end, 2) else f"{days(start)}–{days(end)}"


def criterion_title(cid: str) -> str:
    found = CRITERIA_BY_ID.get(cid)
    return found.title if found else cid


def stage_title(report: SessionReport, stage_id: str) -> str:
    stage = report.scenario.stage_by_id.get(stage_id)
    return stage.title if stage else stage_id


def failure_point(fid: str) -> str:
    found = FAILURE_POINTS_BY_ID.get(fid)
    return f"{fid}: {found.text}" if found else fid


def flagged(review: EvidenceReview) -> str:
    if review.flagged is FlagKind.RISK:
        return "risk"
    if review.flagged is FlagKind.PROTECTIVE:
        return "protective"
    return "not flagged" if review.revealed else "—"


def count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def indicators_line(report: SessionReport) -> str:
    i = report.debrief.indicators
    audit = report.scenario.kind is ScenarioKind.CASE_AUDIT
    return f"{indicators_sentence(i, audit=audit)} {separation_sentence(i)}"


def criterion_lines(result: CriterionResult) -> list[str]:
    return telling.criterion_lines(result)


def decision_lines(report: SessionReport) -> list[tuple[str, list[str]]]:
    return telling.decision_lines(report.debrief, report.scenario)


def overall_line(report: SessionReport) -> str:
    d = report.debrief
    state = "finished" if d.finished else "unfinished"
    ending = f"; ending: {report.scenario.ending_by_id[d.ending].title}" if d.ending else ""
    return f"Overall: {d.overall.label} ({state}{ending}; {days(d.elapsed_working_days)} working days)"


def session_facts(report: SessionReport) -> list[tuple[str, str]]:
    r = report.record
    finished = when(r.finished_at) if r.finished_at else f"not finished ({STATUS_LABELS[r.status]})"
    return [
        ("Trainee", r.profile),
        ("Session", f"{r.id} ({r.uuid})"),
        ("Scenario", f"{report.scenario.title} ({report.scenario.id})"),
        ("Scenario version", f"sha256 {r.scenario_digest[:16]}"),
        ("Mode", MODE_LABELS[r.mode]),
        ("Started", when(r.started_at)),
        ("Finished", finished),
        ("Simulated time", f"{days(report.debrief.elapsed_working_days)} working days"),
    ]


def what_i_did(report: SessionReport) -> str:
    """The CPD record's description of the activity, from the events."""
    s = report.scenario
    actions = [e for e in report.timeline if e.kind == "action"]
    decisions = report.state.decisions
    reasoned = sum(1 for d in decisions if d.rationale.strip())
    text = (f"I worked a synthetic child-protection case, '{s.title}', in the Case Review Simulator. "
            f"I took {len(actions)} investigative action{'s' * (len(actions) != 1)} and made {len(decisions)} "
            f"decision{'s' * (len(decisions) != 1)} ({reasoned} with a recorded rationale) over "
            f"{days(report.debrief.elapsed_working_days)} simulated working days, and was graded "
            f"'{report.debrief.overall.label}' against Ofsted-style criteria.")
    if not report.debrief.finished:
        text += " I did not finish the case."
    return text
