"""Levels of need and statutory timescales, held as data so a trainer can
choose the guidance a case is played under (domain.md section 4)."""

from __future__ import annotations

import attrs

from .catalogue import Outcome


@attrs.frozen
class Timescale:
    id: str
    label: str
    working_days: float


@attrs.frozen
class Rulebook:
    id: str
    title: str
    timescales: tuple[Timescale, ...]
    levels: tuple[str, str, str, str] = ("Universal", "Early help", "Targeted / complex", "Specialist / statutory")

    def timescale(self, timescale_id: str) -> Timescale:
        for t in self.timescales:
            if t.id == timescale_id:
                return t
        raise KeyError(timescale_id)

    def with_levels(self, levels: tuple[str, str, str, str] | None) -> Rulebook:
        return self if levels is None else attrs.evolve(self, levels=levels)

    def level_of(self, outcome: Outcome) -> str | None:
        """The level of need an outcome serves, in this area's names."""
        index = _OUTCOME_LEVEL.get(outcome)
        return None if index is None else self.levels[index]


_OUTCOME_LEVEL = {
    Outcome.UNIVERSAL: 0,
    Outcome.EARLY_HELP: 1,
    Outcome.CHILD_IN_NEED: 2,
    Outcome.SECTION_47: 3,
    Outcome.IMMEDIATE_PROTECTION: 3,
}

# Three months is taken as 65 working days, six months as 130, six weeks as 30, a month as 20.
# Timescales both editions share: private fostering (the 2005 Regulations), visits to a child on a plan, and the
# FGM mandatory report (the Home Office's "normally within one month").
_SHARED = (
    Timescale("private-fostering-visit", "private fostering visit after notification", 7),
    Timescale("private-fostering-review", "private fostering visit, every six weeks", 30),
    Timescale("child-protection-visit", "visit to a child on a protection plan", 10),
    Timescale("fgm-report", "FGM mandatory report to the police", 20),
)
WORKING_TOGETHER_2023 = Rulebook(
    id="working-together-2023",
    title="Working Together to Safeguard Children 2023",
    timescales=(
        Timescale("referral-decision", "decision on a referral", 1),
        Timescale("strategy-discussion", "strategy discussion once decided", 1),
        Timescale("immediate-protection", "protective action on immediate risk", 1),
        Timescale("assessment", "assessment completed", 45),
        # One single assessment replaced the 2010 core assessment; kept so a
        # file written for either rulebook plays under both.
        Timescale("core-assessment", "assessment completed", 45),
        Timescale("initial-conference", "initial child protection conference", 15),
        Timescale("review-conference", "first review conference", 65),
        *_SHARED,
    ),
)

WORKING_TOGETHER_2010 = Rulebook(
    id="working-together-2010",
    title="Working Together to Safeguard Children 2010",
    timescales=(
        Timescale("referral-decision", "decision on a referral", 1),
        Timescale("strategy-discussion", "strategy discussion once decided", 1),
        Timescale("immediate-protection", "protective action on immediate risk", 1),
        Timescale("assessment", "initial assessment completed", 10),
        Timescale("core-assessment", "core assessment completed", 35),
        Timescale("initial-conference", "initial child protection conference", 15),
        Timescale("review-conference", "first review conference", 65),
        *_SHARED,
    ),
)

RULEBOOKS: dict[str, Rulebook] = {r.id: r for r in (WORKING_TOGETHER_2023, WORKING_TOGETHER_2010)}
DEFAULT_RULEBOOK = WORKING_TOGETHER_2023.id


def timescale_title(rulebook: str, timescale: str) -> str:
    """A statutory timescale as the guidance names it ("Decision on a referral"), not its id; the id itself when
    the rulebook has no such timescale."""
    book = RULEBOOKS.get(rulebook, RULEBOOKS[DEFAULT_RULEBOOK])
    try:
        label = book.timescale(timescale).label
    except KeyError:
        return timescale
    return label[:1].upper() + label[1:]
