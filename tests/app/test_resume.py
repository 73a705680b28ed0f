"""Resuming: a case left unfinished (the app torn down mid-case) is offered
on the next start and replayed through the engine; later keeps it, abandon
drops it; a changed or missing case file is said so, with the choice of the
version played or starting again."""

from __future__ import annotations

import shutil
from pathlib import Path

from simulator.application.history import MAX_OFFERS
from simulator.application.session import Session
from simulator.domain.catalogue import Grade
from simulator.domain.engine import replay
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.serialise import debrief_to_json
from simulator.domain.strategies import reference_play
from simulator.scenarios.loader import Loaded, load_file
from simulator.store.records import SessionStatus
from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.confirm import ConfirmScreen
from simulator.ui.screens.debrief import DebriefScreen
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.resume import ResumeScreen, ScenarioChangedScreen, unfinished_words
from simulator.ui.screens.self_assessment import SelfAssessmentScreen
from tests.app.fixtures import TRAINEE
from tests.app.helpers import HOSTILE, MINI, build_app, pilot_test, ready, screen_text
from tests.app.history_helpers import mini, only_session, opened, settle

SIZE = (100, 32)
FINISH = ("d", "down", "enter", "ctrl+s", "ctrl+s", "enter", "d", "enter", "ctrl+s", "ctrl+s", "enter")


def _session(app: object) -> Session:
    session = app.session  # type: ignore[attr-defined]
    assert isinstance(session, Session)
    return session


async def _play_and_tear_down(*keys: str, files: tuple[Path, ...] = (MINI,)) -> list[object]:
    """Play some of a case, then close the app without leaving it, as a crash or a closed terminal would."""
    app = build_app(*files)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter", *keys)
        events = list(_session(app).events)
    return events  # type: ignore[return-value]


@pilot_test
async def test_an_unfinished_case_is_offered_and_resumed_by_replaying_it(private_history: Path) -> None:
    before = await _play_and_tear_down("enter", "enter", "e", "r")
    assert len(before) == 3
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, ResumeScreen)  # offered on start, over the library
        text = screen_text(app)
        assert "Unfinished cases" in text and "Test case — a school's concern about Leo" in text
        assert "3 steps" in text and "at: Contact" in text
        await pilot.press("enter")
        assert isinstance(app.screen, CaseScreen)
        session = _session(app)
        assert list(session.events) == before
        assert session.state == replay(mini().scenario, before)
        assert "2 h 48 min used" in screen_text(app)  # the clock is where it was
        await pilot.press(*FINISH)
        assert isinstance(app.screen, DebriefScreen)
        debrief = session.debrief()
    record = only_session(private_history)
    with opened(private_history) as store:
        events = store.events(record.id)
        assert events[:3] == before and events == list(session.events)
        assert record.status is SessionStatus.FINISHED
        assert store.cached_debrief(record.id) == debrief_to_json(score(replay(mini().scenario, events)))
        assert debrief_to_json(debrief) == store.cached_debrief(record.id)


@pilot_test
async def test_later_keeps_it_and_abandon_drops_it(private_history: Path) -> None:
    await _play_and_tear_down("enter")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert only_session(private_history).status is SessionStatus.ACTIVE
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("a")
        assert isinstance(app.screen, ConfirmScreen) and "Abandon this case?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert only_session(private_history).status is SessionStatus.ABANDONED
    again = build_app()
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(again.screen, HomeScreen)  # nothing left to offer


def _offered(app: object) -> str:
    """The first offer's text, unwrapped."""
    from textual.widgets import OptionList

    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ResumeScreen)
    prompt = screen.query_one("#offers", OptionList).get_option_at_index(0).prompt
    return " ".join(str(getattr(prompt, "plain", prompt)).split())


def _copy_mini(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(MINI, folder / "mini.yaml"))


def _edit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "narrative: The school has rung." in text
    path.write_text(text.replace("narrative: The school has rung.", "narrative: The school rang at nine."),
                    encoding="utf-8")


@pilot_test
async def test_a_changed_case_file_is_said_and_the_version_played_can_be_resumed(
        tmp_path: Path, private_history: Path) -> None:
    copy = _copy_mini(tmp_path / "scenarios")
    before = await _play_and_tear_down("enter", files=(copy,))
    digest = only_session(private_history).scenario_digest
    _edit(copy)
    app = build_app(copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, ResumeScreen)
        assert "has been changed since this session started" in _offered(app)
        assert "has been changed" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, ScenarioChangedScreen)
        text = screen_text(app)
        assert "This case has changed" in text and "Resume as started (r)" in text and "Start again (s)" in text
        await pilot.press("r")
        assert isinstance(app.screen, CaseScreen)
        session = _session(app)
        assert session.loaded.digest == digest and list(session.events) == before
        assert "The school has rung." in screen_text(app)  # the version played, not the edited one
        await pilot.press(*FINISH)
        assert isinstance(app.screen, DebriefScreen)
    record = only_session(private_history)
    assert record.status is SessionStatus.FINISHED and record.scenario_digest == digest


