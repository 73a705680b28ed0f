"""Two attempts at one case side by side (`case-review compare`, and the app's compare screen): decisions,
flags, actions, timing and grades per criterion, each row marked where the two differ, and where they part.

Pure: it reads two session reports (each replayed and scored once, ``session_report``) and computes nothing
the reports do not hold. Rows hold plain text; each shell renders it its own way (the app through its safe-text
helper). "A" is the first session named, "B" the second.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC
from typing import Any, TypeVar

import attrs

from simulator.domain.catalogue import CRITERIA_BY_ID, CRITERION_IDS, Grade
from simulator.domain.events import Decide, Event
from simulator.domain.scoring.grades import score_text
from simulator.domain.scoring.results import Debrief

from .session_report import SessionReport

COMPARISON_FORMAT = "case-review-comparison"
COMPARISON_VERSION = 1
NOT_REACHED = "—"
T = TypeVar("T")
Pair = tuple[T, T]


@attrs.frozen(kw_only=True)
class Row:
    """One thing compared: its id, how it is named, and each side's value as words."""

    id: str
    label: str
    values: Pair[str]

    @property
    def differs(self) -> bool:
        return self.values[0] != self.values[1]


@attrs.frozen(kw_only=True)
class CriterionRow:
    criterion: str
    title: str
    grades: Pair[Grade | None]
    scores: Pair[float | None]

    @property
    def differs(self) -> bool:
        return self.grades != self.grades[::-1] or _rounded(self.scores[0]) != _rounded(self.scores[1])


@attrs.frozen(kw_only=True)
class Parting:
    """The first event where the two logs differ, and what each did there."""

    event: int
    rebranch: bool  # one session is a re-branch of the other, and this is where it was made
    what: Pair[str]  # each side's event at that index, in words ("" when its log has ended)
    stage: str = ""  # the stage of the decision re-branched, when it is one


@attrs.frozen(kw_only=True)
class Comparison:
    scenario: str
    title: str
    sessions: Pair[SessionReport]
    parting: Parting | None  # None: the two logs are the same
    overall: Pair[Grade]
    finished: Pair[bool]
    elapsed: Pair[float]
    critical: Pair[tuple[str, ...]]
    decisions: tuple[Row, ...]
    flags: tuple[Row, ...]
    actions: tuple[Row, ...]
    timings: tuple[Row, ...]
    criteria: tuple[CriterionRow, ...]

    @property
    def differences(self) -> int:
        rows: list[Row | CriterionRow] = [*self.decisions, *self.flags, *self.actions, *self.timings,
                                          *self.criteria]
        head = [self.overall[0] != self.overall[1], _days(self.elapsed[0]) != _days(self.elapsed[1]),
                set(self.critical[0]) != set(self.critical[1])]
        return sum(head) + sum(r.differs for r in rows)


def _rounded(score: float | None) -> float | None:
    return None if score is None else round(score, 2)


def _days(value: float) -> str:
    return f"{value:.2f}"


def compare(a: SessionReport, b: SessionReport) -> Comparison:
    """The two reports side by side. Both must be of the same scenario (the caller checks, with its message)."""
    pair = (a, b)
    return Comparison(
        scenario=a.scenario.id,
        title=a.scenario.title,
        sessions=pair,
        parting=_parting(a, b),
        overall=(a.debrief.overall, b.debrief.overall),
        finished=(a.state.finished, b.state.finished),
        elapsed=(a.debrief.elapsed_working_days, b.debrief.elapsed_working_days),
        critical=(tuple(c.rule for c in a.debrief.critical), tuple(c.rule for c in b.debrief.critical)),
        decisions=_decisions(pair),
        flags=_flags(pair),
        actions=_actions(pair),
        timings=_timings(pair),
        criteria=_criteria(a.debrief, b.debrief),
    )


def _events(report: SessionReport) -> list[Event]:
    return [logged.event for logged in report.events]


def _parting(a: SessionReport, b: SessionReport) -> Parting | None:
    first, second = _events(a), _events(b)
    rebranch = None
    if b.record.parent_id == a.record.id:
        rebranch = b.record.parted_at
    elif a.record.parent_id == b.record.id:
        rebranch = a.record.parted_at
    if rebranch is None:
        index = next((i for i, (x, y) in enumerate(zip(first, second, strict=False)) if _step(x) != _step(y)),
                     min(len(first), len(second)))
        if index == len(first) == len(second):
            return None
    else:
        index = rebranch
    what = (_said(a, index), _said(b, index))
    decided = next((r for r in (a, b) if index < len(r.events) and isinstance(r.events[index].event, Decide)), None)
    stage = ""
    if decided is not None:
        event = decided.events[index].event
        assert isinstance(event, Decide)
        stage = decided.scenario.stage_by_id[event.stage].title if event.stage in decided.scenario.stage_by_id \
            else event.stage
    return Parting(event=index, rebranch=rebranch is not None, what=what, stage=stage)


