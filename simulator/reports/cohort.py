"""Cohort results: many trainees' JSON exports summarised per criterion and
per scenario, with the most-missed indicators and most common critical
errors. Bad or mixed-version files are reported and skipped, never fatal.

An export is a file anyone can edit, so each is read against its own schema (``export_problem``: every
field the summary reads, with its type and range) before a number of it is used; a file that fails says
which field and why, in the report and on standard error. The same session exported twice (one uuid) is
counted once: its latest export, the one holding the most events.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from simulator.domain.catalogue import CRITERIA_BY_ID, CRITERION_IDS, Grade
from simulator.domain.scoring.grades import score_text
from simulator.domain.scoring.naming import counted

from .twin_cohort import TwinReport, summarise_twins, twins_text

EXPORT_FORMAT = "case-review-session"
SUPPORTED_VERSION = 1
GRADES = [g.value for g in Grade]


@attrs.frozen
class Skipped:
    path: str
    reason: str


@attrs.frozen
class Cohort:
    sessions: int
    trainees: int
    criteria: dict[str, dict[str, Any]]  # id -> {n, mean, grades: {grade: count}}
    scenarios: dict[str, dict[str, Any]]  # id -> {title, n, grades: {grade: count}, unfinished}
    missed: list[dict[str, Any]]  # most-missed indicators
    critical: list[dict[str, Any]]  # most common critical errors
    skipped: tuple[Skipped, ...]
    twins: tuple[TwinReport, ...] = ()  # twin cases: decisions and grades by twin (twin_cohort.py)
    unfinished: int = 0  # attempts exported before they ended: listed by scenario, not graded


MAX_BYTES = 64 * 1024 * 1024  # an export of a very long session is a few MiB


def read_export(path: str) -> dict[str, Any] | Skipped:
    try:
        with Path(path).open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as err:
        return Skipped(path, f"cannot read the file: {err.strerror or err}")
    except ValueError as err:  # a path holding a NUL byte
        return Skipped(path, f"cannot read the file: {err}")
    if len(raw) > MAX_BYTES:
        return Skipped(path, f"larger than {MAX_BYTES // (1024 * 1024)} MiB; not a session export")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: bad JSON, or a number too long to read
        return Skipped(path, "not a JSON file")
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        return Skipped(path, "not a session export from `case-review export --format json`")
    version = data.get("format_version")
    if version != SUPPORTED_VERSION:
        return Skipped(path, f"export format version {_shown(version)}; this version reads {SUPPORTED_VERSION}")
    debrief = data.get("debrief")
    if not isinstance(debrief, dict) or not isinstance(debrief.get("criteria"), dict):
        return Skipped(path, "the export has no debrief")
    problem = export_problem(data)
    if problem is not None:
        return Skipped(path, problem)
    return data


def _shown(value: object) -> str:
    if isinstance(value, int) and abs(value) >= 10**20:
        return "a huge number"
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_score(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, int):
        return 0 <= value <= 1
    return math.isfinite(value) and 0.0 <= value <= 1.0


def export_problem(data: dict[str, Any]) -> str | None:
    """What is wrong with an export's fields, for the summary's purposes (None: nothing)."""

    def wrong(where: str, value: object, wanted: str) -> str:
        return f"{where} is {_shown(value)}, not {wanted}"

    if not isinstance(data.get("scenario"), str):
        return wrong("$.scenario", data.get("scenario"), "a scenario id")
    if "events" in data and not isinstance(data["events"], list):
        return wrong("$.events", data["events"], "a list of events")
    session = data.get("session", {})
    if not isinstance(session, dict):
        return wrong("$.session", session, "an object")
    for key in ("trainee", "uuid"):
        if key in session and not isinstance(session[key], str):
            return wrong(f"$.session.{key}", session[key], "text")
    about = session.get("scenario", {})
    if not isinstance(about, dict) or not isinstance(about.get("title", ""), str):
        return wrong("$.session.scenario", about, "an object with a text title")
    debrief = data["debrief"]
    if debrief.get("overall") not in GRADES:
        return wrong("$.debrief.overall", debrief.get("overall"), f"a grade ({', '.join(GRADES)})")
    if not isinstance(debrief.get("finished", True), bool):
        return wrong("$.debrief.finished", debrief.get("finished"), "true or false")
    for cid, result in debrief["criteria"].items():
        where = f"$.debrief.criteria.{cid}"
        if not isinstance(result, dict):
            return wrong(where, result, "an object")
        if not _is_score(result.get("score")):
            return wrong(f"{where}.score", result.get("score"), "a number from 0 to 1")
        if result.get("grade") not in GRADES:
            return wrong(f"{where}.grade", result.get("grade"), "a grade")
    for key, fields in (("evidence", ("id", "label", "key", "outcome")), ("critical", ("rule", "criterion"))):
        items = debrief.get(key, [])
        if not isinstance(items, list):
            return wrong(f"$.debrief.{key}", items, "a list")
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                return wrong(f"$.debrief.{key}[{index}]", item, "an object")
            for name in fields:
                if not isinstance(item.get(name), str):
                    return wrong(f"$.debrief.{key}[{index}].{name}", item.get(name), "text")
    return None


def _once_each(exports: list[tuple[str, dict[str, Any]]]) -> tuple[list[dict[str, Any]], list[Skipped]]:
    """One export per session (by its uuid): the one holding the most events, the first of equals."""
    chosen: dict[str, tuple[str, dict[str, Any]]] = {}
    kept: list[tuple[str, dict[str, Any]] | str] = []
    skipped: list[Skipped] = []
    for path, data in exports:
        uuid = data.get("session", {}).get("uuid")
        if not isinstance(uuid, str) or not uuid:
            kept.append((path, data))
            continue
        if uuid not in chosen:
            chosen[uuid] = (path, data)
            kept.append(uuid)
            continue
        first_path, first = chosen[uuid]
        if len(data.get("events", [])) > len(first.get("events", [])):
            chosen[uuid] = (path, data)
            path, first_path = first_path, path
        skipped.append(Skipped(path, f"the same session as {first_path}, counted once"))
    return [chosen[k][1] if isinstance(k, str) else k[1] for k in kept], skipped


def summarise(paths: Iterable[str]) -> Cohort:
    read: list[tuple[str, dict[str, Any]]] = []
    skipped: list[Skipped] = []
    for path in paths:
        result = read_export(path)
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            read.append((path, result))
    exports, repeated = _once_each(read)
    skipped += repeated
    scores: dict[str, list[float]] = defaultdict(list)
    criterion_grades: dict[str, Counter[str]] = defaultdict(Counter)
    scenarios: dict[str, dict[str, Any]] = {}
    missed: Counter[tuple[str, str, str]] = Counter()
    seen: Counter[tuple[str, str, str]] = Counter()
    critical: Counter[tuple[str, str, str]] = Counter()
    trainees = set()
    finished = []
    for data in exports:
        debrief = data["debrief"]
        session: dict[str, Any] = data["session"] if isinstance(data.get("session"), dict) else {}
        trainees.add(str(session.get("trainee", "")))
        scenario_id = str(data.get("scenario", debrief.get("scenario", "?")))
        about = session.get("scenario")
        title = str(about.get("title", scenario_id)) if isinstance(about, dict) else scenario_id
        entry = scenarios.setdefault(scenario_id, {"title": title, "n": 0, "grades": Counter(), "unfinished": 0})
        if not debrief.get("finished", True):
            # An attempt stopped part way (or abandoned) has no grades to count: it is counted apart, as the live
            # view counts it, not as an inadequate case.
            entry["unfinished"] += 1
            continue
        finished.append(data)
        entry["n"] += 1
        entry["grades"][str(debrief.get("overall"))] += 1
        for cid, result in debrief["criteria"].items():
            if cid in CRITERIA_BY_ID and isinstance(result, dict):
                scores[cid].append(float(result.get("score", 0.0)))
                criterion_grades[cid][str(result.get("grade"))] += 1
        for item in debrief.get("evidence", []):
            if item.get("key") == "risk" and item.get("outcome") in ("hit", "miss", "not-found"):
                key = (scenario_id, str(item.get("id")), str(item.get("label")))
                seen[key] += 1
                if item["outcome"] != "hit":
                    missed[key] += 1
        for c in debrief.get("critical", []):
            critical[(scenario_id, str(c.get("rule")), str(c.get("criterion")))] += 1
    return Cohort(
        sessions=len(finished),
        trainees=len(trainees),
        criteria={cid: {"title": CRITERIA_BY_ID[cid].title, "n": len(scores[cid]),
                        "mean": round(sum(scores[cid]) / len(scores[cid]), 3),
                        "grades": {g: criterion_grades[cid][g] for g in GRADES}}
                  for cid in CRITERION_IDS if scores[cid]},
        scenarios={sid: {**e, "grades": {g: e["grades"][g] for g in GRADES}} for sid, e in sorted(scenarios.items())},
        missed=[{"scenario": s, "evidence": e, "label": label, "missed": n, "of": seen[(s, e, label)]}
                for (s, e, label), n in sorted(missed.items(), key=lambda kv: (-kv[1] / seen[kv[0]], -kv[1]))[:10]],
        critical=[{"scenario": s, "rule": r, "criterion": c, "count": n} for (s, r, c), n in critical.most_common(10)],
        skipped=tuple(skipped),
        twins=summarise_twins(finished),
        unfinished=len(exports) - len(finished),
    )


def cohort_to_json(cohort: Cohort) -> dict[str, Any]:
    return {"sessions": cohort.sessions, "unfinished": cohort.unfinished, "trainees": cohort.trainees,
            "criteria": cohort.criteria,
            "scenarios": cohort.scenarios, "most_missed_indicators": cohort.missed,
            "most_common_critical_errors": cohort.critical,
            "skipped": [{"path": s.path, "reason": s.reason} for s in cohort.skipped],
            "twins": [t.to_json() for t in cohort.twins]}


_SHORT = {"inadequate": "inad", "requires_improvement": "RI", "good": "good", "outstanding": "outst"}


def cohort_text(cohort: Cohort) -> str:
    unfinished = f" (and {cohort.unfinished} unfinished, not graded)" if cohort.unfinished else ""
    out = [f"{counted(cohort.sessions, 'finished session')}{unfinished} from {counted(cohort.trainees, 'trainee')}",
           "", "By criterion:"]
    head = "  ".join(f"{_SHORT[g]:>5}" for g in GRADES)
    out.append(f"  {'criterion':<30} {'n':>4} {'mean':>5}  {head}")
    for c in cohort.criteria.values():
        counts = "  ".join(f"{c['grades'][g]:>5}" for g in GRADES)
        out.append(f"  {c['title']:<30} {c['n']:>4} {c['mean']:>5.2f}  {counts}")
    out += ["", "By scenario (overall grades of finished sessions):",
            f"  {'scenario':<36} {'n':>4}  {head}  unfinished"]
    for sid, s in cohort.scenarios.items():
        counts = "  ".join(f"{s['grades'][g]:>5}" for g in GRADES)
        out.append(f"  {sid:<36} {s['n']:>4}  {counts}  {s['unfinished']:>10}")
    out += ["", "Most-missed indicators (not flagged, or never found):"]
    out += [f"  {m['missed']:>3} of {m['of']:<3} {m['scenario']}: {m['label']}" for m in cohort.missed] or ["  none"]
    out += ["", "Most common critical errors:"]
    out += [f"  {c['count']:>3}  {c['scenario']}: {c['rule']} ({c['criterion']})"
            for c in cohort.critical] or ["  none"]
    out += twins_text(cohort.twins)
    if cohort.skipped:
        out += ["", f"Files skipped ({len(cohort.skipped)}):"]
        out += [f"  {s.path}: {s.reason}" for s in cohort.skipped]
    return "\n".join(out)


def cohort_html(cohort: Cohort) -> str:
    e = html.escape

    def table(headers: list[str], rows: list[list[object]]) -> str:
        head = "".join(f"<th>{e(h)}</th>" for h in headers)
        body = "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    grade_heads = ["inadequate", "requires improvement", "good", "outstanding"]
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Cohort results</title>",
        "<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;"
        "margin-bottom:2em}th,td{border:1px solid #888;padding:.3em .6em;text-align:left}</style></head><body>",
        f"<h1>Cohort results</h1><p>{counted(cohort.sessions, 'finished session')}"
        f"{f' (and {cohort.unfinished} unfinished, not graded)' if cohort.unfinished else ''} from "
        f"{counted(cohort.trainees, 'trainee')}.</p>",
        "<h2>By criterion</h2>",
        table(["criterion", "sessions", "mean score", *grade_heads],
              [[c["title"], c["n"], score_text(c["mean"]), *(c["grades"][g] for g in GRADES)]
               for c in cohort.criteria.values()]),
        "<h2>By scenario (overall grades of finished sessions)</h2>",
        table(["scenario", "finished", *grade_heads, "unfinished"],
              [[s["title"], s["n"], *(s["grades"][g] for g in GRADES), s["unfinished"]]
               for s in cohort.scenarios.values()]),
        "<h2>Most-missed indicators</h2>",
        table(["scenario", "indicator", "missed", "of"],
              [[m["scenario"], m["label"], m["missed"], m["of"]] for m in cohort.missed]),
        "<h2>Most common critical errors</h2>",
        table(["scenario", "rule", "criterion", "count"],
              [[c["scenario"], c["rule"], c["criterion"], c["count"]] for c in cohort.critical]),
    ]
    for twin in cohort.twins:
        parts.append(f"<h2>Twin case: {e(twin.title)}</h2>"
                     + "".join(f"<p>{e(line.strip())}</p>" for line in twins_text((twin,))[2:]))
    if cohort.skipped:
        parts.append("<h2>Files skipped</h2>" + table(["file", "why"], [[s.path, s.reason] for s in cohort.skipped]))
    parts.append("</body></html>\n")
    return "".join(parts)
