"""Cross-reference checks over a structured scenario. Each finding names the
data path of the value at fault; the loader maps paths to lines."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from typing import Protocol

import attrs

from simulator.domain.catalogue import CRITERION_IDS, FAILURE_POINT_IDS, ROUTES_BY_ID
from simulator.domain.conditions import parse as parse_condition
from simulator.domain.model import FORMAT_VERSIONS, Scenario, ScenarioKind, Stage, StageDecision
from simulator.domain.rulebook import RULEBOOKS

from .structure import Path

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CATEGORIES = (
    "exploitation", "missing", "domestic-abuse", "neglect", "physical-harm", "sexual-harm", "mental-health",
    "substance-misuse", "disguised-compliance", "cumulative-harm", "behaviour", "harmful-practices", "legal-status",
    "general",
)


@attrs.frozen
class Finding:
    path: Path
    message: str
    hint: str = ""
    on_key: bool = False
    refers_to: str = ""  # for a reference to an id: what kind of thing (`option`), so a follow-on can be told
    meant: str = ""  # for a misspelt reference: the id it was most likely meant to name
    unused: str = ""  # for an id nothing uses (unrevealed, unreached): that id


def _closest(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return close[0] if close else ""


def _suggest(value: str, choices: Iterable[str]) -> str:
    close = _closest(value, choices)
    return f"did you mean {close!r}?" if close else ""


def _refs(path: Path, values: Iterable[str], known: Iterable[str], what: str) -> Iterator[Finding]:
    known = list(known)
    for i, value in enumerate(values):
        if value not in known:
            meant = _closest(value, known)
            if not known:
                hint = f"this case has no {what} ids to refer to yet"
            elif meant:
                hint = f"did you mean {meant!r}?"
            else:
                hint = f"{what} ids here are: {', '.join(known)}" if len(known) < 15 else ""
            yield Finding((*path, i), f"there is no {what} {value!r}", hint, refers_to=what, meant=meant)


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


def _ids(path: Path, items: Iterable[_HasId], what: str, seen: dict[str, Path] | None = None) -> Iterator[Finding]:
    seen = {} if seen is None else seen
    for i, item in enumerate(items):
        ident: str = item.id
        where = (*path, i, "id")
        if not SLUG.fullmatch(ident):
            yield Finding(where, f"{what} id {ident!r} is not a short slug",
                          "use lower-case letters, digits and single hyphens, e.g. `school-log`")
        if ident in seen:
            yield Finding(where, f"{what} id {ident!r} is used twice", "give each one its own id")
        seen[ident] = where


def decision_groups(stage: Stage, path: Path) -> Iterator[tuple[Path, StageDecision]]:
    """Each decision at a stage with the data path its fields are under: the stage's own for its only decision,
    `decisions[i]` for one of several."""
    if stage.decisions:
        for di, decision in enumerate(stage.decisions):
            yield (*path, "decisions", di), decision
    else:
        yield path, stage.decision_list[0]


def _decision(s: Scenario, stage: Stage, decision: StageDecision, path: Path, places: dict[str, Path],
              audit: bool) -> Iterator[Finding]:
    yield from _refs((*path, "scores"), decision.scores, CRITERION_IDS, "criterion")
    if decision.about is not None:
        yield from _refs((*path, "about"), [decision.about], list(s.person_by_id), "person")
    if len(decision.options) < 2:
        yield Finding((*path, "options"), "a decision needs at least two options")
    for oi, option in enumerate(decision.options):
        opath = (*path, "options", oi)
        if option.next is not None and option.next not in places:
            yield Finding((*opath, "next"), f"there is no stage or ending {option.next!r}",
                          _suggest(option.next, places), meant=_closest(option.next, places))
        if stage.leads(option) is None:
            yield Finding((*opath, "next"), "this option leads nowhere",
                          "give it a `next`, or give the stage a `next` for its decisions")
        if option.elapses < 0:
            yield Finding((*opath, "elapses"), "time cannot run backwards")
        if option.outcome.audit != audit:
            kind = "a case audit" if audit else "a referral scenario"
            yield Finding((*opath, "outcome"), f"outcome {option.outcome.value!r} does not belong in {kind}",
                          "case audits use endorse, return-to-worker and escalate; other scenarios the rest")
        if option.route is not None and option.route not in ROUTES_BY_ID:
            yield Finding((*opath, "route"), f"there is no route {option.route!r}",
                          _suggest(option.route, ROUTES_BY_ID) or "see docs/routes.md for the routes")
        has_verdict, has_votes = option.key.verdict is not None, option.key.votes is not None
        if has_verdict == has_votes:
            yield Finding((*opath, "key"), "give the option either a `verdict` or panel `votes` (one of them)",
                          "e.g. `key: {verdict: best}` or `key: {votes: 7}`")
        if has_votes and option.key.votes is not None and option.key.votes < 0:
            yield Finding((*opath, "key", "votes"), "votes cannot be negative")
        yield from _refs((*opath, "key", "counts_against"), option.key.counts_against, CRITERION_IDS, "criterion")
    option_ids = [o.id for o in decision.options]
    for kind in ("points", "wrong"):
        for pi, point in enumerate(getattr(decision.record, kind)):
            ppath = (*path, "record", kind, pi)
            yield from _refs((*ppath, "options"), point.options, option_ids, "option at this stage")
            if not point.terms or not any(t.strip(" |") for t in point.terms):
                yield Finding((*ppath, "terms"), "a record point needs at least one term to look for",
                              "e.g. `terms: [bruise|mark, not mobile|4 months]`")
    credits = [o.key.verdict.credit if o.key.verdict else (o.key.votes or 0) for o in decision.options]
    if decision.options and max(credits) <= 0:
        yield Finding((*path, "options"), "no option here earns any credit",
                      "mark the best option `verdict: best` or give it votes")


def check(s: Scenario) -> list[Finding]:
    found = list(_check(s))
    # An id nothing reaches because the one reference to it is misspelt is one mistake, reported at the typo.
    meant = {f.meant for f in found if f.meant}
    return [f for f in found if not (f.unused and f.unused in meant)]


def _check(s: Scenario) -> Iterator[Finding]:
    if s.format not in FORMAT_VERSIONS:
        readable = " and ".join(str(v) for v in FORMAT_VERSIONS)
        yield Finding(("format",), f"format {s.format} is not one this version reads (it reads formats {readable})")
    if not SLUG.fullmatch(s.id):
        yield Finding(("id",), f"scenario id {s.id!r} is not a short slug",
                      "use lower-case letters, digits and single hyphens")
    if s.minutes <= 0:
        yield Finding(("minutes",), "minutes must be more than 0")
    if not s.failure_points:
        yield Finding(("failure_points",), "name at least one failure point or strength the case is built around")
    yield from _refs(("failure_points",), s.failure_points, sorted(FAILURE_POINT_IDS), "failure point")
    if s.rulebook not in RULEBOOKS:
        yield Finding(("rulebook",), f"there is no rulebook {s.rulebook!r}", f"choose {' or '.join(RULEBOOKS)}")
    if s.levels is not None and len(s.levels) != 4:
        yield Finding(("levels",), f"give exactly four level names, least to most intensive (found {len(s.levels)})")
    if not s.case.people:
        yield Finding(("case", "people"), "list at least the subject child")
    yield from _ids(("case", "people"), s.case.people, "person")
    yield from _ids(("case", "documents"), s.case.documents, "document")
    yield from _ids(("evidence",), s.evidence, "evidence")
    yield from _ids(("actions",), s.actions, "action")
    places: dict[str, Path] = {}
    yield from _ids(("stages",), s.stages, "stage", places)
    yield from _ids(("endings",), s.endings, "ending", places)
    options: dict[str, Path] = {}
    for si, stage in enumerate(s.stages):
        for dpath, decision in decision_groups(stage, ("stages", si)):
            yield from _ids((*dpath, "options"), decision.options, "option", options)
    yield from _ids(("key", "never_events"), s.key.never_events, "never-event")
    yield from _ids(("key", "harmful"), s.key.harmful, "harmful action")
    for si, stage in enumerate(s.stages):
        for dpath, decision in decision_groups(stage, ("stages", si)):
            record = decision.record
            yield from _ids((*dpath, "record", "points"), record.points, "record point")
            yield from _ids((*dpath, "record", "wrong"), record.wrong, "record point",
                            {p.id: (*dpath, "record", "points", i, "id") for i, p in enumerate(record.points)})
    if not s.stages:
        yield Finding(("stages",), "a scenario needs at least one stage")
    if not s.endings:
        yield Finding(("endings",), "a scenario needs at least one ending")

    evidence = [e.id for e in s.evidence]
    actions = [a.id for a in s.actions]
    stages = [st.id for st in s.stages]
    for i, e in enumerate(s.evidence):
        path: Path = ("evidence", i, "key")
        if e.key.category not in CATEGORIES:
            yield Finding((*path, "category"), f"there is no indicator category {e.key.category!r}",
                          _suggest(e.key.category, CATEGORIES) or f"categories are: {', '.join(CATEGORIES)}")
        if not 1 <= e.key.severity <= 3:
            yield Finding((*path, "severity"), "severity runs from 1 (low) to 3 (high)")
        yield from _refs((*path, "essential"), e.key.essential, CRITERION_IDS, "criterion")
        yield from _refs((*path, "resolved_by"), e.key.resolved_by, evidence, "evidence")
    for i, a in enumerate(s.actions):
        if a.cost < 0:
            yield Finding(("actions", i, "cost"), "an action cannot take negative time")
        yield from _refs(("actions", i, "reveals"), a.reveals, evidence, "evidence")
        yield from _refs(("actions", i, "stages"), a.stages, stages, "stage")
    audit = s.kind is ScenarioKind.CASE_AUDIT
    for si, stage in enumerate(s.stages):
        path = ("stages", si)
        yield from _refs((*path, "reveals"), stage.reveals, evidence, "evidence")
        yield from _refs((*path, "scores"), stage.scores, CRITERION_IDS, "criterion")
        if not stage.scores and not stage.decisions:
            yield Finding((*path, "scores"), "name the criteria this decision is scored against")
        rulebook = RULEBOOKS.get(s.rulebook)
        if stage.timescale is not None and rulebook is not None:
            known = [t.id for t in rulebook.timescales]
            if stage.timescale not in known:
                yield Finding((*path, "timescale"), f"there is no timescale {stage.timescale!r} in {rulebook.id}",
                              _suggest(stage.timescale, known) or f"timescales are: {', '.join(known)}")
        if stage.options and stage.decisions:
            yield Finding((*path, "decisions"), "a stage has either `options` (one decision) or `decisions`, not both",
                          "move the options into one of the decisions")
        if stage.decisions and (stage.record.points or stage.record.wrong):
            yield Finding((*path, "record"), "a stage with several decisions keeps a `record` in each decision, "
                          "not on the stage", "move the record points into the decision they are about")
        if stage.next is not None and stage.next not in places:
            yield Finding((*path, "next"), f"there is no stage or ending {stage.next!r}", _suggest(stage.next, places),
                          meant=_closest(stage.next, places))
        yield from _ids((*path, "decisions"), stage.decisions, "decision")
        for dpath, decision in decision_groups(stage, path):
            yield from _decision(s, stage, decision, dpath, places, audit)
    all_options = [o.id for st in s.stages for o in st.all_options]
    for ni, ne in enumerate(s.key.never_events):
        path = ("key", "never_events", ni)
        yield from _refs((*path, "criterion"), [ne.criterion], CRITERION_IDS, "criterion")
        yield from _refs((*path, "if_chosen"), ne.if_chosen, all_options, "option")
        yield from _refs((*path, "if_revealed"), ne.if_revealed, evidence, "evidence")
        yield from _refs((*path, "unless_done"), ne.unless_done, actions, "action")
        yield from _refs((*path, "unless_chosen"), ne.unless_chosen, all_options, "option")
    yield from _refs(("key", "limiting"), s.key.limiting, CRITERION_IDS, "criterion")
    for hi, harm in enumerate(s.key.harmful):
        path = ("key", "harmful", hi)
        yield from _refs((*path, "action"), [harm.action], actions, "action")
        yield from _refs((*path, "criterion"), [harm.criterion], CRITERION_IDS, "criterion")
        if harm.before is not None and harm.before not in actions and harm.before not in stages:
            yield Finding((*path, "before"), f"there is no action or stage {harm.before!r}",
                          _suggest(harm.before, [*actions, *stages]))
    yield from _format_2(s, evidence, actions, stages, all_options)
    for criterion in s.key.feedback:
        if criterion not in CRITERION_IDS:
            yield Finding(("key", "feedback", criterion), f"there is no criterion {criterion!r}",
                          _suggest(criterion, CRITERION_IDS), on_key=True)
    yield from _flow(s)


def _conditions(path: Path, conditions: Iterable[str], facts: list[str], options: list[str]) -> Iterator[Finding]:
    for i, text in enumerate(conditions):
        term = parse_condition(text)
        known, what = (options, "option") if term.chose else (facts, "fact")
        if term.id not in known:
            hint = _suggest(term.id, known) or ("declare it under `facts`" if what == "fact" else "")
            yield Finding((*path, i), f"there is no {what} {term.id!r}", hint or
                          "a condition is a fact id, `not FACT`, `chose OPTION` or `not chose OPTION`")


def _format_2(s: Scenario, evidence: list[str], actions: list[str], stages: list[str],
              options: list[str]) -> Iterator[Finding]:
    """Facts, conditions, children seen, clocks: what format 2 adds, checked for references that resolve."""
    yield from _ids(("facts",), s.facts, "fact")
    yield from _ids(("clocks",), s.clocks, "clock")
    facts = [f.id for f in s.facts]
    people = list(s.person_by_id)
    set_somewhere: set[str] = set()
    for i, a in enumerate(s.actions):
        path: Path = ("actions", i)
        yield from _refs((*path, "sets"), a.sets, facts, "fact")
        yield from _conditions((*path, "when"), a.when, facts, options)
        yield from _refs((*path, "sees"), a.sees, people, "person")
        set_somewhere.update(a.sets)
    for si, stage in enumerate(s.stages):
        for vi, variant in enumerate(stage.variants):
            yield from _conditions(("stages", si, "variants", vi, "when"), variant.when, facts, options)
        for dpath, decision in decision_groups(stage, ("stages", si)):
            for oi, option in enumerate(decision.options):
                opath = (*dpath, "options", oi)
                yield from _refs((*opath, "sets"), option.sets, facts, "fact")
                yield from _conditions((*opath, "when"), option.when, facts, options)
                yield from _refs((*opath, "sees"), option.sees, people, "person")
                set_somewhere.update(option.sets)
    for ei, ending in enumerate(s.endings):
        for vi, variant in enumerate(ending.variants):
            yield from _conditions(("endings", ei, "variants", vi, "when"), variant.when, facts, options)
    for ni, ne in enumerate(s.key.never_events):
        yield from _conditions(("key", "never_events", ni, "when"), ne.when, facts, options)
    for fi, fact in enumerate(s.facts):
        if fact.id not in set_somewhere:
            yield Finding(("facts", fi, "id"), f"fact {fact.id!r} is never set",
                          "name it in some action's or option's `sets`, or remove it")
    rulebook = RULEBOOKS.get(s.rulebook)
    timescales = [t.id for t in rulebook.timescales] if rulebook is not None else []
    events = [*evidence, *facts, *actions, *stages]
    for ci, clock in enumerate(s.clocks):
        path = ("clocks", ci)
        given = [name for name in ("timescale", "days", "by_day") if getattr(clock, name) is not None]
        if len(given) != 1:
            yield Finding(path, f"clock {clock.id!r} needs exactly one of `timescale`, `days` or `by_day`",
                          "e.g. `timescale: private-fostering-visit`, `days: 7` or `by_day: 12`")
        if clock.timescale is not None and clock.timescale not in timescales:
            yield Finding((*path, "timescale"), f"there is no timescale {clock.timescale!r}",
                          _suggest(clock.timescale, timescales) or f"timescales are: {', '.join(timescales)}")
        if clock.starts is not None and clock.starts not in events:
            yield Finding((*path, "starts"), f"there is no evidence, fact, action or stage {clock.starts!r}",
                          _suggest(clock.starts, events))
        if clock.stops not in events:
            yield Finding((*path, "stops"), f"there is no evidence, fact, action or stage {clock.stops!r}",
                          _suggest(clock.stops, events))
        if clock.about is not None:
            yield from _refs((*path, "about"), [clock.about], people, "person")


def _flow(s: Scenario) -> Iterator[Finding]:
    """Reachability: every stage and ending reached, no loops, every
    evidence item revealable somewhere."""
    if not s.stages:
        return
    stage_index = {st.id: i for i, st in enumerate(s.stages)}
    reached: set[str] = set()
    visiting: set[str] = set()
    loops: list[str] = []

    def visit(stage_id: str) -> None:
        if stage_id in visiting:
            loops.append(stage_id)
            return
        if stage_id in reached:
            return
        reached.add(stage_id)
        stage = s.stage_by_id.get(stage_id)
        if stage is None:
            return
        visiting.add(stage_id)
        for target in stage.targets:
            visit(target)
        visiting.discard(stage_id)

    visit(s.stages[0].id)
    for stage_id in dict.fromkeys(loops):
        yield Finding(("stages", stage_index[stage_id], "id"), f"stage {stage_id!r} can be reached again from itself",
                      "cases move forward only; send the option to a later stage or an ending")
    for i, stage in enumerate(s.stages):
        if stage.id not in reached:
            yield Finding(("stages", i, "id"), f"no path reaches stage {stage.id!r}",
                          "point some option's `next` at it, or remove it", unused=stage.id)
    for i, ending in enumerate(s.endings):
        if ending.id not in reached:
            yield Finding(("endings", i, "id"), f"no decision leads to ending {ending.id!r}",
                          "point some option's `next` at it, or remove it", unused=ending.id)
    revealable = {e for a in s.actions for e in a.reveals} | {e for st in s.stages for e in st.reveals}
    for i, e in enumerate(s.evidence):
        if e.id not in revealable:
            yield Finding(("evidence", i, "id"), f"nothing reveals evidence {e.id!r}",
                          "list it in an action's `reveals` or a stage's `reveals`", unused=e.id)
