"""The session as JSON. The top level is a transcript (design.md's contract:
``scenario`` and ``events``), so the file can be fed straight back to
``case-review score``; the debrief, timeline, reflection and session metadata
ride alongside."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from simulator.domain.events import event_to_json
from simulator.domain.scoring.serialise import debrief_to_json

from .session_report import SessionReport

EXPORT_FORMAT = "case-review-session"
EXPORT_VERSION = 1


def iso_utc(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _what_if(report: SessionReport) -> dict[str, Any]:
    """A twin case's twin, and a re-branch's parent: in the session's fields only when there is one, so exports
    of other sessions read as before."""
    r = report.record
    found: dict[str, Any] = {}
    twins = report.scenario.twins
    twin = next((t for t in twins.each if t.id == r.twin), None) if twins is not None and r.twin else None
    if twin is not None and twins is not None:
        found["twin"] = {"id": twin.id, "label": twin.label, "attribute": twins.attribute.value,
                         "question": twins.question}
    if r.parent_id is not None:
        found["rebranch"] = {"parent": r.parent_id, "parted_at": r.parted_at}
    return found


def session_to_json(report: SessionReport) -> dict[str, Any]:
    r = report.record
    return {
        "scenario": report.scenario.id,
        "events": [event_to_json(logged.event) for logged in report.events],
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_VERSION,
        "session": {
            "id": r.id,
            "uuid": r.uuid,
            "trainee": r.profile,
            "mode": str(r.mode),
            "status": str(r.status),
            "started_at": iso_utc(r.started_at),
            "finished_at": iso_utc(r.finished_at),
            "scenario": {"id": r.scenario_id, "title": report.scenario.title, "digest": r.scenario_digest,
                         "path": r.scenario_path},
            "note": report.note,
            **_what_if(report),
        },
        "timeline": [
            {"seq": e.seq, "at": iso_utc(e.at), "working_day": round(e.day, 4), "working_day_end": round(e.ends, 4),
             "stage": e.stage, "kind": e.kind, "summary": e.summary, "details": list(e.details)}
            for e in report.timeline
        ],
        "debrief": debrief_to_json(report.debrief),
        "self_assessment": {cid: grade.value for cid, grade in r.self_assessment.items()},
        "reflection": {"learned": r.reflection, "practice_change": r.practice_change,
                       "peer_reflection": r.peer_reflection},
    }


def export_json(report: SessionReport) -> str:
    return json.dumps(session_to_json(report), indent=2, ensure_ascii=False) + "\n"
