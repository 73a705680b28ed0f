"""What the trainee could have done: the stages they reached and what those stages made available. An action
or an item of evidence only counts against a trainee if it was within their reach."""

from __future__ import annotations

from ..engine import SessionState
from ..memo import per_object
from ..model import Action, Scenario, Stage
from .decisions import best_options


def reached(state: SessionState) -> frozenset[str]:
    return frozenset([d.stage for d in state.decisions] + ([state.stage] if state.stage else []))


def could_take(state: SessionState, action: Action) -> bool:
    return not action.stages or bool(set(action.stages) & reached(state))


def revealable_at(scenario: Scenario, stage: Stage) -> frozenset[str]:
    found = set(stage.reveals)
    for a in scenario.actions_at(stage.id):
        found.update(a.reveals)
    return frozenset(found)


def revealable_on_path(state: SessionState) -> frozenset[str]:
    """Evidence the trainee could have found on the stages they reached."""
    scenario = state.scenario
    found: set[str] = set(state.revealed_ids)
    for stage_id in reached(state):
        found |= revealable_at(scenario, scenario.stage_by_id[stage_id])
    return frozenset(found)


def last_snapshot(state: SessionState) -> frozenset[str]:
    """Actions taken by the last decision (or so far, if none was made)."""
    return state.decisions[-1].done_before if state.decisions else state.done_ids


@per_object
def reference_stages(scenario: Scenario) -> tuple[str, ...]:
    """The stages the key's best path passes through, in order: at each, the first best option."""
    path: list[str] = []
    here: str | None = scenario.first_stage.id
    while here in scenario.stage_by_id and here not in path:
        path.append(here)
        stage = scenario.stage_by_id[here]
        chosen = [best_options(d)[0] for d in stage.decision_list]
        here = next((o.next for o in chosen if o.next), stage.next)
    return tuple(path)
