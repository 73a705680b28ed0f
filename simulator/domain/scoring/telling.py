"""The debrief's words as plain text, shared by the app and every export so that they never disagree: the
flags summed up so that the counts add up, and each decision's record as read."""

from __future__ import annotations

from ..catalogue import CRITERIA_BY_ID, FAILURE_POINTS_BY_ID
from ..model import Scenario
from .decisions import direction_words
from .naming import decided_at
from .results import CriterionResult, Debrief, Indicators, RecordReview


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def indicators_sentence(i: Indicators, *, audit: bool = False) -> str:
    """The flags against the key, counted so that they add up: every risk found is flagged or missed; every
    other item found is flagged as a risk, recognised as a strength, flagged protective though the key reads
    it as neutral, or left unflagged."""
    signals = "deficit" if audit else "risk"
    flagged = "marked" if audit else "flagged"
    text = (f"Of the {_count(i.signals, signals)} you found, you {flagged} {i.hits} and missed {i.misses}. "
            f"Of the {_count(i.noise, 'other item')}, {i.false_alarms} {'was' if i.false_alarms == 1 else 'were'} "
            f"{flagged} as {'a ' + signals if i.false_alarms == 1 else signals + 's'} wrongly")
    parts = []
    if i.protective_hits:
        parts.append(f"{_count(i.protective_hits, 'strength')} recognised")
    if i.protective_flagged_other:
        n = i.protective_flagged_other
        parts.append(f"{n} flagged as {'a strength' if n == 1 else 'strengths'} though the key reads "
                     f"{'it' if n == 1 else 'them'} as neutral")
    if i.left_unflagged:
        parts.append(f"{i.left_unflagged} left unflagged")
    if parts:
        text += ", " + ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return text + "."


def separation_sentence(i: Indicators) -> str:
    """d′ in words, for the trainer's view and the exports."""
    return (f"Separation (d′) {i.d_prime:.2f}: how well the flags tell risks from the rest; 0 is no better than "
            "chance, 1 is fair, 2 or more is strong.")


def record_lines(record: RecordReview) -> list[str]:
    """What the reading of one decision record found, a line each: the points made (with the trainee's own
    words) and missed, wrong points made, the qualities of a defensible record it lacks, and whether it argues
    against the decision."""
    lines = [record.gist] if record.gist else []
    if record.contradiction:
        lines.append(f"Your record argues against your own decision: “{record.contradiction}”")
    for point in record.points:
        if point.made:
            lines.append(f"Made: {point.says} You wrote: “{point.quote}”")
        else:
            lines.append(f"Missed: {point.says}")
    for point in record.wrong:
        lines.append(f"Should not have been said: {point.says} You wrote: “{point.quote}”")
    missing = [q.label for q in record.qualities if not q.present]
    if missing and record.words:
        lines.append("A defensible record also says " + "; ".join(missing) + ".")
    lines.extend(record.notes)
    return lines or ["Your record says what a defensible record says."]


def criterion_title(cid: str) -> str:
    found = CRITERIA_BY_ID.get(cid)
    return found.title if found else cid


def failure_point_words(fid: str) -> str:
    """A failure point as a trainee reads it: the inspection's words, not the id."""
    found = FAILURE_POINTS_BY_ID.get(fid)
    return found.text if found else fid


def criterion_lines(result: CriterionResult) -> list[str]:
    """A criterion explained once: what decided its grade, the inspection failure point it shows, the particular
    things to put right, and the key's note."""
    lines = [result.reason] if result.reason else []
    lines += [f"Inspection failure point: {failure_point_words(fp)}" for fp in result.failure_points]
    lines += list(result.findings)
    if result.feedback:
        lines.append(f"Reviewer's note: {' '.join(result.feedback.split())}")
    return lines


def decision_lines(debrief: Debrief, scenario: Scenario) -> list[tuple[str, list[str]]]:
    """Each decision against the key, with its record as read: (heading, lines)."""
    out = []
    for review in debrief.decisions:
        stage, option = scenario.option_by_id[review.option]
        best = [scenario.option_by_id[b][1].label for b in review.best if b in scenario.option_by_id]
        lines = []
        if review.direction != "best" and best:
            lines.append(f"An experienced reviewer would choose: {' '.join(best[0].split())}.")
        if review.feedback.strip():
            lines.append(" ".join(review.feedback.split()))
        if review.counts_against:
            lines.append("It counts against: " + ", ".join(criterion_title(c) for c in review.counts_against) + ".")
        if review.record is not None:
            lines += record_lines(review.record)
        words = direction_words(option, review.direction, review.credit).removeprefix("which ")
        heading = f"{decided_at(scenario, stage, option.id)}: {' '.join(option.label.split())} ({words})"
        out.append((heading, lines))
    return out
