"""The debrief as JSON: the contract of design.md, with extra fields (each criterion's reason, failure points
and measures; each decision's record; harmful steps)."""

from __future__ import annotations

from typing import Any

from .results import Debrief, RecordReview


def _record(record: RecordReview | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {
        "score": record.score,
        "words": record.words,
        "specific_terms": list(record.specific_terms),
        "qualities": {q.name: q.present for q in record.qualities},
        "points": [{"id": p.id, "made": p.made, "quote": p.quote} for p in record.points],
        "wrong": [{"id": p.id, "quote": p.quote} for p in record.wrong],
        "contradiction": record.contradiction,
        "notes": list(record.notes),
        "gist": record.gist,
        "elsewhere": record.elsewhere,
    }


def debrief_to_json(debrief: Debrief) -> dict[str, object]:
    """The debrief JSON contract of design.md, with extra fields."""
    i = debrief.indicators
    return {
        "scenario": debrief.scenario,
        "overall": debrief.overall.value,
        "critical": [{"rule": c.rule, "criterion": c.criterion, "message": c.message} for c in debrief.critical],
        "criteria": {cid: {"score": r.score, "grade": r.grade.value, "findings": list(r.findings),
                           "feedback": r.feedback, "reason": r.reason, "failure_points": list(r.failure_points),
                           "measures": [{"name": m.name, "value": m.value, "weight": m.weight} for m in r.measures]}
                     for cid, r in debrief.criteria.items()},
        "indicators": {"hits": i.hits, "misses": i.misses, "false_alarms": i.false_alarms,
                       "correct_rejections": i.correct_rejections, "protective_hits": i.protective_hits,
                       "left_unflagged": i.left_unflagged, "d_prime": i.d_prime},
        "elapsed_working_days": debrief.elapsed_working_days,
        "finished": debrief.finished,
        "ending": debrief.ending,
        "reasons": list(debrief.reasons),
        "not_assessed": list(debrief.not_assessed),
        "decisions": [{"stage": d.stage, "option": d.option, "outcome": d.outcome.value, "credit": d.credit,
                       "best": list(d.best), "direction": d.direction, "counts_against": list(d.counts_against),
                       "record": _record(d.record)} for d in debrief.decisions],
        "harmful": [{"rule": h.rule, "action": h.action, "criterion": h.criterion, "message": h.message,
                     "never_event": h.never_event} for h in debrief.harmful],
        "timings": [{"stage": t.stage, "timescale": t.timescale, "limit": t.limit, "taken": t.taken,
                     "within": t.within} for t in debrief.timings],
        "failure_points": list(debrief.failure_points),
        "shown_failure_points": list(debrief.shown_failure_points),
        "rulebook": debrief.rulebook,
        "evidence": [{"id": e.evidence, "label": e.label, "key": e.key.value, "outcome": e.outcome,
                      "flagged": None if e.flagged is None else e.flagged.value} for e in debrief.evidence],
    }
