"""Essential evidence: for each decision, was what the key marks essential found before it, where the stage
made it findable? Not finding it (an investigation failure) is told apart from finding it and not seeing it
(a recognition failure, in recognition.py)."""

from __future__ import annotations

from collections import defaultdict

from ..engine import SessionState
from .naming import named, plain
from .reach import revealable_at
from .sheet import Measure, Sheet

WEIGHT = 1.5


def essential_evidence(state: SessionState, sheet: Sheet) -> None:
    scenario = state.scenario
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    # A stage with several decisions counts once, at the last of them.
    for d in {d.stage: d for d in state.decisions}.values():
        stage = scenario.stage_by_id[d.stage]
        on_arrival = set(stage.reveals)
        essential = [(eid, cid) for eid in sorted(revealable_at(scenario, stage))
                     for cid in scenario.evidence_by_id[eid].key.essential]
        # What the stage hands over on arrival (the referral's own words) was found by nobody: where something
        # essential to the same criterion had to be looked for, only that shows the investigation.
        looked_for = {cid for eid, cid in essential if eid not in on_arrival}
        for eid, cid in essential:
            if eid in on_arrival and cid in looked_for:
                continue
            tally[cid][1] += 1
            if eid in d.revealed_before:
                tally[cid][0] += 1
            else:
                how = " or ".join(f"'{plain(scenario.action_by_id[a].label)}'" for a in scenario.revealers.get(eid, ()))
                item = named(scenario.evidence_by_id[eid])
                sheet.note(cid, f"Not found before deciding '{plain(stage.title)}': {item}"
                           + (f"; {how} would have revealed it." if how else "."))
    for cid, (found, needed) in tally.items():
        said = ("You found everything essential before deciding." if found == needed else
                f"You found {found} of the {needed} items essential to this before deciding.")
        sheet.add(cid, Measure("essential-evidence", found / needed, WEIGHT, said))
