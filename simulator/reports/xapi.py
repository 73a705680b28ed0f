"""The session as xAPI 1.0.3 statements, for a learning record store (LRS).

One ``answered`` statement per decision (a choice interaction: the options,
the key's best as the correct response, the credit as the scaled score), and
one closing statement: ``completed`` when the case reached an ending,
``attempted`` when it did not, carrying the overall result and every
criterion's grade.

Statement ids are UUIDv5 from the session's uuid and the statement's
content, so exporting an unchanged session twice gives the same ids and an
LRS does not count it twice.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from simulator.domain.catalogue import Grade
from simulator.domain.events import Decide
from simulator.domain.scoring.results import DecisionReview

from .format_names import DEFAULT_HOMEPAGE
from .session_report import SessionReport, TimelineEntry

XAPI_VERSION = "1.0.3"
LANGUAGE = "en-GB"
PLATFORM = "Case Review Simulator"
# The account's home page must be a URL. .invalid (RFC 2606) can never resolve
# to someone else's site; organisations pass their own with --xapi-homepage.

VERB_ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
VERB_ATTEMPTED = "http://adlnet.gov/expapi/verbs/attempted"
TYPE_SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
TYPE_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"

_EXT = "urn:case-review:xapi:"
EXT_CRITERIA = _EXT + "criteria"
EXT_OVERALL = _EXT + "overall"
EXT_WORKING_DAYS = _EXT + "working-days"
EXT_CRITICAL = _EXT + "critical"
EXT_MODE = _EXT + "mode"
EXT_SELF_ASSESSMENT = _EXT + "self-assessment"
EXT_RATIONALE = _EXT + "rationale"
EXT_CITED = _EXT + "cited-evidence"
EXT_CONFIDENCE = _EXT + "confidence"
EXT_OUTCOME = _EXT + "outcome"
EXT_SCORED_AGAINST = _EXT + "scored-against"
EXT_SESSION = _EXT + "session"
EXT_TIMELINE = _EXT + "timeline"
EXT_REFLECTION = _EXT + "reflection"

_GOOD_OR_BETTER = frozenset({Grade.GOOD, Grade.OUTSTANDING})


def _lang(text: str) -> dict[str, str]:
    return {LANGUAGE: " ".join(text.split())}


def _with_lang(target: dict[str, Any], key: str, text: str) -> dict[str, Any]:
    """``target`` with ``key`` set to ``text`` as a language map, or left out when the text is empty: xAPI
    allows no empty values outside extensions, and a strict LRS refuses ``{"en-GB": ""}``."""
    if text.strip():
        target[key] = _lang(text)
    return target


def trainee_account_name(report: SessionReport) -> str:
    """The trainee as an LRS knows them: their stable id, never their name (two trainees may share one). A
    record from before trainees had ids falls back to an id made from the session's uuid and the name."""
    r = report.record
    stable = getattr(r, "trainee_uuid", "")
    if stable:
        return str(stable)
    return str(uuid.uuid5(uuid.UUID(r.uuid), f"trainee:{r.profile}"))


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def duration(seconds: float) -> str:
    """ISO 8601 duration to the hundredth of a second, the precision xAPI keeps."""
    centis = max(0, round(seconds * 100))
    hours, centis = divmod(centis, 360_000)
    minutes, centis = divmod(centis, 6_000)
    secs = f"{centis // 100}" + (f".{centis % 100:02d}".rstrip("0") if centis % 100 else "")
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


def scenario_activity_id(scenario_id: str) -> str:
    return "urn:case-review:scenario:" + quote(scenario_id, safe="-._~")


def stage_activity_id(scenario_id: str, stage_id: str) -> str:
    return scenario_activity_id(scenario_id) + ":stage:" + quote(stage_id, safe="-._~")


def _actor(report: SessionReport, homepage: str) -> dict[str, Any]:
    # An account, not an mbox: the simulator never asks for an email address. The account is the trainee's
    # stable id; the name is only what the LRS shows.
    actor: dict[str, Any] = {"objectType": "Agent"}
    if report.record.profile.strip():
        actor["name"] = report.record.profile
    actor["account"] = {"homePage": homepage, "name": trainee_account_name(report)}
    return actor


def _verb(iri: str) -> dict[str, Any]:
    return {"id": iri, "display": {LANGUAGE: iri.rsplit("/", 1)[-1]}}


def _scenario_activity(report: SessionReport) -> dict[str, Any]:
    s = report.scenario
    definition = _with_lang(_with_lang({}, "name", s.title), "description", s.summary)
    definition["type"] = TYPE_SIMULATION
    return {"objectType": "Activity", "id": scenario_activity_id(s.id), "definition": definition}


def _context(report: SessionReport, extensions: dict[str, Any], parent: bool) -> dict[str, Any]:
    context: dict[str, Any] = {
        "registration": report.record.uuid,
        "revision": report.record.scenario_digest,
        "platform": PLATFORM,
        "language": LANGUAGE,
        "extensions": {EXT_SESSION: report.record.id, EXT_MODE: str(report.record.mode), **extensions},
    }
    if parent:
        context["contextActivities"] = {"parent": [{"objectType": "Activity",
                                                    "id": scenario_activity_id(report.scenario.id)}]}
    return context