@pilot_test
async def test_a_changed_case_file_can_be_started_again(tmp_path: Path, private_history: Path) -> None:
    copy = _copy_mini(tmp_path / "scenarios")
    await _play_and_tear_down("enter", files=(copy,))
    _edit(copy)
    app = build_app(copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter", "s")
        assert isinstance(app.screen, CaseScreen)
        assert _session(app).events == () and "The school rang at nine." in screen_text(app)
        await pilot.press("enter")
    with opened(private_history) as store:
        old, new = store.sessions()
    edited = load_file(copy)
    assert isinstance(edited, Loaded)
    assert old.status is SessionStatus.ABANDONED
    assert new.status is SessionStatus.ACTIVE and new.scenario_digest == edited.digest and new.event_count == 1


@pilot_test
async def test_a_case_gone_from_the_library_resumes_as_it_was_played(private_history: Path) -> None:
    before = await _play_and_tear_down("enter")
    app = build_app(HOSTILE)  # the mini case is not in this library
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert "is no longer in the library" in _offered(app)
        await pilot.press("enter")
        assert isinstance(app.screen, ScenarioChangedScreen)
        assert "Start again" not in screen_text(app)  # there is no current version to start
        await pilot.press("s")  # refused: not offered
        assert isinstance(app.screen, ScenarioChangedScreen)
        await pilot.press("r")
        assert isinstance(app.screen, CaseScreen) and list(_session(app).events) == before


@pilot_test
async def test_a_case_whose_file_broke_names_the_file_and_keeps_the_session(tmp_path: Path,
                                                                            private_history: Path) -> None:
    copy = _copy_mini(tmp_path / "scenarios")
    before = await _play_and_tear_down("enter", files=(copy,))
    copy.write_text(copy.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    app = build_app(copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        offered = _offered(app)
        assert "no longer in the library" not in offered
        assert f"The file of 'Test case — a school's concern about Leo' (mini-test-case), {copy}, could not be " \
               f"loaded" in offered and f"`case-review validate {copy}` says why" in offered
        assert "This session is kept" in offered
        await pilot.press("escape")  # later: nothing is lost or abandoned by the broken file
        assert isinstance(app.screen, HomeScreen)
        assert "1 file could not be loaded" in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, ScenarioChangedScreen)
        assert "This case's file could not be loaded" in screen_text(app)
        await pilot.press("r")
        assert isinstance(app.screen, CaseScreen) and list(_session(app).events) == before
    assert only_session(private_history).status is SessionStatus.ACTIVE


@pilot_test
async def test_a_case_played_to_its_end_but_not_debriefed_goes_to_the_debrief(private_history: Path) -> None:
    loaded = mini()
    events = reference_play(loaded.scenario)
    with opened(private_history) as store:
        sid = store.start_session(store.ensure_profile(TRAINEE), loaded)
        for event in events:
            store.append_event(sid, event)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert "at: the end of the case (not yet debriefed)" in _offered(app)
        await pilot.press("enter")
        assert isinstance(app.screen, DebriefScreen)
    with opened(private_history) as store:
        assert store.session(sid).status is SessionStatus.FINISHED
        assert store.cached_debrief(sid) == debrief_to_json(score(replay(loaded.scenario, events)))


@pilot_test
async def test_what_was_looked_at_is_not_new_again_after_a_resume(private_history: Path) -> None:
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter", "enter", "enter", "e")  # two actions, then the evidence: its top item is seen
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        revealed = [r.evidence for r in _session(app).state.revealed]
        seen = set(screen.seen)
        assert len(revealed) == 3 and len(seen) == 1
    assert only_session(private_history).seen_evidence == seen

    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert screen.seen == seen
        assert "Evidence (3, 2 new)" in screen_text(app)
        await pilot.press("e", "down")  # looking at the next one is kept too
        assert "Evidence (3, 1 new)" in screen_text(app)
    assert len(only_session(private_history).seen_evidence) == 2


@pilot_test
async def test_a_self_assessment_cut_short_is_asked_for_again(private_history: Path) -> None:
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("s", "enter", *FINISH)
        assert isinstance(app.screen, SelfAssessmentScreen)
        await pilot.press("4", "down", "1")  # two rated, then the app stops
    record = only_session(private_history)
    assert record.status is SessionStatus.ACTIVE and not record.self_assessment

    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert "at: the end of the case (not yet debriefed)" in _offered(app)
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, SelfAssessmentScreen)
        for _ in screen.criteria:
            await pilot.press("3", "down")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, DebriefScreen)
        assert set(app.screen.self_assessment.values()) == {Grade.GOOD}
    record = only_session(private_history)
    assert record.status is SessionStatus.FINISHED
    assert dict(record.self_assessment) == dict.fromkeys(screen.criteria, Grade.GOOD)


@pilot_test
async def test_more_unfinished_cases_than_are_offered_are_counted_whole(private_history: Path) -> None:
    """The dialog offers the MAX_OFFERS most recent; it said "You have 20 cases" to a trainee with 25."""
    loaded = mini()
    with opened(private_history) as store:
        profile = store.ensure_profile(TRAINEE)
        for _ in range(MAX_OFFERS + 5):
            store.append_event(store.start_session(profile, loaded), reference_play(loaded.scenario)[0])
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, ResumeScreen)
        text = " ".join(screen_text(app).replace("█", " ").split())
        assert f"You have {MAX_OFFERS + 5} cases you did not finish" in text
        assert f"Here are the {MAX_OFFERS} you worked on last" in text
        assert len(app.screen.offers) == MAX_OFFERS


def test_what_the_dialog_says_of_the_cases_it_offers() -> None:
    assert unfinished_words(1, 1).startswith("You have 1 case you did not finish. Everything you did was kept:")
    assert unfinished_words(3, 0).startswith("You have 3 cases you did not finish.")  # a count not read
    assert "Here are" not in unfinished_words(20, 20)
    assert unfinished_words(20, 2650).startswith("You have 2650 cases you did not finish. Everything you did was "
                                                 "kept. Here are the 20 you worked on last")
