"""Author preview on the case screen: `--author` and the f2 / palette toggle,
the panel's key, verdicts, armed never-events and live grade as actions are
taken, and the jump to any stage."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette

from simulator.application.session import Session
from simulator.cli import main as cli
from simulator.domain.events import Decide, Flag, FlagKind, TakeAction
from simulator.domain.model import EvidenceKind
from simulator.scenarios.files import bundled_dir
from simulator.ui import app as app_module
from simulator.ui.author.panel import AuthorPanel
from simulator.ui.author.panel_text import KEY_STYLES
from simulator.ui.author.stage_picker import StagePicker
from simulator.ui.screens.case import CaseScreen
from tests.app.author_helpers import author_app, case_screen, panel, panel_text, session
from tests.app.helpers import pilot_test, ready, screen_text, type_text


def test_author_is_a_top_level_option_passed_to_the_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    parser = cli.build_parser()
    assert parser.parse_args(["--scenarios", "x", "--author"]).author is True
    assert parser.parse_args([]).author is False
    built: list[dict[str, object]] = []
    real = app_module.make_app

    def spy(*args: object, **kwargs: object) -> app_module.CaseReviewApp:
        built.append(kwargs)
        made = real(*args, **kwargs)  # type: ignore[arg-type]
        monkeypatch.setattr(made, "run", lambda: None)
        return made

    monkeypatch.setattr(app_module, "make_app", spy)
    assert cli.main(["--scenarios", str(tmp_path), "--author"]) == 0
    assert cli.main(["--scenarios", str(tmp_path)]) == 0
    assert [b["author"] for b in built] == [True, False]


@pilot_test
async def test_no_panel_and_no_jump_without_author_mode() -> None:
    app = author_app(author=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        assert not case_screen(app).query(AuthorPanel)
        text = screen_text(app)
        assert "AUTHOR PREVIEW" not in text and "Jump to stage" not in text
        await pilot.press("f3")
        assert isinstance(app.screen, CaseScreen)  # no stage picker


@pilot_test
async def test_f2_and_the_palette_toggle_the_panel() -> None:
    app = author_app(author=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("f2")  # on the library: remembered for the case screen
        assert app.author_mode
        await pilot.press("enter")
        assert case_screen(app).query(AuthorPanel)
        assert "AUTHOR PREVIEW" in screen_text(app)
        assert "f3" in screen_text(app) and "AUTHOR PREVIEW" in screen_text(app)  # the panel names its jump key

        await pilot.press("f2")
        await pilot.pause()
        assert not app.author_mode and not case_screen(app).query(AuthorPanel)
        assert "AUTHOR PREVIEW" not in screen_text(app)
        assert "Jump to stage" not in screen_text(app).splitlines()[-1]

        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "Author preview")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Author preview: on/off  (f2)" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.author_mode and case_screen(app).query(AuthorPanel)


@pilot_test
async def test_the_panel_shows_the_key_of_every_evidence_item() -> None:
    app = author_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        text = panel_text(app)
        # Revealed on reaching the stage, with its key.
        assert "✓ The mark on Leo's arm (mark-on-arm)" in text
        assert "RISK · physical-harm · severity 3 · essential for investigation" in text
        assert "revealed day 0.00 on reaching Contact · not flagged" in text
        # Not revealed: what would reveal it, and whether that is open now.
        assert "· Police record for the father (police-record)" in text
        assert "open now: revealed by Ask the police at Contact" in text
        assert "revealed by See Leo alone at Section 47 enquiry" in text
        assert "PROTECTIVE · general · severity 1" in text and "A consistent account of a protective act." in text
        assert "NEUTRAL · general · severity 1" in text
        assert "Evidence: 1 of 6 revealed" in text

        session(app).submit(TakeAction("ask-police"))
        session(app).submit(Flag("police-record", FlagKind.RISK))
        text = panel_text(app)
        assert "revealed day 0.25 by Ask the police · RISK" in text
        assert "Evidence: 2 of 6 revealed" in text


@pilot_test
async def test_the_panel_shows_a_legal_status_in_the_key() -> None:
    """Evidence of a legal status (private fostering) has a kind of its own, and the panel had no style for it:
    opening the bundled private fostering case in author mode ended in a KeyError (found by random keys:
    python -m tests.app.fuzz_keys --author)."""
    app = author_app(bundled_dir() / "private-fostering-household.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.return_code is None
        assert "LEGAL STATUS · legal-status · severity 1 · essential for front-door" in panel_text(app)


def test_every_kind_of_evidence_has_a_style_in_the_panel() -> None:
    assert set(KEY_STYLES) == set(EvidenceKind)


@pilot_test
async def test_the_panel_shows_verdicts_credit_and_where_options_lead() -> None:
    app = author_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        text = panel_text(app)
        assert "Options at Contact" in text
        assert "• No further action (close-nfa) close" in text
        assert "WRONG (0.00) · credit 0.00, under the best" in text
        assert "• Remove Leo today (protect) immediate-protection" in text
        assert "→ ends: Closed (closed)" in text and "Not without checks." in text
        assert "BEST (1.00) · credit 1.00, the key's best" in text
        assert "→ to Section 47 enquiry (enquiry)" in text
        assert "POOR (0.50) · credit 0.50, over the best" in text

        session(app).submit(Decide(stage="contact", option="strategy", rationale="x"))
        await pilot.pause()
        app.clear_notifications()
        text = panel_text(app)
        assert "Options at Section 47 enquiry" in text
        assert "8 votes (1.00) · credit 1.00, the key's best" in text
        assert "2 votes (0.25) · credit 0.25, over the best" in text
        assert "→ ends: Supported (supported) after 5 working days" in text


@pilot_test
async def test_armed_never_events_appear_and_disappear_as_actions_are_taken() -> None:
    app = author_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        text = panel_text(app)
        assert "Never-events armed now (2)" in text
        assert "ARMED closed-without-checks (front-door) if you choose No further action" in text
        assert "ARMED child-never-seen (child-voice) if you choose No further action" in text
        assert "ARMS closed-without-checks, child-never-seen" in text
        assert "ARMED closed-without-checks" in screen_text(app)  # at the top of the panel, on show

        await pilot.press("down", "enter")  # the second action in the list: ask the police
        assert "ask-police" in session(app).state.done_ids
        text = panel_text(app)
        assert "Never-events armed now (1)" in text
        assert "closed-without-checks" not in text
        assert "ARMED child-never-seen" in text

        session(app).submit(TakeAction("home-visit"))
        text = panel_text(app)
        assert "Never-events armed now (0)" in text
        assert "None: no option open now would trigger one." in text
        assert "ARMED" not in text and "ARMS" not in text


@pilot_test
async def test_the_clock_and_the_grade_if_the_case_ended_now() -> None:
    app = author_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        text = panel_text(app)
        assert "IN TIME   day 0.00 of the case" in text
        assert "No time used yet of 1 working day for the decision on a referral" in text
        assert "If the case ended now   INADEQUATE" in text
        assert "partner-information  0.00 inadequate" in text

        for action in ("ask-police", "home-visit", "check-records", "ask-school"):
            session(app).submit(TakeAction(action))
        text = panel_text(app)
        assert "OVERDUE   day 1.10 of the case" in text
        assert "(1.10 of 1); 48 min over the limit." in text
        assert "If the case ended now   REQUIRES IMPROVEMENT" in text
        assert "child-voice          0.50 requires impr." in text  # seen only with a carer
        assert "timeliness           0.90 good" in text


@pilot_test
async def test_jump_to_any_stage_starts_a_fresh_try_out() -> None:
    recorded: list[Session] = []
    app = author_app(on_session=recorded.append)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "enter")  # open the case, take an action
        first = session(app)
        assert first.state.done and recorded == [first]

        await pilot.press("f3")
        assert isinstance(app.screen, StagePicker)
        text = screen_text(app)
        assert "1. Contact  (you are here)" in text and "2. Section 47 enquiry" in text
        await pilot.press("escape")
        assert session(app) is first  # cancelled: nothing changed

        await pilot.press("f3", "down", "enter")
        await pilot.pause()
        jumped = session(app)
        assert jumped is not first and app.session is jumped
        assert jumped.author_jump and jumped.start_stage == "enquiry"
        state = jumped.state
        assert (state.stage, state.clock, state.done, state.decisions) == ("enquiry", 0.0, (), ())
        assert recorded == [first]  # a jump is not an attempt: the history hook never hears of it
        assert "AUTHOR JUMP  This session started at Section 47 enquiry: day 0" in panel_text(app)
        assert "not kept in the history" in panel_text(app)
        assert "See Leo alone" in screen_text(app)  # the enquiry's actions

        await pilot.press("f3")
        assert "2. Section 47 enquiry  (you are here)" in screen_text(app)
        await pilot.press("escape")


@pilot_test
async def test_the_panel_follows_the_session_and_stops_with_it() -> None:
    app = author_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        shown = panel(app)
        assert any(getattr(listener, "__self__", None) is shown for listener in session(app)._listeners)
        await pilot.press("f2")
        await pilot.pause()
        assert not shown.is_attached
        # Unsubscribed when taken away.
        assert all(getattr(listener, "__self__", None) is not shown for listener in session(app)._listeners)


@pilot_test
async def test_a_case_played_to_its_end_in_author_mode_reaches_the_debrief() -> None:
    from simulator.ui.screens.debrief import DebriefScreen

    app = author_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        played = session(app)
        shown = panel(app)
        await pilot.press("d", "enter", "ctrl+s", "ctrl+s")  # No further action: the case ends
        await pilot.pause()
        await pilot.press("enter")  # past what happened next
        await pilot.pause()
        assert played.state.finished
        assert any(isinstance(s, DebriefScreen) for s in app.screen_stack), app.screen_stack
        assert not shown.is_attached
        assert all(getattr(listener, "__self__", None) is not shown for listener in played._listeners)


@pilot_test
async def test_the_panel_says_whom_an_option_s_plan_sees() -> None:
    """An option's `sees_child` changes the child-voice grade, and nothing in the preview said it was read."""
    app = author_app(bundled_dir() / "school-disclosure-phone-only.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        session(app).submit(Decide(stage="referral", option="ref-strategy", rationale="Strategy discussion today."))
        await pilot.pause()
        text = " ".join(panel_text(app).split())
        assert "Section 47 enquiry; ABE interview tomorrow" in text
        assert "its plan sees Lily" in text and "(alone)" in text


def test_the_stage_picker_counts_the_options_of_a_stage_with_several_decisions() -> None:
    from simulator.ui.author.stage_picker import stage_prompt
    from tests.bundled import bundled_library

    fgm = next(loaded.scenario for loaded in bundled_library().scenarios if loaded.scenario.id == "fgm-sister-flight")
    strategy = fgm.stage_by_id["strategy"]
    assert "2 decisions, 7 options" in stage_prompt(2, strategy, False).plain