def _step(event: Event) -> object:
    """What an event does, for telling where two attempts part: a decision is the option chosen, whatever its
    record says (two trainees who chose alike have not parted because they wrote differently)."""
    if isinstance(event, Decide):
        return ("decide", event.stage, event.decision, event.option)
    return event


def _said(report: SessionReport, index: int) -> str:
    """The event at ``index`` in words, as the timeline puts it."""
    if index >= len(report.events):
        return "" if report.state.finished else "(stopped before this point)"
    event = report.events[index].event
    if isinstance(event, Decide) and event.option in report.scenario.option_by_id:
        return f"chose {report.scenario.option_by_id[event.option][1].label}"
    return report.timeline[index].summary


def _ordered(reports: Sequence[SessionReport], keys: Callable[[SessionReport], Iterable[str]]) -> list[str]:
    return list(dict.fromkeys(k for r in reports for k in keys(r)))


def _decisions(pair: Pair[SessionReport]) -> tuple[Row, ...]:
    chosen: list[dict[str, str]] = []
    titles: dict[str, str] = {}
    for report in pair:
        scenario = report.scenario
        made: dict[str, str] = {}
        for d in report.state.decisions:
            stage = scenario.stage_by_id[d.stage]
            key = f"{d.stage}/{d.decision}" if d.decision else d.stage
            decision = scenario.decision_of_option[d.option]
            titles.setdefault(key, f"{stage.title}: {decision.label}" if d.decision else stage.title)
            made[key] = scenario.option_by_id[d.option][1].label
        chosen.append(made)
    keys = list(dict.fromkeys([*chosen[0], *chosen[1]]))
    return tuple(Row(id=k, label=titles[k], values=(chosen[0].get(k, NOT_REACHED), chosen[1].get(k, NOT_REACHED)))
                 for k in keys)


def _flags(pair: Pair[SessionReport]) -> tuple[Row, ...]:
    seen: list[dict[str, str]] = []
    labels: dict[str, str] = {}
    for report in pair:
        words: dict[str, str] = {}
        for review in report.debrief.evidence:
            labels.setdefault(review.evidence, review.label)
            if not review.revealed:
                words[review.evidence] = "not found"
            else:
                words[review.evidence] = review.flagged.value if review.flagged is not None else "not flagged"
        seen.append(words)
    keys = _ordered(pair, lambda r: (e.evidence for e in r.debrief.evidence if e.revealed))
    return tuple(Row(id=k, label=labels[k], values=(seen[0].get(k, "not found"), seen[1].get(k, "not found")))
                 for k in keys)


def _actions(pair: Pair[SessionReport]) -> tuple[Row, ...]:
    taken = [{d.action: d for d in r.state.done} for r in pair]
    keys = _ordered(pair, lambda r: (d.action for d in r.state.done))
    labels = {a.id: a.label for r in pair for a in r.scenario.actions}

    def when(side: int, action: str) -> str:
        done = taken[side].get(action)
        return "not taken" if done is None else f"day {done.started:.2f}"

    return tuple(Row(id=k, label=labels.get(k, k), values=(when(0, k), when(1, k))) for k in keys)


def _timings(pair: Pair[SessionReport]) -> tuple[Row, ...]:
    found: list[dict[str, str]] = []
    labels: dict[str, str] = {}
    for report in pair:
        rows: dict[str, str] = {}
        for t in report.debrief.timings:
            key = f"{t.stage}/{t.timescale}"
            stage = report.scenario.stage_by_id.get(t.stage)
            labels.setdefault(key, f"{stage.title if stage is not None else t.label} ({_days(t.limit)} days)")
            rows[key] = f"{_days(t.taken)} {'in time' if t.within else 'LATE'}"
        found.append(rows)
    keys = list(dict.fromkeys([*found[0], *found[1]]))
    return tuple(Row(id=k, label=labels[k], values=(found[0].get(k, NOT_REACHED), found[1].get(k, NOT_REACHED)))
                 for k in keys)


def _criteria(a: Debrief, b: Debrief) -> tuple[CriterionRow, ...]:
    rows = []
    for cid in CRITERION_IDS:
        if cid not in a.criteria and cid not in b.criteria:
            continue
        ra, rb = a.criteria.get(cid), b.criteria.get(cid)
        rows.append(CriterionRow(
            criterion=cid, title=CRITERIA_BY_ID[cid].title,
            grades=(ra.grade if ra else None, rb.grade if rb else None),
            scores=(ra.score if ra else None, rb.score if rb else None)))
    return tuple(rows)


# --- JSON ------------------------------------------------------------------------


def _session_json(report: SessionReport) -> dict[str, Any]:
    r = report.record
    finished = r.finished_at.astimezone(UTC).isoformat().replace("+00:00", "Z") if r.finished_at else None
    return {"id": r.id, "uuid": r.uuid, "trainee": r.profile, "status": str(r.status), "finished_at": finished,
            "parent": r.parent_id, "parted_at": r.parted_at, "events": len(report.events)}


