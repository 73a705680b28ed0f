"""How the app puts numbers and states into words, so that nothing on the
screen is told by colour alone. Our own strings only: no author text here."""

from __future__ import annotations

from simulator.application.session import StageClock
from simulator.domain.catalogue import Grade
from simulator.domain.events import CONFIDENCE_LABELS, FlagKind
from simulator.domain.model import ScenarioKind

HOURS_PER_WORKING_DAY = 8  # the scenario format's "0.25 is two hours"

GRADE_WORDS: dict[Grade, str] = {
    Grade.OUTSTANDING: "OUTSTANDING",
    Grade.GOOD: "GOOD",
    Grade.REQUIRES_IMPROVEMENT: "REQUIRES IMPROVEMENT",
    Grade.INADEQUATE: "INADEQUATE",
}
# Theme variables, so light, dark and 16-colour terminals each get a colour
# that reads; the word beside it carries the meaning.
GRADE_STYLES: dict[Grade, str] = {
    Grade.OUTSTANDING: "bold $success",
    Grade.GOOD: "bold $success",
    Grade.REQUIRES_IMPROVEMENT: "bold $warning",
    Grade.INADEQUATE: "bold $error",
}




def grade_place(grade: Grade) -> str:
    """Where a grade sits on the four-point scale, as words and numbers."""
    return f"{grade.rank + 1} of 4 on Ofsted's scale: {grade.label}"

FLAG_WORDS: dict[FlagKind | None, str] = {FlagKind.RISK: "RISK", FlagKind.PROTECTIVE: "PROTECTIVE", None: "not flagged"}
# In a case audit the evidence is a colleague's record: a risk flag marks a
# deficit in it, a protective one a strength (as the scoring reads them).
AUDIT_FLAG_WORDS: dict[FlagKind | None, str] = {FlagKind.RISK: "DEFICIT", FlagKind.PROTECTIVE: "STRENGTH",
                                                None: "not marked"}
KEY_WORDS = {"risk": "risk", "protective": "protective", "neutral": "neutral", "status": "legal status"}
AUDIT_KEY_WORDS = {"risk": "deficit", "protective": "strength", "neutral": "neutral", "status": "legal status"}


def flag_words(kind: ScenarioKind) -> dict[FlagKind | None, str]:
    return AUDIT_FLAG_WORDS if kind is ScenarioKind.CASE_AUDIT else FLAG_WORDS


def key_words(kind: ScenarioKind) -> dict[str, str]:
    return AUDIT_KEY_WORDS if kind is ScenarioKind.CASE_AUDIT else KEY_WORDS


def flag_hint(kind: ScenarioKind) -> str:
    if kind is ScenarioKind.CASE_AUDIT:
        return "r deficit · p strength · u unmark"
    return "r risk · p protective · u unflag"
FLAG_STYLES: dict[FlagKind | None, str] = {
    FlagKind.RISK: "bold $error",
    FlagKind.PROTECTIVE: "bold $success",
    None: "dim",
}

OUTCOME_WORDS = {
    "hit": "HIT",
    "miss": "MISSED",
    "false-alarm": "FALSE ALARM",
    "correct-rejection": "correctly left",
    "not-a-strength": "not a strength either",
    "strength-unflagged": "a strength, not flagged",
    "protective-hit": "HIT (protective)",
    "not-found": "never found",
    "status": "a legal status: it changes what the law requires",
}
OUTCOME_STYLES = {
    "hit": "bold $success",
    "protective-hit": "bold $success",
    "miss": "bold $error",
    "false-alarm": "bold $warning",
    "correct-rejection": "",
    "not-a-strength": "",
    "strength-unflagged": "",
    "not-found": "dim",
    "status": "",
}

CLOCK_WORDS = {"in-time": "IN TIME", "nearly-due": "NEARLY DUE", "overdue": "OVERDUE", "none": "NO TIMESCALE"}
CLOCK_STYLES = {"in-time": "bold $success", "nearly-due": "bold $warning", "overdue": "bold $error", "none": "dim"}


def duration(days: float) -> str:
    """Working time in words: `48 min`, `2 h`, `1 working day 4 h`."""
    minutes = round(abs(days) * HOURS_PER_WORKING_DAY * 60)
    if minutes == 0:
        return "no time"
    whole, rest = divmod(minutes, HOURS_PER_WORKING_DAY * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if whole:
        parts.append(f"{whole} working day{'s' * (whole != 1)}")
    if hours:
        parts.append(f"{hours} h")
    if mins:
        parts.append(f"{mins} min")
    return " ".join(parts)


def days(value: float) -> str:
    """A number of working days as a number: `0.35 working days`."""
    number = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{number} working day{'s' * (number != '1')}"


def confidence(level: int | None) -> str:
    return "not given" if level is None else CONFIDENCE_LABELS.get(level, str(level))


def clock_summary(clock: StageClock) -> str:
    """The stage clock in one sentence, words and numbers."""
    if clock.timescale is None or clock.limit is None or clock.left is None:
        spent = duration(clock.used)
        return f"{spent[:1].upper()}{spent[1:]} spent at this stage; no statutory timescale applies here."
    used = "No time used yet" if clock.used <= 0 else f"{duration(clock.used)} used"
    left = f"{duration(clock.left)} left" if clock.left >= 0 else f"{duration(-clock.left)} over the limit"
    return (
        f"{used} of {duration(clock.limit)} for the {clock.timescale.label} "
        f"({clock.used:.2f} of {clock.limit:g}); {left}."
    )


def bar(share: float, width: int) -> str:
    """A text bar (filled and empty cells), readable without colour."""
    share = max(0.0, min(1.0, share))
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)
