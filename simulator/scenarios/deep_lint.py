"""Warnings beyond the format's rules: parts of a case that cannot do what
the author meant, and text that looks like real personal data."""

from __future__ import annotations

import re
from collections.abc import Iterator

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from simulator.domain.catalogue import FAILURE_POINT_CRITERIA
from simulator.domain.model import (
    Action,
    ActionKind,
    EvidenceKind,
    Option,
    Scenario,
    ScenarioKind,
    SeesChild,
    StageDecision,
)
from simulator.domain.reasoning.points import match_point, parse_terms
from simulator.domain.reasoning.record import Leaning, read_record
from simulator.domain.reasoning.words import read_text
from simulator.domain.scoring.records import leaning

from .lint import Finding, decision_groups
from .problems import Problem, Severity
from .source import Document
from .structure import Path


def scorable_criteria(s: Scenario) -> frozenset[str]:
    """Criteria some path through this scenario can score."""
    found: set[str] = {"management-oversight"} if s.stages else set()
    for stage in s.stages:
        found.update(stage.scores)
        if stage.timescale:
            found.add("timeliness")
    for e in s.evidence:
        found.update(e.key.essential)
        if e.key.kind is EvidenceKind.RISK:
            found.add("management-oversight" if s.kind is ScenarioKind.CASE_AUDIT else "risk-recognition")
            if e.key.category in ("exploitation", "missing"):
                found.add("exploitation")
        if e.key.blocks_closure:
            found.add("safe-closure")
    if any(o.sees_child is not SeesChild.NO for st in s.stages for o in st.all_options):
        found.add("child-voice")
    for a in s.actions:
        if a.sees_child is not SeesChild.NO:
            found.add("child-voice")
        if a.kind is ActionKind.PARTNER and any(
            e in s.evidence_by_id and s.evidence_by_id[e].key.kind is not EvidenceKind.NEUTRAL for e in a.reveals
        ):
            found.add("partner-information")
    found.update(ne.criterion for ne in s.key.never_events)
    return frozenset(found)


def _known_by_stage(s: Scenario) -> dict[str, frozenset[str]]:
    """For each stage, every evidence item that can be known when it is decided
    (along some path from the first stage)."""
    known: dict[str, frozenset[str]] = {}

    def visit(stage_id: str, before: frozenset[str]) -> None:
        stage = s.stage_by_id.get(stage_id)
        if stage is None:
            return
        here = before | set(stage.reveals) | {e for a in s.actions_at(stage_id) for e in a.reveals}
        if here <= known.get(stage_id, frozenset()):
            return
        known[stage_id] = known.get(stage_id, frozenset()) | here
        for target in stage.targets:
            visit(target, known[stage_id])

    if s.stages:
        visit(s.stages[0].id, frozenset())
    return known


def check(s: Scenario) -> list[Finding]:
    return list(_check(s))


def _blank(s: Scenario) -> Iterator[Finding]:
    """Text a trainee, an export or an LRS shows that is empty: an xAPI statement may hold no empty value, so
    it is left out there, and the case reads the poorer for it."""
    if not s.summary.strip():
        yield Finding(("summary",), "the summary is empty", "write a line or two on what the case is about: the "
                      "library, the debrief and the exports show it")
    for i, stage in enumerate(s.stages):
        for j, option in enumerate(stage.options):
            if not option.label.strip():
                yield Finding(("stages", i, "options", j, "label"), f"option {option.id!r} has an empty label",
                              "say what the option is, as the trainee will read it")


def _check(s: Scenario) -> Iterator[Finding]:
    yield from _blank(s)
    scorable = scorable_criteria(s)
    for i, criterion in enumerate(s.key.limiting):
        if criterion not in scorable:
            yield Finding(("key", "limiting", i), f"{criterion!r} is limiting, but nothing in the case scores it",
                          "add it to a stage's `scores`, or make some evidence essential for it")
    for criterion in s.key.feedback:
        if criterion not in scorable:
            yield Finding(("key", "feedback", criterion), f"there is feedback for {criterion!r}, but nothing in the "
                          "case scores it", "add it to a stage's `scores`", on_key=True)
    for i, point in enumerate(s.failure_points):
        criteria = FAILURE_POINT_CRITERIA.get(point, ())
        if criteria and not set(criteria) & scorable:
            yield Finding(("failure_points", i), f"the case is built around {point!r}, but nothing scores "
                          f"{' or '.join(repr(c) for c in criteria)}",
                          "score that criterion in a stage, or name a failure point the case exercises")
    known = _known_by_stage(s)
    options = s.option_by_id
    for i, ne in enumerate(s.key.never_events):
        points = [known.get(options[o][0].id, frozenset()) for o in ne.if_chosen if o in options]
        if not ne.if_chosen:
            points = list(known.values())
        if ne.if_revealed and points and not any(set(ne.if_revealed) <= k for k in points):
            yield Finding(("key", "never_events", i, "if_revealed"), f"never-event {ne.id!r} can never trigger: "
                          "its `if_revealed` evidence cannot all be known at that point",
                          "check which stage and actions reveal that evidence")
    for i, e in enumerate(s.evidence):
        # A neutral item can be essential (a nil police check must still be made), but it cannot block closure.
        if e.key.resolved_by and not e.key.blocks_closure:
            yield Finding(("evidence", i, "key", "resolved_by"), f"evidence {e.id!r} has `resolved_by` but does not "
                          "block closure", "add `blocks_closure: true`, or drop `resolved_by`")
        if e.key.kind is not EvidenceKind.RISK and e.key.blocks_closure:
            yield Finding(("evidence", i, "key", "blocks_closure"), f"evidence {e.id!r} blocks closure but is not "
                          "a risk", "mark it `kind: risk`, or drop `blocks_closure`")
    yield from _unseen_children(s)
    yield from _misleading_keys(s)


