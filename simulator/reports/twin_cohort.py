"""A cohort's twin cases: decisions and grades by twin, Fisher's exact test where there are two twins, and a plain
statement of what a sample of that size can and cannot show.

It reads the same JSON exports as the rest of the cohort report (``cohort.py``); a session's twin is in its
``session.twin``. For each decision point it asks whether trainees chose less protection than the key's best
(the under-protection that bias shows as: neglect or exploitation not recognised) more often in one twin than the
other; and whether the overall grade was good or better. A difference is reported only when its p-value is below
0.05 shared among the tests made (Bonferroni), so that chance alone rarely makes one.

What it reports is about a cohort, never about a trainee: no trainee is named in it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from simulator.domain.catalogue import Grade

from .fisher import fisher_exact, smallest_difference, smallest_difference_at

ALPHA = 0.05
GOOD_OR_BETTER = frozenset({Grade.GOOD.value, Grade.OUTSTANDING.value})
GRADES = [g.value for g in Grade]


@attrs.frozen(kw_only=True)
class TwinTest:
    """One question asked of two twins: how many sessions of each did it, and Fisher's p-value."""

    what: str
    twins: tuple[str, str]
    counts: tuple[tuple[int, int], tuple[int, int]]  # (did it, sessions) for each twin
    p: float
    shown: bool  # p below the report's threshold: a difference this cohort shows

    def to_json(self) -> dict[str, Any]:
        return {"what": self.what, "twins": list(self.twins),
                "counts": [{"twin": t, "yes": yes, "of": n} for t, (yes, n) in zip(self.twins, self.counts,
                                                                                   strict=True)],
                "p": self.p, "difference": self.shown}


@attrs.frozen(kw_only=True)
class TwinReport:
    scenario: str
    title: str
    attribute: str
    question: str
    twins: tuple[tuple[str, str, int], ...]  # (id, label, sessions)
    without_twin: int  # sessions of the case played with twins turned off
    grades: dict[str, dict[str, int]]  # twin -> grade -> sessions
    decisions: tuple[dict[str, Any], ...]  # per decision point: id, stage, options: {option: {twin: count}}
    tests: tuple[TwinTest, ...]
    threshold: float
    statement: str

    @property
    def differences(self) -> tuple[TwinTest, ...]:
        return tuple(t for t in self.tests if t.shown)

    def to_json(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "title": self.title, "attribute": self.attribute,
                "question": self.question,
                "twins": [{"id": i, "label": label, "sessions": n} for i, label, n in self.twins],
                "sessions_without_twin": self.without_twin, "grades": self.grades,
                "decisions": list(self.decisions), "tests": [t.to_json() for t in self.tests],
                "threshold": self.threshold, "differences": [t.what for t in self.differences],
                "what_this_can_show": self.statement}


def _twin(data: dict[str, Any]) -> dict[str, Any] | None:
    session = data.get("session")
    twin = session.get("twin") if isinstance(session, dict) else None
    return twin if isinstance(twin, dict) and isinstance(twin.get("id"), str) else None


def _has_twins(data: dict[str, Any]) -> bool:
    return _twin(data) is not None


def summarise_twins(exports: Iterable[dict[str, Any]]) -> tuple[TwinReport, ...]:
    """One report per scenario of which any session drew a twin."""
    by_scenario: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for data in exports:
        by_scenario[str(data.get("scenario"))].append(data)
    return tuple(_report(sid, found) for sid, found in sorted(by_scenario.items()) if any(map(_has_twins, found)))


