"""The trainer's live view: a cohort's results straight from the store, for the app (trainers only:
``roles.py``) and for `case-review cohort` without files; the filter a trainer gives it, and the figures as
text and as JSON."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from simulator.domain.catalogue import CRITERIA_BY_ID, Grade
from simulator.domain.scoring.grades import score_text
from simulator.domain.scoring.naming import counted
from simulator.store.records import CohortFigures, CohortFilter, CohortRow


def parse_day(text: str) -> date:
    """A day as a trainer types it: 2026-09-01. ValueError with a readable message otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a day; write it as YYYY-MM-DD") from None


def make_filter(group: str | None = None, since: date | None = None, until: date | None = None) -> CohortFilter:
    """Sessions of ``group`` from the start of ``since`` to the end of ``until`` (both UTC days, both kept)."""
    if since and until and since > until:
        raise ValueError(f"the first day ({since.isoformat()}) is after the last ({until.isoformat()})")
    start = datetime.combine(since, time(), UTC) if since else None
    end = datetime.combine(until + timedelta(days=1), time(), UTC) if until else None
    return CohortFilter(group=group or None, since=start, until=end)


def describe(wanted: CohortFilter) -> str:
    """The filter in words, for a heading."""
    parts = [f"group {wanted.group}" if wanted.group else "every group"]
    if wanted.since:
        parts.append(f"from {wanted.since.date().isoformat()}")
    if wanted.until:
        parts.append(f"to {(wanted.until - timedelta(days=1)).date().isoformat()}")
    return ", ".join(parts)


def criterion_name(cid: str) -> str:
    found = CRITERIA_BY_ID.get(cid)
    return found.title if found is not None else cid


def mean_text(row: CohortRow) -> str:
    return "—" if row.mean is None else score_text(row.mean)


def grades_text(row: CohortRow) -> str:
    """Counts per grade, worst first: ``1 / 0 / 2 / 0``."""
    return " / ".join(str(n) for n in row.grades)


GRADE_HEADING = "inadequate / RI / good / outstanding"  # how many sessions at each grade, worst first


def figures_to_json(figures: CohortFigures, wanted: CohortFilter) -> dict[str, Any]:
    def row(r: CohortRow, active: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"finished": r.finished, "mean": r.mean,
                               "grades": {g.value: n for g, n in zip(Grade, r.grades, strict=True)}}
        if active:
            out["active"] = r.active
        return out

    return {
        "source": "store",
        "filter": {"group": wanted.group,
                   "since": wanted.since.isoformat() if wanted.since else None,
                   "until": wanted.until.isoformat() if wanted.until else None},
        "trainees": figures.trainees, "finished": figures.finished, "active": figures.active,
        "criteria": {r.key: {"name": criterion_name(r.key), **row(r, active=False)} for r in figures.criteria},
        "scenarios": {r.key: {"title": r.label, **row(r)} for r in figures.scenarios},
        "by_trainee": {r.key: row(r) for r in figures.by_trainee},
    }


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in [header, *rows]]


def figures_text(figures: CohortFigures, wanted: CohortFilter) -> str:
    """The live view as plain text (names and titles are the caller's to neutralise: the CLI's streams do)."""
    lines = [f"Cohort ({describe(wanted)}): {counted(figures.trainees, 'trainee')}, "
             f"{counted(figures.finished, 'finished session')}, {figures.active} in progress", ""]
    if not figures.trainees:
        return "\n".join([*lines, "no sessions match"])
    lines += ["Per criterion", *_table(("criterion", "sessions", "mean", GRADE_HEADING),
                                       [(criterion_name(r.key), str(r.finished), mean_text(r), grades_text(r))
                                        for r in figures.criteria]), ""]
    lines += ["Per scenario", *_table(("scenario", "finished", "in progress", "mean", GRADE_HEADING),
                                      [(r.label, str(r.finished), str(r.active), mean_text(r), grades_text(r))
                                       for r in figures.scenarios]), ""]
    lines += ["Per trainee", *_table(("trainee", "finished", "in progress", "mean", GRADE_HEADING),
                                     [(r.label, str(r.finished), str(r.active), mean_text(r), grades_text(r))
                                      for r in figures.by_trainee])]
    return "\n".join(lines)