def _with_id(report: SessionReport, name: str, statement: dict[str, Any]) -> dict[str, Any]:
    """Give the statement an id that depends on its content: exporting an
    unchanged session again repeats the same ids (an LRS stores nothing twice),
    while a session that has moved on (finished, reflected on, rescored) gets
    new ids instead of clashing with the statements already sent."""
    content = json.dumps(statement, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    digest = hashlib.sha256(content.encode("ascii")).hexdigest()
    return {"id": str(uuid.uuid5(uuid.UUID(report.record.uuid), f"{name}:{digest}")), **statement}


def _decision_statement(report: SessionReport, review: DecisionReview, entry: TimelineEntry,
                        actor: dict[str, Any]) -> dict[str, Any]:
    s = report.scenario
    stage = s.stage_by_id[review.stage]
    event = next(logged.event for logged in report.events if logged.seq == entry.seq)
    cites = list(event.cites) if isinstance(event, Decide) else []
    extensions: dict[str, Any] = {EXT_OUTCOME: review.outcome.value, EXT_WORKING_DAYS: round(entry.day, 4),
                                  EXT_RATIONALE: review.rationale, EXT_CITED: cites}
    if review.confidence is not None:
        extensions[EXT_CONFIDENCE] = review.confidence
    statement: dict[str, Any] = {
        "actor": actor,
        "verb": _verb(VERB_ANSWERED),
        "object": {
            "objectType": "Activity",
            "id": stage_activity_id(s.id, stage.id),
            "definition": {
                **_with_lang({}, "name", ": ".join(t for t in (s.title.strip(), stage.title.strip()) if t)),
                "type": TYPE_INTERACTION,
                "interactionType": "choice",
                "correctResponsesPattern": list(review.best),
                "choices": [_with_lang({"id": o.id}, "description", o.label) for o in stage.options],
            },
        },
        "result": {"response": review.option, "score": {"scaled": review.credit},
                   "success": review.direction == "best", "extensions": extensions},
        "context": _context(report, {EXT_SCORED_AGAINST: list(stage.scores)}, parent=True),
        "version": XAPI_VERSION,
    }
    if entry.at is not None:
        statement["timestamp"] = timestamp(entry.at)
    return _with_id(report, f"decision:{entry.seq}", statement)


def _closing_statement(report: SessionReport, actor: dict[str, Any]) -> dict[str, Any]:
    r = report.record
    d = report.debrief
    ended = r.finished_at or (report.events[-1].at if report.events else r.started_at)
    result: dict[str, Any] = {
        "success": d.finished and d.overall in _GOOD_OR_BETTER,
        "completion": d.finished,
        "duration": duration((ended - r.started_at).total_seconds()),
        "extensions": {EXT_OVERALL: d.overall.value, EXT_WORKING_DAYS: d.elapsed_working_days,
                       EXT_CRITICAL: [{"rule": c.rule, "criterion": c.criterion} for c in d.critical]},
    }
    reflection = {"learned": r.reflection, "practice_change": r.practice_change,
                  "peer_reflection": r.peer_reflection}
    if any(text.strip() for text in reflection.values()):
        result["extensions"][EXT_REFLECTION] = reflection
    mean = report.mean_score
    if mean is not None:
        result["score"] = {"scaled": round(mean, 4)}
    extensions: dict[str, Any] = {
        EXT_CRITERIA: {cid: {"score": c.score, "grade": c.grade.value} for cid, c in d.criteria.items()},
        EXT_TIMELINE: [{"seq": e.seq, "kind": e.kind, "working_day": round(e.day, 4), "summary": e.summary}
                       for e in report.timeline if e.kind in ("action", "decision")],
    }
    if r.self_assessment:
        extensions[EXT_SELF_ASSESSMENT] = {cid: g.value for cid, g in r.self_assessment.items()}
    return _with_id(report, "closing", {
        "actor": actor,
        "verb": _verb(VERB_COMPLETED if d.finished else VERB_ATTEMPTED),
        "object": _scenario_activity(report),
        "result": result,
        "context": _context(report, extensions, parent=False),
        "timestamp": timestamp(ended),
        "version": XAPI_VERSION,
    })


def xapi_statements(report: SessionReport, homepage: str = DEFAULT_HOMEPAGE) -> list[dict[str, Any]]:
    actor = _actor(report, homepage)
    decisions = [e for e in report.timeline if e.kind == "decision"]
    statements = [_decision_statement(report, review, entry, actor)
                  for review, entry in zip(report.debrief.decisions, decisions, strict=True)]
    statements.append(_closing_statement(report, actor))
    return statements


def export_xapi(report: SessionReport, homepage: str = DEFAULT_HOMEPAGE) -> str:
    """A JSON array of statements, ready to POST to an LRS's statements resource."""
    return json.dumps(xapi_statements(report, homepage), indent=2, ensure_ascii=False) + "\n"
