"""The trainee's whole journey with the keyboard alone: pick a case, act,
flag, note, decide, read the debrief, retry. Asserts on the engine's state
(through the session) and on what the screen shows."""

from __future__ import annotations

from textual.widgets import TextArea

from simulator.application.session import Session, Submitted
from simulator.domain.catalogue import Grade
from simulator.domain.events import Decide, Event, Flag, FlagKind, Note, TakeAction, Unflag
from simulator.ui.notices import all_notices
from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.debrief import DebriefScreen
from simulator.ui.screens.decision import DecisionScreen
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.outcome import OutcomeScreen
from simulator.ui.words import GRADE_WORDS
from tests.app.helpers import build_app, laid_out, pilot_test, ready, screen_text, type_text
from tests.app.history_helpers import until


def _session(app: object) -> Session:
    session = app.session  # type: ignore[attr-defined]
    assert isinstance(session, Session)
    return session


@pilot_test
async def test_whole_journey_by_keyboard() -> None:
    heard: list[Event] = []

    def store_hook(session: Session) -> None:
        def listen(_: Session, submitted: Submitted) -> None:
            heard.append(submitted.event)

        session.subscribe(listen)

    app = build_app(on_session=store_hook)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Test case — a school's concern about Leo" in screen_text(app)

        # Pick the case.
        await pilot.press("enter")
        assert isinstance(app.screen, CaseScreen)
        session = _session(app)
        assert session.state.stage == "contact"
        text = screen_text(app)
        assert "IN TIME" in text and "No time used yet of 1 working day" in text
        assert "Check our records" in text and "48 min" in text

        # Act: the first two actions, by Enter on the action list.
        await pilot.press("enter")
        assert session.state.done_ids == {"check-records"}
        assert session.state.clock == 0.1
        await pilot.press("enter")
        assert session.state.done_ids == {"check-records", "ask-police"}
        assert round(session.state.clock, 2) == 0.35
        text = screen_text(app)
        assert "2 h 48 min used of 1 working day" in text
        assert "Evidence (3, 3 new)" in text
        assert "✓ Check our records" in text

        # Flag: newest evidence first; looking at an item clears NEW.
        await pilot.press("e")
        assert "Evidence (3, 2 new)" in screen_text(app)
        await pilot.press("r")
        assert dict(session.state.flags) == {"police-record": FlagKind.RISK}
        await pilot.press("down", "r", "down", "p")
        assert dict(session.state.flags) == {
            "police-record": FlagKind.RISK, "earlier-call": FlagKind.RISK, "mark-on-arm": FlagKind.PROTECTIVE,
        }
        await pilot.press("r")  # change its mind: the mark is a risk
        await pilot.press("up", "u")  # and unflag the 2012 call
        assert dict(session.state.flags) == {"police-record": FlagKind.RISK, "mark-on-arm": FlagKind.RISK}
        await pilot.press("u")  # nothing to unflag: refused politely, nothing recorded
        assert "earlier-call" not in session.state.flags
        text = screen_text(app)
        assert "RISK" in text and "Evidence (3)" in text

        # A note.
        await pilot.press("n")
        await type_text(pilot, "Ring police")
        await pilot.press("ctrl+s")
        assert session.state.notes == ("Ring police",)
        assert "• Ring police" in screen_text(app)
        assert not isinstance(app.focused, TextArea)  # kept: out of the box, the case's keys work again

        # Decide: option 2, a rationale, the flagged items ticked, confidence.
        await pilot.press("d")
        assert isinstance(app.screen, DecisionScreen)
        text = screen_text(app)
        assert "Decision: Contact" in text and "( ) Strategy discussion" in text
        await pilot.press("down", "enter")
        assert "(•) Strategy discussion" in screen_text(app)
        await pilot.press("tab", *"Finger marks and a caution")
        await pilot.press("tab", "tab", "down", "enter")  # cites as ticked; confidence: medium
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, OutcomeScreen)
        decision = session.state.decisions[0]
        assert (decision.stage, decision.option) == ("contact", "strategy")
        assert decision.rationale == "Finger marks and a caution"
        assert set(decision.cites) == {"police-record", "mark-on-arm"}
        assert decision.confidence == 2
        assert session.state.stage == "enquiry"
        assert "Next: Section 47 enquiry" in screen_text(app)

        # What happened next, then on with the case.
        await pilot.press("enter")
        assert isinstance(app.screen, CaseScreen)
        text = screen_text(app)
        assert "Stage: Section 47 enquiry" in text
        assert "At Contact you chose Strategy discussion" in text

        await pilot.press("a", "down", "enter")
        assert "see-leo-alone" in session.state.done_ids

        await pilot.press("d", "down", "enter", "ctrl+s", "ctrl+s")
        assert session.state.finished and session.state.ending == "supported"
        text = screen_text(app)
        assert "The case ends: Supported" in text and "5 working days pass" in text

        # The debrief.
        await pilot.press("enter")
        assert isinstance(app.screen, DebriefScreen)
        debrief = session.debrief()
        text = screen_text(app)
        assert f"Overall:  {GRADE_WORDS[debrief.overall]}" in text
        assert "Why this grade" in text and "Criteria" in text
        assert "Test Trainee" in text

        # Every event went through the one session, and its listeners heard them all.
        expected: list[Event] = [
            TakeAction("check-records"), TakeAction("ask-police"),
            Flag("police-record", FlagKind.RISK), Flag("earlier-call", FlagKind.RISK),
            Flag("mark-on-arm", FlagKind.PROTECTIVE), Flag("mark-on-arm", FlagKind.RISK), Unflag("earlier-call"),
            Note("Ring police"),
        ]
        assert list(session.events[:8]) == expected
        assert isinstance(session.events[8], Decide) and session.events[9] == TakeAction("see-leo-alone")
        assert isinstance(session.events[10], Decide) and session.events[10].option == "cin-plan"
        assert heard == list(session.events)

        # Retry from the start.
        await pilot.press("r")
        assert isinstance(app.screen, CaseScreen)
        again = _session(app)
        assert again is not session and again.events == () and again.state.stage == "contact"
        assert heard == list(session.events)


