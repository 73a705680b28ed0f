"""Scripted ways of playing a scenario, as event lists: the key's reference
path, the extremes (always least / most intensive) and seeded random play.
The discrimination test and `check-key` hold the scoring against them."""

from __future__ import annotations

import random
from collections.abc import Callable

from .engine import SessionState, apply, start
from .events import Decide, Event, Flag, FlagKind, TakeAction
from .model import EvidenceKind, Option, Scenario, SeesChild, StageDecision
from .scoring.decisions import best_options

Chooser = Callable[[tuple[Option, ...]], Option]

def record_for(state: SessionState, option: Option, cites: tuple[str, ...]) -> str:
    """A defensible record of deciding ``option`` now, as domain.md §6 describes one, written from what the
    trainee knows: what is known and from whom (the evidence cited, by label and source), what is not yet
    known, the risks weighed against the strengths, the decision and its threshold, a plan, what would change
    it, and the points the key lists for this decision. Scripted play records every decision so: what sets
    the reference path apart from the extremes and random play is the decisions, not the writing."""
    scenario = state.scenario
    stage = state.current_stage
    assert stage is not None
    evidence = scenario.evidence_by_id
    risks = [evidence[e] for e in cites if evidence[e].key.kind is EvidenceKind.RISK]
    strengths = [evidence[r.evidence] for r in state.revealed
                 if evidence[r.evidence].key.kind is EvidenceKind.PROTECTIVE]
    known = "; ".join(f"{e.short} (reported by {' '.join(e.source.split())})" for e in (risks or strengths)[:4])
    lines = [f"What is known: {known or 'the referral as received'}.",
             "What is not yet known: whether the account holds when checked, which I still need to establish."]
    weighed = ", ".join(e.short for e in strengths[:2]) or "the family's willingness to work with us"
    concern = ", ".join(e.short for e in risks[:2]) or "the concern raised"
    lines.append(f"I have weighed the risk ({concern}) against the strengths ({weighed}).")
    if not option.outcome.escalates:
        lines.append("What worried the referrer is explained by what the checks found.")
    # A decision about one child of several is recorded as that child's (a record naming only their brother is
    # about him).
    subject = scenario.decision_of_option[option.id].about
    whose = f" for {scenario.person_by_id[subject].name.split()[0]}" if subject in scenario.person_by_id else ""
    lines.append(f"Decision{whose}: {' '.join(option.label.split())}, because that is the threshold this meets.")
    lines.append("Plan: I will visit and review within five working days, with the lead professional named.")
    lines.append("If anything new comes to light, or the plan is not kept, I will return it to my manager and "
                 "reconsider.")
    for point in scenario.decision_of_option[option.id].record.points:
        if not point.options or option.id in point.options:
            lines.append(" ".join(term.split("|")[0] for term in point.terms) + ".")
    return "\n".join(lines)


def _owed(scenario: Scenario) -> frozenset[str]:
    """Actions that do what the case holds the trainee to, though they may reveal nothing: what stops a clock
    (or sets the fact that does) and what a never-event is averted by. Never one the key names as harmful."""
    stops = {c.stops for c in scenario.clocks}
    averting = {a for ne in scenario.key.never_events for a in ne.unless_done}
    harmful = {h.action for h in scenario.key.harmful}
    return frozenset(a.id for a in scenario.actions
                     if a.id not in harmful and (a.id in stops or set(a.sets) & stops or a.id in averting))


def _investigate(state: SessionState, events: list[Event]) -> SessionState:
    """Take every action that reveals something that matters, sees the child alone or does what the case is
    timed or judged on (never one the key names as harmful), then flag per key."""
    scenario = state.scenario
    owed = _owed(scenario)
    harmful = {h.action for h in scenario.key.harmful}
    for action in state.available_actions():
        if action.id in harmful or action not in state.available_actions():
            continue  # never a step the key names as harmful; nor one an earlier step has closed
        sees_alone = action.sees_child is SeesChild.ALONE
        if sees_alone or action.id in owed or any(
                e not in state.revealed_ids and _matters(scenario, e) for e in action.reveals):
            event: Event = TakeAction(action.id)
            state = apply(state, event)
            events.append(event)
    for r in state.revealed:
        kind = scenario.evidence_by_id[r.evidence].key.kind
        want = {EvidenceKind.RISK: FlagKind.RISK, EvidenceKind.PROTECTIVE: FlagKind.PROTECTIVE}.get(kind)
        if want is not None and state.flags.get(r.evidence) is not want:
            event = Flag(r.evidence, want)
            state = apply(state, event)
            events.append(event)
    return state


