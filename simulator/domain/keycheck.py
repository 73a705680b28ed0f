"""Does a scenario's key discriminate? The grades that scripted play earns:
the key's reference path should grade good or better; always choosing the
least or the most intensive option, and random play, should not."""

from __future__ import annotations

import statistics

import attrs

from .catalogue import Grade
from .engine import SessionState
from .model import Scenario
from .scoring.debrief import score
from .strategies import best_open, informed_session, least_intensive, most_intensive, random_session

RANDOM_PLAYS = 100


@attrs.frozen
class KeyCheck:
    best: Grade
    always_least: Grade
    always_most: Grade
    random_median: Grade
    random_grades: dict[Grade, int]

    @property
    def problems(self) -> tuple[str, ...]:
        out = []
        if self.best.rank < Grade.GOOD.rank:
            out.append(f"the key's own best path grades {self.best.label.lower()}, below good")
        for name, grade in (("always choosing the least intensive option", self.always_least),
                            ("always choosing the most intensive option", self.always_most),
                            ("the median of random play", self.random_median)):
            if grade.rank >= Grade.GOOD.rank:
                out.append(f"{name} grades {grade.label.lower()}; it should grade below good")
        return tuple(out)

    @property
    def discriminates(self) -> bool:
        return not self.problems


def check_key(scenario: Scenario, plays: int = RANDOM_PLAYS) -> KeyCheck:
    # Each play is scored from the state it reached: replaying its events would give the same state again.
    def grade(state: SessionState) -> Grade:
        return score(state).overall

    randoms = [grade(random_session(scenario, seed)[1]) for seed in range(plays)]
    median_rank = int(statistics.median_low([g.rank for g in randoms]))
    return KeyCheck(
        best=grade(informed_session(scenario, best_open)[1]),
        always_least=grade(informed_session(scenario, least_intensive)[1]),
        always_most=grade(informed_session(scenario, most_intensive)[1]),
        random_median=list(Grade)[median_rank],
        random_grades={g: randoms.count(g) for g in Grade},
    )
