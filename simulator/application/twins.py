"""Drawing a twin for a new session of a twin case (``Scenario.twins``): one at random, never shown to the
trainee, recorded with the session. Trainers can turn twins off (the `twins` setting, or `case-review
--no-twins`): a session then draws none and is told as the first twin (``domain.twins.as_twin``), and the cohort
report leaves it out of the comparison between twins."""

from __future__ import annotations

import random

from simulator.domain.model import Scenario

_RANDOM = random.SystemRandom()


def draw_twin(scenario: Scenario, *, enabled: bool = True, rng: random.Random | None = None) -> str:
    """The twin a new session draws, to tell the case as and to record; '' for a case without twins, or with
    twins turned off."""
    twins = scenario.twins
    if not enabled or twins is None or not twins.each:
        return ""
    return (rng or _RANDOM).choice(twins.each).id
