"""A trainee's progress as numbers to chart and tabulate: per-criterion scores
over time, gathered into at most a screen's width of bars, and how well their
own grades (self-assessment mode) matched the debrief's.

Pure: it reads the store's records (as ``facts`` describes them) and never scores anything; every number is
a score or grade the debrief gave, or a count or mean of them. The chart and
the table beside it are both drawn from the same ``Bar`` values, so they
cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from statistics import fmean

import attrs

from simulator.domain.catalogue import Grade

from .facts import ScoreColumn, SessionFacts, TrendFacts


@attrs.frozen
class Bar:
    """One bar: one finished session, or a run of consecutive ones averaged
    when there are more sessions than bars."""

    number: int  # 1-based, shown under the bar and in the table's first column
    first_session: int
    last_session: int
    sessions: int
    first_at: datetime
    last_at: datetime
    value: float  # in [0, 1]

    @property
    def single(self) -> bool:
        return self.sessions == 1


@attrs.frozen
class CriterionSummary:
    criterion: str
    sessions: int
    first: float | None
    latest: float | None
    mean: float | None
    latest_grade: Grade | None

    @property
    def change(self) -> float | None:
        """Latest minus first: how far the trainee has come on this criterion."""
        if self.first is None or self.latest is None or self.sessions < 2:
            return None
        return self.latest - self.first


def _groups(count: int, most: int) -> list[range]:
    """``count`` items in at most ``most`` consecutive runs, as even as can be: item i is in run
    i * most // count, as the store's SQL puts it (``Store.trends``)."""
    if count <= most:
        return [range(i, i + 1) for i in range(count)]
    edges = [-(-i * count // most) for i in range(most + 1)]  # the least item of each run: ceil(i * count / most)
    return [range(edges[i], edges[i + 1]) for i in range(most)]


def bars(progress: ScoreColumn, most: int = 16) -> list[Bar]:
    """The criterion's scores, oldest first, as at most ``most`` bars."""
    out = []
    for number, run in enumerate(_groups(len(progress), most), start=1):
        out.append(Bar(
            number=number,
            first_session=progress.session_ids[run.start],
            last_session=progress.session_ids[run.stop - 1],
            sessions=len(run),
            first_at=progress.finished_at[run.start],
            last_at=progress.finished_at[run.stop - 1],
            value=fmean(progress.scores[run.start:run.stop]),
        ))
    return out


def trend_bars(trend: TrendFacts) -> list[Bar]:
    """The bars of a trend the store summed up (its runs, oldest first)."""
    return [Bar(number=number, first_session=run.first_session, last_session=run.last_session, sessions=run.sessions,
                first_at=run.first_at, last_at=run.last_at, value=run.mean)
            for number, run in enumerate(trend.runs, start=1)]


def trend_summary(trend: TrendFacts) -> CriterionSummary:
    return CriterionSummary(trend.criterion, trend.sessions, trend.first, trend.latest, trend.mean,
                            trend.latest_grade)


def summary(progress: ScoreColumn) -> CriterionSummary:
    if not len(progress):
        return CriterionSummary(progress.criterion, 0, None, None, None, None)
    return CriterionSummary(progress.criterion, len(progress), progress.scores[0], progress.scores[-1],
                            fmean(progress.scores), progress.grades[-1])


@attrs.frozen
class Calibration:
    """One self-assessed session: the trainee's grade against the debrief's,
    on the criteria both graded."""

    session_id: int
    finished_at: datetime
    scenario_title: str
    rated: int
    matched: int
    higher: int  # the trainee graded themselves above the debrief
    lower: int

    @property
    def agreement(self) -> float:
        return self.matched / self.rated if self.rated else 0.0

    @property
    def lean(self) -> str:
        if self.higher > self.lower:
            return "rated yourself higher"
        if self.lower > self.higher:
            return "rated yourself lower"
        return "balanced" if self.higher else "all matched"


def agreement(own: Mapping[str, Grade], scored: Mapping[str, Grade]) -> tuple[int, int, int, int]:
    """(rated, matched, higher, lower) over the criteria both graded: the
    trainee's own grades against the debrief's."""
    pairs = [(grade, scored[cid]) for cid, grade in own.items() if cid in scored]
    return (len(pairs), sum(mine == theirs for mine, theirs in pairs),
            sum(mine.rank > theirs.rank for mine, theirs in pairs),
            sum(mine.rank < theirs.rank for mine, theirs in pairs))


def agreement_line(rated: int, matched: int, higher: int, lower: int) -> str:
    """``agreement``'s figures in a sentence, as the debrief and the printed exports say them."""
    if not rated:
        return "You did not grade yourself on the criteria this case assessed."
    return (f"You graded yourself the same as the debrief on {matched} of {rated} criteria, higher on {higher}, "
            f"lower on {lower}.")


def debrief_grades(progress: Mapping[str, ScoreColumn], sessions: Iterable[int]) -> dict[int, dict[str, Grade]]:
    """The debrief's grade per criterion for each of ``sessions``, from the
    progress columns the store already returned (no second query)."""
    wanted = set(sessions)
    found: dict[int, dict[str, Grade]] = {sid: {} for sid in wanted}
    if not wanted:
        return found
    for cid, column in progress.items():
        for sid, grade in zip(column.session_ids, column.grades, strict=True):
            if sid in wanted:
                found[sid][cid] = grade
    return found


def calibration(records: Sequence[SessionFacts], progress: Mapping[str, ScoreColumn]) -> list[Calibration]:
    """Finished self-assessment sessions with a self-assessment, oldest first."""
    assessed = _assessed(records)
    return calibration_against(assessed, debrief_grades(progress, (r.id for r in assessed)))


def _assessed(records: Sequence[SessionFacts]) -> list[SessionFacts]:
    return [r for r in records if r.mode == "self-assessment" and r.status == "finished"
            and r.self_assessment and r.finished_at is not None]


def calibration_against(records: Sequence[SessionFacts], graded: Mapping[int, Mapping[str, Grade]]) -> list[
        Calibration]:
    """``calibration``, given the debrief's grades per session (``graded``, as the store reads them)."""
    assessed = _assessed(records)
    out = []
    for record in sorted(assessed, key=lambda r: (r.finished_at, r.id)):
        rated, matched, higher, lower = agreement(record.self_assessment, graded.get(record.id, {}))
        if not rated:
            continue
        assert record.finished_at is not None
        out.append(Calibration(session_id=record.id, finished_at=record.finished_at,
                               scenario_title=record.scenario_title, rated=rated, matched=matched, higher=higher,
                               lower=lower))
    return out


@attrs.frozen
class CalibrationBar:
    """A bar of the calibration chart and its row in the table beside it."""

    bar: Bar  # value: the mean agreement of its sessions
    scenario_title: str  # the case, when the bar is one session
    rated: int
    matched: int
    higher: int
    lower: int


def calibration_bars(points: Sequence[Calibration], most: int = 16) -> list[CalibrationBar]:
    """Agreement (the share of criteria graded the same as the debrief) over time."""
    out = []
    for number, run in enumerate(_groups(len(points), most), start=1):
        chosen = points[run.start:run.stop]
        bar = Bar(number=number, first_session=chosen[0].session_id, last_session=chosen[-1].session_id,
                  sessions=len(chosen), first_at=chosen[0].finished_at, last_at=chosen[-1].finished_at,
                  value=fmean(p.agreement for p in chosen))
        out.append(CalibrationBar(bar, chosen[0].scenario_title if len(chosen) == 1 else "",
                                  sum(p.rated for p in chosen), sum(p.matched for p in chosen),
                                  sum(p.higher for p in chosen), sum(p.lower for p in chosen)))
    return out
