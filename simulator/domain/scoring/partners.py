"""Information from partners, and the checks behind a front-door decision.

Partners: of the partner actions within reach that held something that mattered (risk or strength), the share
taken before the last decision; fewer than half of them asked is the single-source picture the inspection
found (poor information from partners), so the criterion is at best requires improvement.

Checks: at a stage that scores the front-door decision, the share of the partner and history checks open
there that were made before deciding (domain.md §3: checks made with partners and history)."""

from __future__ import annotations

from ..engine import SessionState
from ..model import Action, ActionKind, EvidenceKind, Scenario
from .decisions import FRONT_DOOR, scores_of
from .grades import RI_TOP
from .naming import decided_at, plain
from .reach import could_take, last_snapshot
from .sheet import Cap, Measure, Sheet

CHECK_KINDS = (ActionKind.PARTNER, ActionKind.RECORDS)


def _matters(scenario: Scenario, action: Action) -> bool:
    return any(scenario.evidence_by_id[e].key.kind is not EvidenceKind.NEUTRAL for e in action.reveals)


def partners(state: SessionState, sheet: Sheet) -> None:
    scenario = state.scenario
    useful = [a for a in scenario.actions if a.kind is ActionKind.PARTNER and could_take(state, a)
              and _matters(scenario, a)]
    if not useful:
        return
    done = last_snapshot(state)
    asked = [a for a in useful if a.id in done]
    for a in useful:
        if a not in asked:
            sheet.note("partner-information",
                       f"Not done: '{plain(a.label)}'. It held information the decision needed.")
    said = ("You asked every partner who held something the decision needed." if len(asked) == len(useful) else
            f"You asked {len(asked)} of the {len(useful)} partners who held something the decision needed.")
    sheet.add("partner-information", Measure("partners", len(asked) / len(useful), 1.0, said))
    if len(useful) >= 2 and len(asked) * 2 < len(useful):
        sheet.cap("partner-information", Cap(RI_TOP, f"Most of the partners who held something the decision "
                                             f"needed were not asked ({len(asked)} of {len(useful)}).",
                                             source="partners"))


def front_door_checks(state: SessionState, sheet: Sheet) -> None:
    scenario = state.scenario
    for d in state.decisions:
        stage, option = scenario.option_by_id[d.option]
        if FRONT_DOOR not in scores_of(stage, option):
            continue
        child = scenario.decision_of_option[option.id].about
        checks = [a for a in scenario.actions_at(stage.id) if a.kind in CHECK_KINDS and _matters(scenario, a)
                  and not _about_another_child(a, child)]
        if not checks:
            continue
        where = decided_at(scenario, stage, option.id)
        made = [a for a in checks if a.id in d.done_before]
        for a in checks:
            if a not in made:
                sheet.note(FRONT_DOOR, f"Not checked before deciding '{where}': '{plain(a.label)}'.")
        said = (f"You made every partner and history check open at '{where}' before deciding."
                if len(made) == len(checks) else
                f"You made {len(made)} of the {len(checks)} partner and history checks open at "
                f"'{where}' before deciding.")
        sheet.add(FRONT_DOOR, Measure("checks", len(made) / len(checks), 1.0, said))


def _about_another_child(action: Action, child: str | None) -> bool:
    """A check that sees only other children than the one a decision is about (a route for each child at one
    stage): asking Jade's school about Jade is not a check behind Tyler's route, made before it or not."""
    return child is not None and bool(action.sees) and child not in action.sees