def _unseen_children(s: Scenario) -> Iterator[Finding]:
    """A child of the case whom no action and no option's plan can see: the child seen and heard leaves them out
    without a word, though each child is to be seen in their own right (domain.md §6)."""
    if len(s.children) < 2:
        return
    first = s.children[0].id
    steps: list[Action | Option] = [*s.actions, *(o for stage in s.stages for o in stage.all_options)]
    seen = {c for step in steps if step.sees_child is not SeesChild.NO for c in (step.sees or (first,))}
    for i, person in enumerate(s.case.people):
        if person.child and person.id not in seen:
            yield Finding(("case", "people", i), f"nothing in the case can see {person.id!r}, a child of the case: "
                          "the child seen and heard leaves them out",
                          f"give an action (or an option whose plan sees them) `sees: [{person.id}]` with "
                          "`sees_child`, or leave out `child: true`")


def _misleading_keys(s: Scenario) -> Iterator[Finding]:
    """Keys whose grades would mislead: a limiting criterion only over-intervention can fail, record points
    that their own words do not make, that argue the other way to every option they belong to, or that a
    wrong point would also catch."""
    scored = {c for stage in s.stages for c in stage.scores}
    for i, criterion in enumerate(s.key.limiting):
        if criterion == "proportionate-help" and criterion not in scored:
            yield Finding(("key", "limiting", i), "proportionate-help is limiting, but only over-intervention can "
                          "count against it here, and over-intervention never makes a case inadequate",
                          "score it at a stage where too little help is a real risk, or drop it from `limiting`")
    for si, stage in enumerate(s.stages):
        for dpath, decision in decision_groups(stage, ("stages", si)):
            yield from _misleading_points(s, decision, dpath)


def _misleading_points(s: Scenario, decision: StageDecision, dpath: Path) -> Iterator[Finding]:
    """One decision's record points (a stage's only decision, or one of its several)."""
    record, options = decision.record, decision.options
    rights = [(p, parse_terms(p.terms, s.key.synonyms)) for p in record.points]
    for kind, points in (("points", rights),
                         ("wrong", [(p, parse_terms(p.terms, s.key.synonyms)) for p in record.wrong])):
        for pi, (point, terms) in enumerate(points):
            path: Path = (*dpath, "record", kind, pi)
            if kind == "points" and terms and not match_point(read_text(point.says), terms).made:
                yield Finding((*path, "terms"), f"record point {point.id!r}: its own words (`says`) do not make "
                              "it, so a trainee who wrote the same would not be credited",
                              "add the words `says` uses to the terms' alternatives")
            if kind == "wrong":
                for right, _ in rights:
                    if terms and match_point(read_text(right.says), terms).made:
                        yield Finding((*path, "terms"), f"wrong point {point.id!r} would also catch the right "
                                      f"point {right.id!r}", "make the wrong point's terms more specific")
                continue
            # A point may argue against a more (or less) intensive option than the one it belongs to ("no
            # emergency protection order is needed" supports a section 47 enquiry); it misleads only when
            # there is nothing further in the direction it argues.
            belongs = [o for o in options if not point.options or o.id in point.options]
            reading = read_record(point.says, frozenset())
            top = max(o.outcome.rank for o in options)
            bottom = min(o.outcome.rank for o in options)
            if reading.lowers > reading.raises and belongs and all(
                    leaning(o.outcome) is Leaning.UP and o.outcome.rank == top for o in belongs):
                yield Finding((*path, "says"), f"record point {point.id!r} argues for less protection than "
                              "every option it belongs to", "scope it with `options` to the options it supports")
            elif reading.raises > reading.lowers and belongs and all(
                    leaning(o.outcome) is Leaning.DOWN and o.outcome.rank == bottom for o in belongs):
                yield Finding((*path, "says"), f"record point {point.id!r} argues for more protection than "
                              "every option it belongs to", "scope it with `options` to the options it supports")


