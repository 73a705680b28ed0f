"""A session driven at random against a plain reference model (sets and
dicts), the shape of chroma-core's property tests."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from simulator.domain.engine import Refused, apply, replay, start
from simulator.domain.events import Decide, Event, Flag, FlagKind, TakeAction, Unflag
from simulator.domain.scoring.debrief import score

from ..conftest import load_mini

MINI = load_mini()
ACTIONS = [a.id for a in MINI.actions]
EVIDENCE = [e.id for e in MINI.evidence]
OPTIONS = [(s.id, o.id) for s in MINI.stages for o in s.options]


class SessionMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.state = start(MINI)
        self.events: list[Event] = []
        # the reference model
        self.stage: str | None = MINI.first_stage.id
        self.revealed = set(MINI.first_stage.reveals)
        self.done: set[str] = set()
        self.flags: dict[str, FlagKind] = {}
        self.clock = 0.0
        self.decided: list[str] = []

    def _submit(self, event: Event) -> bool:
        try:
            self.state = apply(self.state, event)
        except Refused:
            return False
        self.events.append(event)
        return True

    @rule(action=st.sampled_from(ACTIONS))
    def take(self, action: str) -> None:
        a = MINI.action_by_id[action]
        allowed = self.stage is not None and action not in self.done and (not a.stages or self.stage in a.stages)
        assert self._submit(TakeAction(action)) == allowed
        if allowed:
            self.done.add(action)
            self.revealed.update(a.reveals)
            self.clock += a.cost

    @rule(evidence=st.sampled_from(EVIDENCE), kind=st.sampled_from(FlagKind))
    def flag(self, evidence: str, kind: FlagKind) -> None:
        allowed = self.stage is not None and evidence in self.revealed and self.flags.get(evidence) is not kind
        assert self._submit(Flag(evidence, kind)) == allowed
        if allowed:
            self.flags[evidence] = kind

    @rule(evidence=st.sampled_from(EVIDENCE))
    def unflag(self, evidence: str) -> None:
        allowed = self.stage is not None and evidence in self.flags
        assert self._submit(Unflag(evidence)) == allowed
        if allowed:
            del self.flags[evidence]

    @rule(choice=st.sampled_from(OPTIONS), cites=st.lists(st.sampled_from(EVIDENCE), max_size=2))
    def decide(self, choice: tuple[str, str], cites: list[str]) -> None:
        stage, option = choice
        allowed = stage == self.stage
        assert self._submit(Decide(stage=stage, option=option, rationale="because", cites=tuple(cites))) == allowed
        if allowed:
            o = MINI.option_by_id[option][1]
            self.decided.append(option)
            self.clock += o.elapses
            if o.next in MINI.stage_by_id:
                self.stage = o.next
                self.revealed.update(MINI.stage_by_id[o.next].reveals)
            else:
                self.stage = None

    @invariant()
    def matches_the_model(self) -> None:
        assert self.state.stage == self.stage
        assert self.state.revealed_ids == self.revealed
        assert self.state.done_ids == self.done
        assert dict(self.state.flags) == self.flags
        assert abs(self.state.clock - self.clock) < 1e-9
        assert [d.option for d in self.state.decisions] == self.decided

    @precondition(lambda self: len(self.events) > 0)
    @invariant()
    def replay_gives_the_same_state_and_debrief(self) -> None:
        again = replay(MINI, self.events)
        assert again == self.state
        assert score(again) == score(self.state)


TestSession = SessionMachine.TestCase
TestSession.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
