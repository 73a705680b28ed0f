"""Format 2: several decisions at a stage, several children, actions with consequences, clocks, routes and legal
status, on tests/data/format2/household.yaml (two children who need different routes)."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from simulator.domain.catalogue import Grade, Outcome
from simulator.domain.engine import Refused, apply, ending_text, narrative, replay, start
from simulator.domain.events import Decide, Event, Flag, FlagKind, TakeAction, event_from_json, event_to_json
from simulator.domain.model import Scenario
from simulator.domain.scoring.debrief import score
from simulator.domain.strategies import reference_play
from simulator.scenarios.loader import load_file

HOUSEHOLD = Path(__file__).resolve().parent.parent / "data" / "format2" / "household.yaml"


@pytest.fixture(scope="module")
def household() -> Scenario:
    loaded = load_file(HOUSEHOLD)
    assert not isinstance(loaded, list), [p.format() for p in loaded]
    return loaded.scenario


def _referral(jade: str = "j-pf", tyler: str = "t-strategy") -> list[Event]:
    return [Decide(stage="referral", decision="jade-route", option=jade, rationale="Jade: private fostering."),
            Decide(stage="referral", decision="tyler-route", option=tyler, rationale="Tyler: strategy today.")]


def test_the_short_form_fills_in_what_it_leaves_out(household: Scenario) -> None:
    referral = household.stage_by_id["referral"]
    assert [d.id for d in referral.decisions] == ["jade-route", "tyler-route"]
    assert referral.next == "enquiry"  # the next stage in the file
    assert household.option_by_id["j-pf"][1].outcome is Outcome.CHILD_IN_NEED  # from its route
    assert household.option_by_id["j-pf"][1].key.verdict is not None  # `verdict` written on the option
    assert household.stage_by_id["enquiry"].options[0].next == "done"  # the first ending, after the last stage
    # Each decision is scored on what its own options put at stake; the stage on all of it.
    jade, tyler = referral.decisions
    assert jade.scores == ("front-door", "safe-closure", "immediate-protection", "proportionate-help")
    assert tyler.scores == ("front-door", "investigation", "immediate-protection", "proportionate-help")
    assert referral.scores == ("front-door", "safe-closure", "immediate-protection", "proportionate-help",
                               "investigation")
    assert household.evidence_by_id["tyler-words"].source == ""
    assert [c.id for c in household.children] == ["jade", "tyler"]


def test_a_stage_with_several_decisions_is_left_once_all_are_made(household: Scenario) -> None:
    state = start(household)
    with pytest.raises(Refused, match="several decisions: say which"):
        apply(state, Decide(stage="referral", option="j-pf"))
    with pytest.raises(Refused, match="has no option 't-strategy'"):
        apply(state, Decide(stage="referral", decision="jade-route", option="t-strategy"))
    half = apply(state, _referral()[0])
    assert half.stage == "referral" and [d.id for d in half.pending_decisions()] == ["tyler-route"]
    with pytest.raises(Refused, match="already been made"):
        apply(half, _referral()[0])
    assert replay(household, _referral()).stage == "enquiry"


def test_a_decide_event_names_its_decision_in_json() -> None:
    event = Decide(stage="referral", decision="jade-route", option="j-pf")
    assert event_to_json(event)["decision"] == "jade-route"
    assert event_from_json(event_to_json(event)) == event
    assert "decision" not in event_to_json(Decide(stage="s", option="o"))


def test_an_action_s_consequences_change_what_follows(household: Scenario) -> None:
    alerted = replay(household, [TakeAction("ring-kev"), *_referral()])
    assert alerted.facts == {"family-alerted"}
    assert narrative(alerted, household.stage_by_id["enquiry"]).startswith("Kev knew before the visit")
    quiet = replay(household, _referral())
    assert narrative(quiet, household.stage_by_id["enquiry"]) == "The strategy discussion agreed a joint visit."
    dropped = replay(household, [*_referral(), Decide(stage="enquiry", option="drop")])
    assert ending_text(dropped, household.ending_by_id["done"]) == "Tyler was hit again within a month."


def test_each_decision_is_scored_on_its_own(household: Scenario) -> None:
    debrief = score(replay(household, [*_referral("j-close", "t-strategy"), Decide(stage="enquiry", option="plan")]))
    jade, tyler, _ = debrief.decisions
    assert (jade.option, jade.direction, jade.best) == ("j-close", "under", ("j-pf",))
    assert (tyler.option, tyler.direction) == ("t-strategy", "best")


def test_each_child_is_seen_in_their_own_right_and_by_whom(household: Scenario) -> None:
    both = [TakeAction("see-jade"), TakeAction("teacher-tyler"), *_referral()]
    voice = score(replay(household, both)).criteria["child-voice"]
    assert voice.score == pytest.approx((1.0 + 0.75) / 2, abs=0.01)  # Tyler heard by his teacher, not his worker
    assert any(f.startswith("Tyler was seen by another professional") for f in voice.findings)
    only_jade = score(replay(household, [TakeAction("see-jade"), *_referral()])).criteria["child-voice"]
    assert "Tyler was never seen; only adults' accounts of them were recorded." in only_jade.findings


def test_a_clock_starts_on_an_event_and_is_held_to_its_timescale(household: Scenario) -> None:
    notified_never_visited = [TakeAction("notify"), *_referral(), Decide(stage="enquiry", option="plan")]
    debrief = score(replay(household, notified_never_visited))
    [clock] = [t for t in debrief.timings if t.stage == "pf-visit"]
    assert (clock.limit, clock.decided, clock.not_done) == (7, False, True)
    timeliness = debrief.criteria["timeliness"]
    assert "The private fostering visit to Jade was never done" in " ".join((timeliness.reason, *timeliness.findings))
    visited = score(replay(household, [TakeAction("notify"), TakeAction("see-jade"), *_referral()]))
    [clock] = [t for t in visited.timings if t.stage == "pf-visit"]
    assert clock.decided and clock.within and not clock.not_done
    unnotified = score(replay(household, _referral()))
    assert not [t for t in unnotified.timings if t.stage == "pf-visit"]  # never started
    # A case whose story ends before the visit falls due is not late: the work was not yet owed.
    ended_early = score(replay(household, [TakeAction("notify"), *_referral(), Decide(stage="enquiry",
                                                                                       option="drop")]))
    [clock] = [t for t in ended_early.timings if t.stage == "pf-visit"]
    assert clock.within and not clock.decided and not clock.not_done
    assert "private fostering visit" not in " ".join(ended_early.criteria["timeliness"].findings)


def test_a_legal_status_is_neither_a_hit_nor_a_false_alarm(household: Scenario) -> None:
    debrief = score(replay(household, [TakeAction("notify"), Flag("pf-status", FlagKind.RISK), *_referral()]))
    [status] = [e for e in debrief.evidence if e.evidence == "pf-status"]
    assert status.outcome == "status"
    assert debrief.indicators.false_alarms == 0


def test_the_harmful_step_is_named(household: Scenario) -> None:
    debrief = score(replay(household, [TakeAction("ring-kev"), *_referral(), Decide(stage="enquiry", option="plan")]))
    assert [h.rule for h in debrief.harmful] == ["tipped-off"]


def test_the_key_s_best_path_through_several_decisions_is_outstanding(household: Scenario) -> None:
    debrief = score(replay(household, reference_play(household)))
    assert debrief.overall is Grade.OUTSTANDING, debrief.reasons
    assert [d.option for d in debrief.decisions] == ["j-pf", "t-strategy", "plan"]


def test_the_author_preview_shows_each_decision_s_options(household: Scenario) -> None:
    from simulator.domain.clocks import read_clocks
    from simulator.domain.preview import option_preview
    from simulator.domain.rulebook import RULEBOOKS

    state = start(household)
    shown = option_preview(state)
    assert [(p.decision.id, p.option.id) for p in shown] == [
        ("jade-route", "j-pf"), ("jade-route", "j-close"), ("jade-route", "j-accommodate"),
        ("tyler-route", "t-strategy"), ("tyler-route", "t-early-help"), ("tyler-route", "t-protect")]
    assert all(p.open_now for p in shown)
    # Jade's part decided: the preview still shows it, the engine offers only Tyler's.
    state = apply(state, _referral()[0])
    assert [d.id for d in state.pending_decisions()] == ["tyler-route"]
    # A clock shows only once what starts it has happened, and runs until what stops it.
    rules = RULEBOOKS[household.rulebook]
    assert read_clocks(state, rules) == ()
    notified = apply(state, TakeAction("notify"))
    (reading,) = read_clocks(notified, rules)
    assert reading.limit == 7 and reading.stopped is None and reading.left_at(notified.clock) == 7
    seen = apply(notified, TakeAction("see-jade"))
    assert read_clocks(seen, rules)[0].stopped == seen.clock


def test_findings_name_which_of_a_stage_s_decisions_they_are_about(household: Scenario) -> None:
    from simulator.domain.scoring.telling import decision_lines

    debrief = score(replay(household, [*_referral(), Decide(stage="enquiry", option="plan")]))
    headings = [heading for heading, _ in decision_lines(debrief, household)]
    assert headings[:2] == [
        "Referral: Route for Jade: Private fostering assessment and visits (the key's best decision)",
        "Referral: Route for Tyler: Strategy discussion today (the key's best decision)"]
    # Each decision counts where its own options put something at stake: Tyler's, not Jade's, is the
    # allegation investigated.
    investigation = debrief.criteria["investigation"]
    assert "At 'Referral: Route for Tyler' you chose 'Strategy discussion today'" in investigation.reason
    jade = debrief.decisions[0].record
    assert jade is not None and jade.gist.startswith("The record at 'Referral: Route for Jade' could be about any")
    # A record of a word or two is too short, not missing.
    short = score(replay(household, [Decide(stage="referral", decision="jade-route", option="j-pf",
                                            rationale="Jade fostered.")]))
    assert short.decisions[0].record is not None
    assert short.decisions[0].record.gist == (
        "The record at 'Referral: Route for Jade' is too short to give any reasons (2 words).")


def test_a_check_about_one_child_is_not_held_against_the_route_for_another() -> None:
    """The expert's good practice rings Jade's head of year after deciding Tyler's route and before Jade's: that
    check is about Jade, so it was made in time for the decision it bears on, and Tyler's route is not held to
    it. Each finding names the decision it is about."""
    from simulator.application.transcripts import read_transcript
    from tests.bundled import bundled_library

    case = next(loaded.scenario for loaded in bundled_library().scenarios
                if loaded.scenario.id == "private-fostering-household")
    expert = Path(__file__).resolve().parent.parent / "expert" / "private-fostering-household" / "good-practice.json"
    events = read_transcript(str(expert)).events
    decided = [e.decision for e in events if isinstance(e, Decide)]
    rang = next(i for i, e in enumerate(events) if isinstance(e, TakeAction) and e.action == "ring-academy")
    tyler = next(i for i, e in enumerate(events) if isinstance(e, Decide) and e.decision == "tyler-route")
    assert decided[:2] == ["tyler-route", "jade-route"] and tyler < rang  # the order this test is about
    front_door = score(replay(case, events)).criteria["front-door"]
    assert [m.value for m in front_door.measures if m.name == "checks"] == [1.0, 1.0]
    assert not [f for f in front_door.findings if "head of year" in f]

    without = [attrs.evolve(e, cites=tuple(c for c in e.cites if c != "jade-school")) if isinstance(e, Decide) else e
               for e in events if not (isinstance(e, TakeAction) and e.action == "ring-academy")
               and not (isinstance(e, Flag) and e.evidence == "jade-school")]
    missed = score(replay(case, without)).criteria["front-door"].findings
    assert ("Not checked before deciding 'Referral decision: Route for Jade': 'Ask Jade's head of year how Jade "
            "is'.") in missed
    assert not [f for f in missed if "Route for Tyler" in f and "head of year" in f]


def test_a_record_naming_a_different_decision_from_the_one_made_argues_against_it() -> None:
    """An educator's variant of the FGM good practice: the enquiry decision changed to a child-in-need plan, the
    record still reading "Decision: section 47 enquiry for both girls". Management oversight was outstanding.
    The record argues for more than the decision gives: it is not oversight of that decision, but it saw the
    risk, so risk recognition is not held down by it."""
    from simulator.application.transcripts import read_transcript
    from tests.bundled import bundled_library

    case = next(loaded.scenario for loaded in bundled_library().scenarios if loaded.scenario.id == "fgm-sister-flight")
    expert = Path(__file__).resolve().parent.parent / "expert" / "fgm-sister-flight" / "good-practice.json"
    events = read_transcript(str(expert)).events
    assert not [d for d in score(replay(case, events)).decisions if d.record and d.record.contradiction]
    changed = [attrs.evolve(e, option="en-cin") if isinstance(e, Decide) and e.option == "en-s47" else e
               for e in events]
    debrief = score(replay(case, changed))
    oversight = debrief.criteria["management-oversight"]
    assert oversight.grade is Grade.INADEQUATE
    assert "argues against your own decision: “Decision: section 47 enquiry for both girls" in oversight.reason
    recognition = debrief.criteria["risk-recognition"]
    assert "argues against" not in " ".join((recognition.reason, *recognition.findings))
