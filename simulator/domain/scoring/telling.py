"""The debrief's words as plain text, shared by the app and every export so that they never disagree: the
flags summed up so that the counts add up, and each decision's record as read."""

from __future__ import annotations

from .results import Indicators, RecordReview


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
    lines = []
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
    return lines
