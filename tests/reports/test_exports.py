"""What every export must hold, and what none may do with hostile text."""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

import attrs
import jsonschema  # type: ignore[import-untyped]
import markdown_it
import pytest

from simulator.application.transcripts import parse_transcript
from simulator.domain.engine import replay
from simulator.domain.events import event_to_json
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.serialise import debrief_to_json
from simulator.reports.cpd import export_cpd
from simulator.reports.html import export_html
from simulator.reports.json_export import export_json
from simulator.reports.markdown import export_markdown
from simulator.reports.progress import agreement, agreement_line
from simulator.reports.session_report import SessionReport
from simulator.reports.wording import criterion_title
from simulator.reports.xapi import (
    EXT_CRITERIA,
    EXT_REFLECTION,
    EXT_TIMELINE,
    VERB_ANSWERED,
    VERB_ATTEMPTED,
    VERB_COMPLETED,
    duration,
    xapi_statements,
)

from .samples import finished_report, hostile_report


class _Page(HTMLParser):
    """Collects the tags, attributes and visible text of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _page(document: str) -> _Page:
    page = _Page()
    page.feed(document)
    page.close()
    return page


def _visible(page: _Page) -> str:
    return " ".join("".join(page.text).split())


def _render_markdown(text: str) -> str:
    rendered: str = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    return rendered


HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "section", "h1", "h2", "h3", "p", "ul", "li",
             "table", "thead", "tbody", "tr", "th", "td", "strong", "span", "br"}
MARKDOWN_TAGS = {"h1", "h2", "h3", "h4", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "strong",
                 "em", "blockquote", "br"}
HOSTILE_PIECES = ["<script>alert('x')</script>", "[@click=app.quit]", "**bold** | pipe & &amp;",
                  "[link](javascript:alert(1))", "<img src=x onerror=alert(1)>", "<Ada>"]


def _assert_inert(page: _Page, allowed: set[str]) -> None:
    assert set(page.tags) <= allowed, set(page.tags) - allowed
    names = {name for name, _ in page.attrs}
    assert not {n for n in names if n.startswith("on")}
    assert not names & {"src", "href", "action", "srcset", "formaction"}


def test_html_escapes_all_hostile_text() -> None:
    report = hostile_report()
    document = export_html(report)
    assert "<script" not in document.lower() and "<img" not in document.lower()
    page = _page(document)
    _assert_inert(page, HTML_TAGS)
    visible = _visible(page)
    for piece in HOSTILE_PIECES[:-1]:
        assert piece in visible, piece
    assert "<Ada> [@click=app.quit]" in visible
    assert "</td></tr></table><script>" in visible  # the rationale, as text


def test_html_is_self_contained() -> None:
    document = export_html(finished_report())
    page = _page(document)
    _assert_inert(page, HTML_TAGS)
    assert not re.search(r"https?://", document)
    assert "@import" not in document and "url(" not in document
    assert ("http-equiv", "Content-Security-Policy") in page.attrs
    assert any(name == "content" and value and value.startswith("default-src 'none'") for name, value in page.attrs)


@pytest.mark.parametrize("render", [export_markdown, export_cpd])
def test_markdown_renders_hostile_text_literally(render: Any) -> None:
    rendered = _render_markdown(render(hostile_report()))
    page = _page(rendered)
    _assert_inert(page, MARKDOWN_TAGS)
    visible = _visible(page)
    for piece in HOSTILE_PIECES[:-1]:
        assert piece in visible, piece
    if render is export_markdown:
        assert "<Ada> [@click=app.quit]" in visible
    assert "# Not a heading 1. not a list <b>x</b>" in visible  # the author's "markup" stays text


@pytest.mark.parametrize("render", [export_markdown, export_html, export_cpd])
def test_every_document_holds_debrief_timeline_and_reflection(render: Any) -> None:
    report = finished_report()
    text = render(report)
    visible = _visible(_page(_render_markdown(text) if render is not export_html else text))
    assert f"Overall: {report.debrief.overall.label}" in visible
    for cid in report.debrief.criteria:
        assert criterion_title(cid) in visible
    assert "Decision at Contact: Strategy discussion" in visible
    assert "Action: Ask the police" in visible
    assert "0.1–0.35" in visible  # the simulated working days
    assert "Checking police records before deciding changed the picture." in visible
    assert "I will ask the police the same day for every physical-harm referral." in visible


def test_markdown_and_html_show_every_event_and_the_self_assessment() -> None:
    report = finished_report()
    for text in (export_markdown(report), export_html(report)):
        assert text.count("Flagged as") == sum(1 for e in report.timeline if e.kind == "flag")
        assert "Your own grade" in text and "Requires improvement to be good" in text
        assert "You also graded yourself on: Exploitation and missing (Good)" in text
    # The sentence the debrief screen shows beside the grades, in every printed export (a portfolio's reader
    # looks for it: the point of self-assessment).
    own = finished_report().record.self_assessment
    said = agreement_line(*agreement(own, {cid: r.grade for cid, r in report.debrief.criteria.items()}))
    assert said.startswith("You graded yourself the same as the debrief on ")
    for text in (export_markdown(report), export_html(report), export_cpd(report)):
        assert said in text


def test_cpd_record_follows_the_form_and_prompts_for_what_is_missing() -> None:
    written = export_cpd(finished_report())
    headings = [line for line in written.splitlines() if line.startswith("## ")]
    assert headings == ["## What I did", "## What I learned", "## How this changes my practice",
                        "## Peer reflection", "## Evidence"]
    assert "**Date** | 4 March 2024" in written
    assert "Not written yet" not in written
    assert "Discussed with my practice educator in supervision." in written
    assert "Flagged as" not in written  # the CPD timeline keeps actions and decisions only
    assert "A strength to keep" not in written
    blank = export_cpd(hostile_report())
    assert blank.count("_Not written yet.") == 2  # practice change and peer reflection
    assert "I did not finish the case." in blank


def test_json_export_is_a_transcript_score_can_read() -> None:
    report = finished_report()
    data = json.loads(export_json(report))
    transcript = parse_transcript(export_json(report))
    assert transcript.scenario == report.scenario.id
    assert list(transcript.events) == [e.event for e in report.events]
    assert data["events"] == [event_to_json(e.event) for e in report.events]
    assert data["debrief"] == debrief_to_json(score(replay(report.scenario, transcript.events)))
    session = data["session"]
    assert (session["id"], session["uuid"], session["trainee"], session["mode"]) == (
        7, report.record.uuid, "Ada Lovelace", "self-assessment")
    assert session["started_at"] == "2024-03-04T09:10:00Z"
    assert [t["seq"] for t in data["timeline"]] == list(range(len(report.events)))
    assert data["timeline"][1]["working_day"] == 0.1 and data["timeline"][1]["working_day_end"] == 0.35
    assert data["reflection"]["practice_change"].startswith("I will ask the police")
    assert data["self_assessment"]["front-door"] == "good"


_IRI = {"type": "string", "pattern": r"^[a-z][a-z0-9+.-]*:\S+$"}
_LANG_MAP = {"type": "object", "minProperties": 1, "propertyNames": {"pattern": r"^[a-z]{2}(-[A-Z]{2})?$"},
             "additionalProperties": {"type": "string"}}
_UUID = {"type": "string", "pattern": r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"}
_EXTENSIONS = {"type": "object", "propertyNames": {"pattern": r"^[a-z][a-z0-9+.-]*:\S+$"}}
_ACTIVITY = {"type": "object", "required": ["id"], "additionalProperties": False, "properties": {
    "objectType": {"const": "Activity"}, "id": _IRI,
    "definition": {"type": "object", "additionalProperties": False, "properties": {
        "name": _LANG_MAP, "description": _LANG_MAP, "type": _IRI, "interactionType": {"enum": ["choice"]},
        "correctResponsesPattern": {"type": "array", "items": {"type": "string"}},
        "choices": {"type": "array", "items": {"type": "object", "required": ["id", "description"],
                                                 "additionalProperties": False,
                                                 "properties": {"id": {"type": "string", "pattern": r"^\S+$"},
                                                                "description": _LANG_MAP}}}}}}}
# The parts of xAPI 1.0.3 (xAPI-Data.md section 2.4) these exports use; anything else is refused.
STATEMENT_SCHEMA = {
    "type": "object", "required": ["id", "actor", "verb", "object", "timestamp"], "additionalProperties": False,
    "properties": {
        "id": _UUID,
        "version": {"type": "string", "pattern": r"^1\.0\.\d+$"},
        "timestamp": {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$"},
        "actor": {"type": "object", "required": ["account"], "additionalProperties": False, "properties": {
            "objectType": {"const": "Agent"}, "name": {"type": "string"},
            "account": {"type": "object", "required": ["homePage", "name"], "additionalProperties": False,
                        "properties": {"homePage": {"type": "string", "pattern": r"^https?://"},
                                       "name": {"type": "string", "minLength": 1}}}}},
        "verb": {"type": "object", "required": ["id"], "additionalProperties": False,
                 "properties": {"id": _IRI, "display": _LANG_MAP}},
        "object": _ACTIVITY,
        "result": {"type": "object", "additionalProperties": False, "properties": {
            "score": {"type": "object", "additionalProperties": False, "required": ["scaled"],
                      "properties": {"scaled": {"type": "number", "minimum": 0, "maximum": 1}}},
            "success": {"type": "boolean"}, "completion": {"type": "boolean"}, "response": {"type": "string"},
            "duration": {"type": "string", "pattern": r"^PT(\d+H)?(\d+M)?\d+(\.\d{1,2})?S$"},
            "extensions": _EXTENSIONS}},
        "context": {"type": "object", "additionalProperties": False, "properties": {
            "registration": _UUID, "revision": {"type": "string"}, "platform": {"type": "string"},
            "language": {"type": "string", "pattern": r"^[a-z]{2}(-[A-Z]{2})?$"},
            "contextActivities": {"type": "object", "additionalProperties": False,
                                  "properties": {k: {"type": "array", "items": _ACTIVITY}
                                                 for k in ("parent", "grouping", "category", "other")}},
            "extensions": _EXTENSIONS}},
    },
}


def _no_nulls_outside_extensions(value: Any, path: str = "$") -> None:
    # An LRS must reject a statement with a null anywhere but inside extensions.
    assert value is not None, path
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "extensions":
                _no_nulls_outside_extensions(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _no_nulls_outside_extensions(item, f"{path}[{i}]")


@pytest.mark.parametrize("make", [finished_report, hostile_report])
def test_xapi_statements_are_valid_and_complete(make: Any) -> None:
    report: SessionReport = make()
    statements = xapi_statements(report, "https://learning.example.org/")
    decisions = report.debrief.decisions
    assert len(statements) == len(decisions) + 1
    for statement in statements:
        jsonschema.validate(statement, STATEMENT_SCHEMA)
        _no_nulls_outside_extensions(statement)
        datetime.fromisoformat(statement["timestamp"])
        assert statement["context"]["registration"] == report.record.uuid
        assert statement["actor"]["account"] == {"homePage": "https://learning.example.org/",
                                                 "name": report.record.trainee_uuid}
    for statement, decision in zip(statements, decisions, strict=False):
        assert statement["verb"]["id"] == VERB_ANSWERED
        assert statement["result"]["response"] == decision.option
        assert statement["result"]["score"]["scaled"] == decision.credit
        assert statement["object"]["definition"]["correctResponsesPattern"] == list(decision.best)
        assert statement["object"]["id"].startswith("urn:case-review:scenario:mini-test-case:stage:")
    closing = statements[-1]
    assert closing["verb"]["id"] == (VERB_COMPLETED if report.debrief.finished else VERB_ATTEMPTED)
    assert closing["object"]["id"] == "urn:case-review:scenario:mini-test-case"
    assert closing["result"]["completion"] is report.debrief.finished
    assert closing["context"]["extensions"][EXT_CRITERIA] == {
        cid: {"score": r.score, "grade": r.grade.value} for cid, r in report.debrief.criteria.items()}
    kinds = [t["kind"] for t in closing["context"]["extensions"][EXT_TIMELINE]]
    assert kinds == [e.kind for e in report.timeline if e.kind in ("action", "decision")]
    assert len({s["id"] for s in statements}) == len(statements)
    again = xapi_statements(report, "https://learning.example.org/")
    assert [s["id"] for s in again] == [s["id"] for s in statements]  # same ids every export
    assert all(uuid.UUID(s["id"]).version == 5 for s in statements)


def test_xapi_closing_statement_for_a_finished_case() -> None:
    report = finished_report()
    closing = xapi_statements(report)[-1]
    result = closing["result"]
    assert result == {**result, "success": True, "completion": True, "duration": "PT19M25S"}
    assert result["score"]["scaled"] == pytest.approx(report.mean_score)
    assert result["extensions"][EXT_REFLECTION]["learned"].startswith("Checking police records")
    assert closing["timestamp"] == "2024-03-04T09:29:25.000Z"


def test_xapi_ids_change_only_with_content() -> None:
    report = finished_report()
    before = [s["id"] for s in xapi_statements(report)]
    assert [s["id"] for s in xapi_statements(finished_report())] == before
    reflected = attrs.evolve(report, record=attrs.evolve(report.record, reflection="A second thought."))
    after = [s["id"] for s in xapi_statements(reflected)]
    assert after[:-1] == before[:-1]  # the decisions are as they were
    assert after[-1] != before[-1]  # the closing statement now carries the new reflection


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "PT0S"), (0.004, "PT0S"), (12.5, "PT12.5S"), (59.999, "PT1M0S"), (61.25, "PT1M1.25S"),
    (3600, "PT1H0S"), (3723.07, "PT1H2M3.07S"), (-5, "PT0S"),
])
def test_duration_is_iso_8601_to_the_hundredth(seconds: float, text: str) -> None:
    assert duration(seconds) == text


def _validated_by_ralph(statements: list[dict[str, Any]]) -> None:
    """Each statement through the models of the Ralph LRS (ralph-malph), a maintained xAPI validator."""
    from ralph.models.xapi.base.statements import BaseXapiStatement

    for statement in statements:
        BaseXapiStatement(**json.loads(json.dumps(statement)))


@pytest.mark.parametrize("make", [finished_report, hostile_report])
def test_xapi_statements_pass_a_maintained_validator(make: Any) -> None:
    _validated_by_ralph(xapi_statements(make(), "https://learning.example.org/"))


def test_xapi_leaves_out_empty_language_maps() -> None:
    """Issue 14, item 15: an empty summary became {"en-GB": ""}, which a strict validator refuses."""
    report = finished_report()
    scenario = report.scenario
    stage = scenario.stages[0]
    blank_stage = attrs.evolve(stage, options=(attrs.evolve(stage.options[0], label="  "), *stage.options[1:]))
    blank = attrs.evolve(report, scenario=attrs.evolve(scenario, summary="", stages=(blank_stage,
                                                                                     *scenario.stages[1:])))
    statements = xapi_statements(blank)
    closing = statements[-1]
    assert "description" not in closing["object"]["definition"]
    assert "description" not in statements[0]["object"]["definition"]["choices"][0]
    _validated_by_ralph(statements)


def test_xapi_names_the_trainee_by_a_stable_id_not_their_name() -> None:
    """Two trainees of one name (in two histories) are two learners to an LRS."""
    one = finished_report()
    other = attrs.evolve(one, record=attrs.evolve(one.record, trainee_uuid="0c2d7f1a-9e3b-4b5c-8d6e-1f2a3b4c5d6e"))
    first, second = xapi_statements(one)[-1]["actor"], xapi_statements(other)[-1]["actor"]
    assert first["name"] == second["name"] == "Ada Lovelace"
    assert first["account"]["name"] == one.record.trainee_uuid
    assert first["account"]["name"] != second["account"]["name"]