# --- text that looks like real personal data -------------------------------

_POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b")
_NI_NUMBER = re.compile(r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")
_TEN_DIGITS = re.compile(r"(?<![\d-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d-])")
_PHONE = re.compile(r"(?<!\d)(?:\+44 ?\(?0?\)? ?|0)(?:\d[ -]?){9,10}(?!\d)")
# Ofcom reserves these ranges for drama: numbers from them are safe to use.
_DRAMA_PHONE = re.compile(r"^(?:\+44|0)(?:7700900|1632960|1134960|1144960|1154960|1164960|1174960|1184960|"
                          r"1214960|1314960|1414960|1514960|1614960|2079460|2890180|3069990|8081570|9098790)")
_BIRTH_DATE = re.compile(
    r"\b(?:DOB|D\.O\.B\.?|date of birth|born(?: on)?)\s*:?\s*"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{4}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2}))",
    re.IGNORECASE,
)


def _valid_nhs_number(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


_DIGIT = re.compile(r"\d")


def _personal_data(value: str) -> Iterator[tuple[int, str, str]]:
    """(offset, what it looks like, the matched text)"""
    if not _DIGIT.search(value):
        return  # every pattern below needs a digit; most text has none, and validate stays fast
    for m in _TEN_DIGITS.finditer(value):
        if _valid_nhs_number(re.sub(r"\D", "", m.group())):
            yield m.start(), "an NHS number (the check digit is valid)", m.group()
    for m in _POSTCODE.finditer(value):
        yield m.start(), "a UK postcode", m.group()
    for m in _NI_NUMBER.finditer(value):
        yield m.start(), "a National Insurance number", m.group()
    for m in _PHONE.finditer(value):
        if not _DRAMA_PHONE.match(re.sub(r"[^\d+]", "", m.group())):
            yield m.start(), "a phone number", m.group()
    for m in _BIRTH_DATE.finditer(value):
        yield m.start(), "a full date of birth", m.group()


_HINTS = {
    "a phone number": "use a number from Ofcom's drama ranges, such as 07700 900123 or 01632 960123",
    "a full date of birth": "give an age instead, or a month and year",
}


def personal_data(doc: Document) -> list[Problem]:
    """Warnings for text that looks like real personal data, at its own line."""
    out: list[Problem] = []
    if doc.root is None:
        return out
    for node in _scalars(doc.root):
        for _, what, found in _personal_data(node.value):
            at = doc.text.find(found, node.start_mark.index, node.end_mark.index + 1)
            index = at if at >= 0 else node.start_mark.index
            line = doc.text.count("\n", 0, index) + 1
            col = index - (doc.text.rfind("\n", 0, index) + 1) + 1
            out.append(Problem(doc.path, line, col, f"{found!r} looks like {what}; scenarios must be synthetic",
                               _HINTS.get(what, "replace it with something clearly fictional"), Severity.WARNING))
    return out


# Characters that reorder how text is shown (bidirectional embeddings, overrides and isolates): text that
# reads one way on screen and another in the file. The app and the command line neutralise them; a trainer
# should hear of them here.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_BIDI_NAMES = {"\u202a": "left-to-right embedding", "\u202b": "right-to-left embedding",
               "\u202c": "pop directional formatting", "\u202d": "left-to-right override",
               "\u202e": "right-to-left override", "\u2066": "left-to-right isolate",
               "\u2067": "right-to-left isolate", "\u2068": "first strong isolate",
               "\u2069": "pop directional isolate"}
_MAX_BIDI_REPORTS = 5


def reordering_characters(doc: Document) -> list[Problem]:
    """Warnings for invisible characters that change the order text is shown in, at their own line."""
    out: list[Problem] = []
    for m in _BIDI.finditer(doc.text):
        if len(out) == _MAX_BIDI_REPORTS:
            break
        index = m.start()
        line = doc.text.count("\n", 0, index) + 1
        col = index - (doc.text.rfind("\n", 0, index) + 1) + 1
        name = _BIDI_NAMES[m.group()]
        out.append(Problem(doc.path, line, col, f"an invisible {name} character (U+{ord(m.group()):04X}) changes "
                           "the order this text is shown in", "remove it; the app and the command line do not "
                           "show it", Severity.WARNING))
    return out


def _scalars(node: Node) -> Iterator[ScalarNode]:
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, ScalarNode):
            yield n
        elif isinstance(n, SequenceNode):
            stack.extend(n.value)
        elif isinstance(n, MappingNode):
            stack.extend(v for _, v in n.value)