def _rows_json(rows: Iterable[Row], name: str) -> list[dict[str, Any]]:
    return [{"id": r.id, "label": r.label, name: list(r.values), "differs": r.differs} for r in rows]


def comparison_to_json(c: Comparison) -> dict[str, Any]:
    """The comparison as `compare --json` prints it (docs/exports.md describes every field)."""
    p = c.parting
    return {
        "format": COMPARISON_FORMAT,
        "format_version": COMPARISON_VERSION,
        "scenario": c.scenario,
        "title": c.title,
        "sessions": [_session_json(r) for r in c.sessions],
        "parts_at": None if p is None else {"event": p.event, "rebranch": p.rebranch, "stage": p.stage,
                                            "what": list(p.what)},
        "overall": {"grades": [g.value for g in c.overall], "differs": c.overall[0] != c.overall[1]},
        "finished": list(c.finished),
        "elapsed_working_days": {"values": list(c.elapsed),
                                 "differs": _days(c.elapsed[0]) != _days(c.elapsed[1])},
        "critical": {"rules": [list(x) for x in c.critical], "differs": set(c.critical[0]) != set(c.critical[1])},
        "decisions": _rows_json(c.decisions, "chosen"),
        "flags": _rows_json(c.flags, "flagged"),
        "actions": _rows_json(c.actions, "taken"),
        "timings": _rows_json(c.timings, "taken"),
        "criteria": {r.criterion: {"title": r.title, "grades": [g.value if g else None for g in r.grades],
                                   "scores": list(r.scores), "differs": r.differs} for r in c.criteria},
        "differences": c.differences,
    }


def comparison_json(c: Comparison) -> str:
    return json.dumps(comparison_to_json(c), indent=2, ensure_ascii=False) + "\n"


# --- text ------------------------------------------------------------------------

MARK = "*"  # a row whose two sides differ


def who(report: SessionReport) -> str:
    """A session as a line names it: its number, the trainee, and whether it was re-branched."""
    r = report.record
    branch = f", re-branched from session {r.parent_id} at event {r.parted_at}" if r.parent_id is not None else ""
    return f"session {r.id} ({r.profile}{branch})"


def parting_line(c: Comparison) -> str:
    p = c.parting
    if p is None:
        return "The two sessions did the same things in the same order."
    how = "B was re-branched from A" if c.sessions[1].record.parent_id == c.sessions[0].record.id else \
        "A was re-branched from B" if p.rebranch else "They"
    where = f" ({p.stage})" if p.stage else ""
    first = f"{how} at event {p.event}{where}" if p.rebranch else f"They part at event {p.event}{where}"
    sides = "; ".join(f"{side}: {what or '(the case had ended)'}" for side, what in zip("AB", p.what, strict=True))
    return f"{first}. {sides}."


def comparison_text(c: Comparison, plain: Callable[[str], str] = str) -> str:
    """The comparison for a terminal; ``plain`` makes author and trainee text safe to print."""
    a, b = c.sessions
    out = [f"Two attempts at {plain(c.title)} ({c.scenario})",
           f"  A: {plain(who(a))}", f"  B: {plain(who(b))}", "", plain(parting_line(c)), "",
           f"{c.differences} difference{'s' * (c.differences != 1)}, marked {MARK}.", ""]

    def table(title: str, rows: Sequence[tuple[bool, str, str, str]]) -> None:
        out.append(title)
        if not rows:
            out.extend(["  (none)", ""])
            return
        width = [max(len(r[1]) for r in rows), max(len(r[2]) for r in rows)]
        for differs, label, x, y in rows:
            out.append(f"{MARK if differs else ' '} {label.ljust(width[0])}  {x.ljust(width[1])}  {y}".rstrip())
        out.append("")

    grades = [g.label for g in c.overall]
    table("Overall", [
        (c.overall[0] != c.overall[1], "overall grade", grades[0], grades[1]),
        (_days(c.elapsed[0]) != _days(c.elapsed[1]), "working days", _days(c.elapsed[0]), _days(c.elapsed[1])),
        (set(c.critical[0]) != set(c.critical[1]), "critical errors", ", ".join(c.critical[0]) or "none",
         ", ".join(c.critical[1]) or "none"),
    ])
    table("Decisions", [(r.differs, plain(r.label), plain(r.values[0]), plain(r.values[1])) for r in c.decisions])
    table("Grades per criterion", [(r.differs, r.title, _grade(r.grades[0], r.scores[0]), _grade(r.grades[1],
                                    r.scores[1])) for r in c.criteria])
    table("Flags", [(r.differs, plain(r.label), r.values[0], r.values[1]) for r in c.flags])
    table("Actions", [(r.differs, plain(r.label), r.values[0], r.values[1]) for r in c.actions])
    table("Timing against timescales", [(r.differs, plain(r.label), r.values[0], r.values[1]) for r in c.timings])
    return "\n".join(out).rstrip() + "\n"


def _grade(grade: Grade | None, score: float | None) -> str:
    if grade is None or score is None:
        return "not assessed"
    return f"{grade.label} ({score_text(score)})"