@pilot_test
async def test_debrief_spells_out_the_limiting_rule() -> None:
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        # Close at once with no checks: a never-event and a limiting criterion.
        await pilot.press("d", "enter", "ctrl+s", "ctrl+s", "enter")
        assert isinstance(app.screen, DebriefScreen)
        debrief = _session(app).debrief()
        assert debrief.overall is Grade.INADEQUATE and debrief.limiting_applied
        text = screen_text(app)
        assert "Overall:  INADEQUATE " in text and "(1 of 4 on Ofsted's scale: Inadequate)" in text
        assert "LIMITING RULE APPLIED" in text
        assert "CRITICAL" in text and "Closed a physical-harm allegation without any checks" in text
        await pilot.press("end")
        text = screen_text(app)
        assert "The inspection failure point this case was built around" in text
        assert "The handling of contacts and referrals was weak" in text
        assert "What an experienced reviewer would have done" in text
        assert "Strategy discussion" in text


@pilot_test
async def test_debrief_tables_show_hits_misses_and_timeline() -> None:
    app = build_app()
    async with app.run_test(size=(100, 60)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "enter")  # check our records
        await pilot.press("e", "r", "down", "p")  # the 2012 call: risk (hit); the mark: protective (miss)
        await pilot.press("d", "down", "enter", "ctrl+s", "ctrl+s", "enter")
        await pilot.press("d", "enter", "ctrl+s", "ctrl+s", "enter")
        assert isinstance(app.screen, DebriefScreen)
        # Its tables measure their rows when their messages run out: under CI's load the page was once read
        # before, blank.
        await until(pilot, lambda: laid_out(app.screen), "the debrief's tables laid out")
        await pilot.press("pagedown")
        await until(pilot, lambda: laid_out(app.screen), "the debrief's tables laid out")
        text = screen_text(app)
        assert "HIT" in text and "MISSED" in text
        assert "never found" in text
        assert "Decided: Strategy discussion" in text
        assert "IN TIME" in text


@pilot_test
async def test_leaving_a_case_asks_first() -> None:
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "escape")
        assert "Leave this case?" in screen_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("escape", "y")
        assert isinstance(app.screen, HomeScreen)
        assert app.session is None


@pilot_test
async def test_decision_needs_an_option_and_can_be_cancelled() -> None:
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "d", "ctrl+s")
        assert isinstance(app.screen, DecisionScreen)
        assert _session(app).state.decisions == ()
        assert any("Choose what you decide first" in n.message for n in all_notices(app))
        await pilot.press("escape")
        assert isinstance(app.screen, CaseScreen)
        assert _session(app).events == ()


@pilot_test
async def test_a_refused_event_is_explained_and_not_recorded() -> None:
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert screen.submit(TakeAction("no-such-action")) is None
        await pilot.pause()
        assert _session(app).events == ()
        assert any("there is no action 'no-such-action'" in n.message for n in all_notices(app))


@pilot_test
async def test_a_case_audit_marks_deficits_not_risks() -> None:
    from tests.app.helpers import TESTS

    app = build_app(TESTS / "data" / "audit" / "audit.yaml")
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "e", "r")
        session = _session(app)
        assert dict(session.state.flags) == {"school-ok": FlagKind.RISK}
        text = screen_text(app)
        assert "DEFICIT" in text and "r deficit · p strength · u unmark" in text
        assert "r p u Mark" in text.splitlines()[-1]  # one footer entry; the words are beside the entry above
