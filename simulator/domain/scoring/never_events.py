"""Critical errors (never-events): the built-in rule that a closure with an unresolved closure-blocking
indicator known is critical, and the never-events each scenario's key names."""

from __future__ import annotations

from ..conditions import holds
from ..engine import SessionState
from .exploitation import EXPLOITATION_CATEGORIES
from .naming import named, plain
from .results import Critical

BUILT_IN = "closed-with-blocking-indicator"


def never_events(state: SessionState) -> tuple[Critical, ...]:
    scenario = state.scenario
    found: dict[str, Critical] = {}
    evidence = scenario.evidence_by_id
    for d in state.decisions:
        option = scenario.option_by_id[d.option][1]
        if option.outcome.steps_down:
            blockers = [evidence[e] for e in d.revealed_before if evidence[e].key.blocks_closure
                        and not set(evidence[e].key.resolved_by) & d.revealed_before]
            if blockers and BUILT_IN not in found:
                names = ", ".join(sorted(named(e) for e in blockers))
                why = ("exploitation and missing-episode signs block closure"
                       if any(e.key.category in EXPLOITATION_CATEGORIES for e in blockers)
                       else "an unresolved indicator of that weight blocks closure")
                found[BUILT_IN] = Critical(BUILT_IN, "safe-closure",
                                           f"The case was closed while {names} was known; {why}.", d.option)
    for ne in scenario.key.never_events:
        points: list[tuple[frozenset[str], frozenset[str], str | None, bool, frozenset[str]]]
        if ne.if_chosen:
            points = [(d.revealed_before, d.done_before, d.option,
                       holds(ne.when, d.facts_before, before := _chosen_before(state, i)), before)
                      for i, d in enumerate(state.decisions) if d.option in ne.if_chosen]
        else:
            points = [(state.revealed_ids, state.done_ids, None, state.holds(ne.when),
                       frozenset(d.option for d in state.decisions))] if state.finished else []
        for revealed, done, chosen, conditions_hold, options in points:
            if conditions_hold and set(ne.if_revealed) <= revealed and not set(ne.unless_done) & done \
                    and not set(ne.unless_chosen) & options:
                found.setdefault(ne.id, Critical(ne.id, ne.criterion, plain(ne.message), chosen))
    return tuple(found.values())


def _chosen_before(state: SessionState, index: int) -> frozenset[str]:
    return frozenset(d.option for d in state.decisions[:index])