def _decision_points(data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(point id, stage title, option, direction) for each decision the session made."""
    raw = data.get("events")
    events: list[Any] = raw if isinstance(raw, list) else []
    which = {e.get("option"): e.get("decision") or "" for e in events if isinstance(e, dict) and
             e.get("type") == "decide"}
    titles = {t.get("seq"): t.get("stage") for t in data.get("timeline", []) if isinstance(t, dict)}
    stage_title: dict[str, str] = {}
    for seq, e in enumerate(events):
        if isinstance(e, dict) and e.get("type") == "decide":
            stage_title.setdefault(str(e.get("stage")), str(titles.get(seq) or e.get("stage")))
    out = []
    for d in data["debrief"].get("decisions", []):
        if not isinstance(d, dict):
            continue
        stage, option = str(d.get("stage")), str(d.get("option"))
        decision = which.get(option, "")
        point = f"{stage}/{decision}" if decision else stage
        title = stage_title.get(stage, stage) + (f" ({decision})" if decision else "")
        out.append((point, title, option, str(d.get("direction"))))
    return out


def _report(scenario: str, exports: Sequence[dict[str, Any]]) -> TwinReport:
    drawn = [(t, data) for data in exports if (t := _twin(data)) is not None]
    labels = {str(t["id"]): str(t.get("label", t["id"])) for t, _ in drawn}
    first = drawn[0][0]
    sessions: Counter[str] = Counter(str(t["id"]) for t, _ in drawn)
    order = sorted(sessions)
    grades = {tid: dict.fromkeys(GRADES, 0) for tid in order}
    good: Counter[str] = Counter()
    options: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    point_titles: dict[str, str] = {}
    under: dict[str, Counter[str]] = defaultdict(Counter)
    reached: dict[str, Counter[str]] = defaultdict(Counter)
    for twin, data in drawn:
        tid = str(twin["id"])
        overall = str(data["debrief"].get("overall"))
        if overall in grades[tid]:
            grades[tid][overall] += 1
        good[tid] += overall in GOOD_OR_BETTER
        for point, title, option, direction in _decision_points(data):
            point_titles.setdefault(point, title)
            options[point][option][tid] += 1
            reached[point][tid] += 1
            under[point][tid] += direction == "under"
    decisions = tuple({"id": point, "stage": point_titles[point],
                       "options": {o: {tid: counts[tid] for tid in order} for o, counts in options[point].items()}}
                      for point in point_titles)
    tests: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    if len(order) == 2:
        a, b = order
        for point, title in point_titles.items():
            if reached[point][a] and reached[point][b]:
                tests.append((f"{title}: chose less protection than the key's best",
                              (under[point][a], reached[point][a]), (under[point][b], reached[point][b])))
        tests.append(("overall grade good or better", (good[a], sessions[a]), (good[b], sessions[b])))
    threshold = ALPHA / len(tests) if tests else ALPHA
    made = tuple(TwinTest(what=what, twins=(order[0], order[1]), counts=(x, y),
                          p=(p := fisher_exact(x[0], x[1] - x[0], y[0], y[1] - y[0])), shown=p < threshold)
                 for what, x, y in tests)
    title = next((str(d["session"]["scenario"].get("title", scenario)) for _, d in drawn
                  if isinstance(d["session"].get("scenario"), dict)), scenario)
    return TwinReport(
        scenario=scenario, title=title, attribute=str(first.get("attribute", "")),
        question=str(first.get("question", "")),
        twins=tuple((tid, labels[tid], sessions[tid]) for tid in order),
        without_twin=len(exports) - len(drawn), grades=grades, decisions=decisions, tests=made,
        threshold=threshold, statement=statement([sessions[t] for t in order], threshold, len(made)),
    )


def _points(diff: float) -> str:
    return f"{round(diff * 100)} percentage points"


def statement(sizes: Sequence[int], threshold: float, tests: int) -> str:
    """What a sample of these sizes can and cannot show, in plain words."""
    never = ("It cannot show why trainees decided as they did, it says nothing about any one trainee (each saw "
             "one twin only, and one decision is never evidence of a person's bias), and a result from one cohort "
             "may not hold for the next.")
    if len(sizes) != 2:
        return ("Fisher's exact test compares two twins; this case has " + str(len(sizes)) + " in this cohort, so "
                "the counts are shown without a test. " + never)
    n1, n2 = sizes
    shared = (f" The {tests} tests made share the usual 0.05, so each must reach p < {threshold:.3g}."
              if tests > 1 else "")
    at_best = smallest_difference(n1, n2, threshold)
    middle = smallest_difference_at(n1, n2, n1 // 2, threshold)
    if at_best is None:
        return (f"With {n1} and {n2} sessions no difference between the twins, however large, could reach "
                f"significance: the sample is too small to show anything.{shared} Read the counts as a prompt for "
                "discussion only. " + never)
    x1, x2 = at_best[1]
    size = (f"With {n1} and {n2} sessions, Fisher's exact test can show only a large difference: at least "
            f"{_points(at_best[0])} where one twin almost never does a thing ({x1} of {n1} against {x2} of {n2})")
    if middle is not None:
        m1, m2 = middle[1]
        size += f", and {_points(middle[0])} around the middle ({m1} of {n1} against {m2} of {n2})"
    return (f"{size}.{shared} A smaller real difference would most likely go unseen, so \"no difference shown\" "
            "does not mean there is none. " + never)


def twins_text(reports: Sequence[TwinReport]) -> list[str]:
    """The twin section of the cohort report as lines of text."""
    out: list[str] = []
    for r in reports:
        out += ["", f"Twin case: {r.title} ({r.scenario}), twins differing in {r.attribute}"]
        if r.question:
            out.append(f"  Asks: {r.question}")
        for tid, label, n in r.twins:
            out.append(f"  {tid}: {label}: {n} session{'s' * (n != 1)}")
        if r.without_twin:
            out.append(f"  ({r.without_twin} played with twins turned off, left out)")
        out.append("  Overall grades by twin:")
        for tid, counts in r.grades.items():
            out.append(f"    {tid:<16} " + "  ".join(f"{g}: {counts[g]}" for g in GRADES))
        out.append("  Decisions by twin:")
        for d in r.decisions:
            out.append(f"    {d['stage']}")
            for option, counts in d["options"].items():
                out.append(f"      {option:<28} " + "  ".join(f"{t}: {c}" for t, c in counts.items()))
        if r.tests:
            out.append("  Fisher's exact test, twin by twin:")
            for t in r.tests:
                (x, n), (y, m) = t.counts
                verdict = "DIFFERENCE" if t.shown else "no difference shown"
                out.append(f"    {t.what}: {t.twins[0]} {x} of {n}, {t.twins[1]} {y} of {m}; p = {t.p:.4g}: "
                           f"{verdict}")
        shown = r.differences
        out.append("  " + ("Differences this cohort shows: " + "; ".join(t.what for t in shown) + "."
                           if shown else "This cohort shows no difference between the twins."))
        out.append("  " + r.statement)
    return out
