"""The author preview's sums: armed never-events, evidence sources, option
credits and the grade if the case ended now, on the fixture and, against the
scoring itself, on every bundled scenario."""

from __future__ import annotations

import attrs
import pytest

from simulator.domain.engine import SessionState, apply, replay, start
from simulator.domain.events import Decide, Event, TakeAction
from simulator.domain.model import Scenario
from simulator.domain.preview import Armed, Source, armed_never_events, evidence_preview, option_preview, preview
from simulator.domain.scoring.debrief import critical_errors, score
from simulator.domain.strategies import always_least, random_play, reference_play
from tests.bundled import bundled_library

from ..conftest import load_mini

MINI = load_mini()
LIBRARY = [loaded.scenario for loaded in bundled_library().scenarios]


def _armed(state: SessionState) -> set[tuple[str, str]]:
    return {(a.option, a.rule) for a in armed_never_events(state)}


def _with_evidence_key(scenario: Scenario, evidence_id: str, **changes: object) -> Scenario:
    evidence = tuple(attrs.evolve(e, key=attrs.evolve(e.key, **changes)) if e.id == evidence_id else e
                     for e in scenario.evidence)
    return attrs.evolve(scenario, evidence=evidence)


def test_armed_at_the_start_are_the_closures_never_events() -> None:
    state = start(MINI)
    assert _armed(state) == {("close-nfa", "closed-without-checks"), ("close-nfa", "child-never-seen")}
    armed = next(a for a in armed_never_events(state) if a.rule == "closed-without-checks")
    assert armed == Armed("close-nfa", "closed-without-checks", "front-door",
                          "Closed a physical-harm allegation without any checks.")


def test_an_action_in_unless_done_disarms_its_never_event() -> None:
    state = apply(start(MINI), TakeAction("ask-police"))
    assert _armed(state) == {("close-nfa", "child-never-seen")}
    state = apply(state, TakeAction("home-visit"))
    assert _armed(state) == set()


def test_an_end_of_case_never_event_arms_only_options_that_end_the_case() -> None:
    state = replay(MINI, [Decide(stage="contact", option="strategy")])
    # Both options at the enquiry end the case; the child has still not been seen.
    assert _armed(state) == {("conference", "child-never-seen"), ("cin-plan", "child-never-seen")}
    state = apply(state, TakeAction("see-leo-alone"))
    assert _armed(state) == set()


def test_if_revealed_arms_only_once_the_evidence_is_known() -> None:
    never = attrs.evolve(MINI.key.never_events[0], unless_done=(), if_revealed=("police-record",))
    scenario = attrs.evolve(MINI, key=attrs.evolve(MINI.key, never_events=(never,)))
    state = start(scenario)
    assert _armed(state) == set()
    state = apply(state, TakeAction("ask-police"))
    assert _armed(state) == {("close-nfa", "closed-without-checks")}


def test_the_built_in_closure_rule_is_armed_until_the_blocker_is_answered() -> None:
    scenario = _with_evidence_key(MINI, "mark-on-arm", blocks_closure=True, resolved_by=("police-record",))
    scenario = attrs.evolve(scenario, key=attrs.evolve(scenario.key, never_events=()))
    state = start(scenario)
    armed = armed_never_events(state)
    assert [(a.option, a.rule, a.criterion) for a in armed] == [
        ("close-nfa", "closed-with-blocking-indicator", "safe-closure")]
    assert "The mark on Leo's arm" in armed[0].message
    state = apply(state, TakeAction("ask-police"))  # reveals the item that answers it
    assert armed_never_events(state) == ()


def test_nothing_is_armed_once_the_case_has_ended() -> None:
    state = replay(MINI, [Decide(stage="contact", option="close-nfa")])
    assert state.finished
    assert armed_never_events(state) == ()
    assert option_preview(state) == ()


def test_previewing_changes_nothing() -> None:
    state = start(MINI)
    before = attrs.asdict(state, recurse=False)
    preview(state)
    assert attrs.asdict(state, recurse=False) == before


@pytest.mark.parametrize("scenario", LIBRARY, ids=lambda s: s.id)
def test_armed_is_exactly_what_deciding_would_trigger(scenario: Scenario) -> None:
    """Along scripted and random plays of every bundled case, the never-events armed for the option chosen
    are the ones the debrief then reports, no more and no fewer."""
    plays: list[list[Event]] = [reference_play(scenario), always_least(scenario),
                                *(random_play(scenario, seed) for seed in range(5))]  # type: ignore[list-item]
    checked = 0
    for events in plays:
        state = start(scenario)
        for event in events:
            if isinstance(event, Decide):
                expected = {a.rule for a in armed_never_events(state) if a.option == event.option}
                before = {c.rule for c in critical_errors(state)}
                after = apply(state, event)
                assert {c.rule for c in score(after).critical} - before == expected
                checked += 1
            state = apply(state, event)
    assert checked >= len(plays)


def test_never_events_are_armed_across_the_library() -> None:
    """The check above would pass vacuously if nothing were ever armed."""
    armed = {s.id: {a.rule for a in armed_never_events(start(s))} for s in LIBRARY}
    assert "closed-with-blocking-indicator" in armed["missing-fifteen-closure-review"]
    assert sum(bool(rules) for rules in armed.values()) >= len(LIBRARY) // 2


def test_every_evidence_item_with_its_sources() -> None:
    items = {p.evidence.id: p for p in evidence_preview(apply(start(MINI), TakeAction("check-records")))}
    assert list(items) == [e.id for e in MINI.evidence]  # revealed or not, in the file's order
    assert items["mark-on-arm"].sources == (Source(None, ("contact",)),)
    assert items["mark-on-arm"].revealed is not None and items["mark-on-arm"].revealed.new_by == "stage"
    assert items["police-record"].sources == (Source("ask-police", ("contact",)),)
    assert items["police-record"].revealed is None and items["police-record"].within_reach
    assert items["earlier-call"].revealed is not None and not items["earlier-call"].within_reach
    assert items["leo-account"].sources == (Source("see-leo-alone", ("enquiry",)),)
    assert not items["leo-account"].within_reach  # only at the enquiry
    assert items["grandmother"].sources == (Source("home-visit", ()),)


def test_options_with_credit_direction_and_where_they_lead() -> None:
    options = {p.option.id: p for p in option_preview(start(MINI))}
    assert [(p.credit, p.direction, p.leads_to, p.ends_case) for p in options.values()] == [
        (0.0, "under", "closed", True), (1.0, "best", "enquiry", False), (0.5, "over", "enquiry", False)]
    assert [a.rule for a in options["close-nfa"].armed] == ["closed-without-checks", "child-never-seen"]
    assert options["strategy"].armed == ()
    votes = {p.option.id: p for p in option_preview(replay(MINI, [Decide(stage="contact", option="strategy")]))}
    assert (votes["conference"].base_credit, votes["conference"].credit) == (0.25, 0.25)
    assert (votes["cin-plan"].base_credit, votes["cin-plan"].direction) == (1.0, "best")


def test_the_grade_if_the_case_ended_now_is_the_scoring_s() -> None:
    state = replay(MINI, [TakeAction("ask-police"), Decide(stage="contact", option="protect")])
    shown = preview(state)
    assert shown.debrief == score(state)
    assert shown.stage is not None and shown.stage.id == "enquiry"
    assert shown.triggered == ()
    closed = replay(MINI, [Decide(stage="contact", option="close-nfa")])
    assert [c.rule for c in preview(closed).triggered] == ["closed-without-checks", "child-never-seen"]