def _matters(scenario: Scenario, evidence_id: str) -> bool:
    key = scenario.evidence_by_id[evidence_id].key
    return key.kind is not EvidenceKind.NEUTRAL or bool(key.essential)


def _cites(state: SessionState, option: Option) -> tuple[str, ...]:
    """What justifies the option: risk for escalating, risk and protective factors for stepping down."""
    evidence = state.scenario.evidence_by_id
    wanted = {EvidenceKind.RISK} if option.outcome.escalates else {EvidenceKind.RISK, EvidenceKind.PROTECTIVE}
    return tuple(r.evidence for r in state.revealed if evidence[r.evidence].key.kind in wanted)


def informed_play(scenario: Scenario, choose: Chooser) -> list[Event]:
    """Investigate and flag as the key would, deciding with ``choose``."""
    return informed_session(scenario, choose)[0]


def informed_session(scenario: Scenario, choose: Chooser) -> tuple[list[Event], SessionState]:
    """``informed_play``'s events, with the state they lead to (what replaying them gives)."""
    events: list[Event] = []
    state = start(scenario)
    while not state.finished:
        state = _investigate(state, events)
        stage = state.current_stage
        assert stage is not None
        decision = state.pending_decisions()[0]
        option = choose(state.open_options(decision))
        cites = _cites(state, option)
        decide = Decide(stage=stage.id, option=option.id, rationale=record_for(state, option, cites), cites=cites,
                        confidence=3, decision=decision.id or None)
        state = apply(state, decide)
        events.append(decide)
    return events, state


def best_open(options: tuple[Option, ...]) -> Option:
    return best_options(StageDecision(id="", label="", options=options))[0]


def least_intensive(options: tuple[Option, ...]) -> Option:
    return min(options, key=lambda o: o.outcome.rank)


def most_intensive(options: tuple[Option, ...]) -> Option:
    return max(options, key=lambda o: o.outcome.rank)


def reference_play(scenario: Scenario) -> list[Event]:
    return informed_play(scenario, best_open)


def always_least(scenario: Scenario) -> list[Event]:
    return informed_play(scenario, least_intensive)


def always_most(scenario: Scenario) -> list[Event]:
    return informed_play(scenario, most_intensive)


def random_play(scenario: Scenario, seed: int) -> list[Event]:
    """A trainee acting at random: each action taken or not, each item flagged
    either way or not at all, any option, a rationale or none."""
    return random_session(scenario, seed)[0]


def random_session(scenario: Scenario, seed: int) -> tuple[list[Event], SessionState]:
    """``random_play``'s events, with the state they lead to (what replaying them gives): a caller that
    scores the play need not replay it."""
    rng = random.Random(seed)
    events: list[Event] = []
    state = start(scenario)
    while not state.finished:
        for action in state.available_actions():
            # an earlier step may have closed it (a fact it sets, a `when` no longer true)
            if rng.random() < 0.5 and state.open_now(action):
                events.append(TakeAction(action.id))
                state = apply(state, events[-1])
        for r in state.revealed:
            choice = rng.choice((None, FlagKind.RISK, FlagKind.PROTECTIVE))
            if choice is not None and state.flags.get(r.evidence) is not choice:
                events.append(Flag(r.evidence, choice))
                state = apply(state, events[-1])
        stage = state.current_stage
        assert stage is not None
        revealed = [r.evidence for r in state.revealed]
        cites = tuple(rng.sample(revealed, k=rng.randint(0, min(3, len(revealed)))))
        decision = state.pending_decisions()[0]
        option = rng.choice(state.open_options(decision))
        # Written only when chosen (the choice draws from the generator as choosing between two texts did).
        rationale = record_for(state, option, cites) if rng.choice((False, True)) else ""
        events.append(Decide(stage=stage.id, option=option.id, rationale=rationale, cites=cites,
                             confidence=rng.randint(1, 3), decision=decision.id or None))
        state = apply(state, events[-1])
    return events, state
