"""Live reload in author preview: a trainer edits the scenario file while
playing it. A valid edit is carried into the session; a broken one is shown
in place (path:line:col) while play goes on with the version before; an edit
the session no longer fits says which event and why.

The panel polls the file every second; these tests call its check directly
(the timer's own callback), so nothing waits on the clock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from simulator.domain.events import Flag, FlagKind, TakeAction
from simulator.ui.author.panel import WATCH_SECONDS
from simulator.ui.author.reload import FileWatch, Invalid, Reloaded, Restored, Unfitting, Unreadable
from simulator.ui.notices import all_notices
from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.resume import ResumeScreen
from tests.app.author_helpers import author_app, case_screen, panel, panel_text, session
from tests.app.helpers import MINI, pilot_test, ready, screen_text


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    """A trainer's folder holding a copy of the fixture, to edit."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    path = folder / "mini.yaml"
    path.write_bytes(MINI.read_bytes())
    return path


def edit(path: Path, *changes: tuple[str, str]) -> None:
    """Save an edit in place, as an editor that rewrites the file does."""
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_the_watch_polls_every_second() -> None:
    assert WATCH_SECONDS == 1.0


@pilot_test
async def test_a_saved_edit_is_played_at_once_and_the_session_carries_on(scenario_file: Path) -> None:
    app = author_app(scenario_file.parent)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        played = session(app)
        played.submit(TakeAction("ask-police"))
        played.submit(Flag("police-record", FlagKind.RISK))
        assert "WRONG (0.00)" in panel_text(app)

        edit(scenario_file,
             ("label: Ask the police,", "label: Ring the duty sergeant,"),
             ("label: No further action, outcome: close, next: closed, key: {verdict: wrong",
              "label: Close with advice, outcome: close, next: closed, key: {verdict: acceptable"))
        panel(app).check_file()
        await pilot.pause()

        assert isinstance(panel(app).outcome, Reloaded)
        assert session(app) is played and isinstance(app.screen, CaseScreen)
        assert len(played.events) == 2 and played.state.done_ids == {"ask-police"}
        assert played.state.flags["police-record"] is FlagKind.RISK
        assert played.scenario.action_by_id["ask-police"].label == "Ring the duty sergeant"
        assert played.loaded.path == str(scenario_file)
        text = panel_text(app)
        assert "RELOADED" in text and "(2 events replayed)" in text
        assert "ACCEPTABLE (0.75)" in text and "WRONG" not in text  # the key as now written
        shown = screen_text(app)
        assert "✓ Ring the duty" in shown  # the case screen shows the new version too
        assert "Close with advice" in shown
        # Opening the case again from the library plays the new version.
        assert app.library is not None
        assert app.library.scenarios[0].scenario.action_by_id["ask-police"].label == "Ring the duty sergeant"


@pilot_test
async def test_a_broken_edit_is_shown_in_place_and_play_goes_on(scenario_file: Path) -> None:
    app = author_app(scenario_file.parent)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        played = session(app)
        before = played.loaded

        edit(scenario_file, ("    label: The mark on Leo's arm", "    lable: The mark on Leo's arm"))
        panel(app).check_file()
        await pilot.pause()

        outcome = panel(app).outcome
        assert isinstance(outcome, Invalid)
        assert played.loaded is before  # still the version it was
        text = panel_text(app)
        assert "has 1 error; still playing the version loaded before" in text
        assert (f"{scenario_file}:27:5: error: unknown key 'lable' in evidence 'mark-on-arm' "
                "(hint: did you mean 'label'?)") in text
        assert "ERRORS" in screen_text(app)  # near the top of the panel, where the author looks

        # Play goes on with the old version.
        played.submit(TakeAction("ask-police"))
        assert "revealed day 0.25 by Ask the police" in panel_text(app)

        # The fix reloads, with the same number of bytes as the typo (one stat would not tell them apart).
        edit(scenario_file, ("    lable: The mark on Leo's arm", "    label: The mark on Leo's hand"))
        panel(app).check_file()
        await pilot.pause()
        assert isinstance(panel(app).outcome, Reloaded)
        text = panel_text(app)
        assert "ERRORS" not in text and "RELOADED" in text and "(1 event replayed)" in text
        assert "The mark on Leo's hand" in text


@pilot_test
async def test_undoing_a_broken_edit_goes_back_to_watching(scenario_file: Path) -> None:
    app = author_app(scenario_file.parent)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        original = scenario_file.read_bytes()
        before = session(app).loaded
        edit(scenario_file, ("format: 1", "format: one"))
        panel(app).check_file()
        assert "error:" in panel_text(app)

        scenario_file.write_bytes(original)
        panel(app).check_file()
        assert isinstance(panel(app).outcome, Restored)
        assert session(app).loaded is before
        assert "error:" not in panel_text(app) and "Watching" in panel_text(app)


@pilot_test
async def test_an_edit_the_session_no_longer_fits_says_which_event_and_why(scenario_file: Path) -> None:
    app = author_app(scenario_file.parent)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        played = session(app)
        played.submit(TakeAction("check-records"))
        played.submit(TakeAction("ask-police"))
        before = played.loaded

        edit(scenario_file, ("{id: ask-police,", "{id: ring-police,"), ("unless_done: [ask-police]", "unless_done: [ring-police]"))
        panel(app).check_file()
        await pilot.pause()

        outcome = panel(app).outcome
        assert isinstance(outcome, Unfitting)
        assert (outcome.where, outcome.reason) == ("event 1 (take action 'ask-police')",
                                                   "there is no action 'ask-police' in this scenario")
        assert played.loaded is before and played.state.done_ids == {"check-records", "ask-police"}
        text = panel_text(app)
        assert "NOT RELOADED" in text
        assert "event 1 (take action 'ask-police'): there is no action 'ask-police' in this scenario" in text
        assert "Still playing the version loaded before" in text

        # A jump plays the new version the session could not be carried into.
        await pilot.press("f3", "enter")
        await pilot.pause()
        jumped = session(app)
        assert jumped.author_jump and jumped.loaded is outcome.loaded
        assert "ring-police" in jumped.scenario.action_by_id


@pilot_test
async def test_a_jump_whose_stage_is_renamed_away_is_not_reloaded(scenario_file: Path) -> None:
    app = author_app(scenario_file.parent)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "f3", "down", "enter")
        await pilot.pause()
        assert session(app).start_stage == "enquiry"

        edit(scenario_file, ("next: enquiry,", "next: inquiry,"), ("  - id: enquiry", "  - id: inquiry"),
             ("stages: [enquiry]", "stages: [inquiry]"))
        panel(app).check_file()
        outcome = panel(app).outcome
        assert isinstance(outcome, Unfitting)
        assert (outcome.where, outcome.reason) == ("the jump to stage 'enquiry'",
                                                   "there is no stage 'enquiry' in this scenario")
        assert "the jump to stage 'enquiry': there is no stage 'enquiry' in this scenario" in panel_text(app)


@pilot_test
async def test_a_file_that_goes_away_is_reported_once_and_play_goes_on(scenario_file: Path) -> None:
    app = author_app(scenario_file.parent)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        kept = scenario_file.read_bytes()
        scenario_file.unlink()
        first = panel(app).check_file()
        assert isinstance(first, Unreadable)
        assert "CANNOT READ" in panel_text(app) and "No such file or directory" in panel_text(app)
        await pilot.pause()
        assert any("Not reloaded: it cannot be read" in n.message for n in all_notices(app))
        app.clear_notifications()
        panel(app).check_file()
        await pilot.pause()
        assert not all_notices(app)  # said once, not every second
        session(app).submit(TakeAction("ask-police"))

        scenario_file.write_bytes(kept)
        panel(app).check_file()
        assert isinstance(panel(app).outcome, Restored) and "Watching" in panel_text(app)


@pilot_test
async def test_no_reload_while_a_dialog_is_open_over_the_case(scenario_file: Path) -> None:
    app = author_app(scenario_file.parent)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        watching = panel(app)
        await pilot.press("d")  # the decision dialog shows the options of the version loaded
        edit(scenario_file, ("label: Strategy discussion,", "label: Strategy meeting,"))
        assert watching.check_file() is None
        await pilot.press("escape")
        assert isinstance(case_screen(app), CaseScreen)
        watching.check_file()
        assert isinstance(watching.outcome, Reloaded)


# --- the watch itself, without the app ---------------------------------------------------------


def test_the_watch_reads_only_when_the_file_changed(scenario_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    digest = __import__("hashlib").sha256(scenario_file.read_bytes()).hexdigest()
    an_hour_ago = scenario_file.stat().st_mtime_ns - 3600 * 10**9
    os.utime(scenario_file, ns=(an_hour_ago, an_hour_ago))
    watch = FileWatch(str(scenario_file), digest)
    assert watch.poll() is None  # read once, to learn the file: the same bytes as loaded

    reads: list[Path] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or real(self))
    assert watch.poll() is None and watch.poll() is None
    assert reads == []  # an old, unchanged file is only stat-ed

    edit(scenario_file, ("Test fixture", "Test fixturE"))  # the same size, within the same second
    changed = watch.poll()
    assert changed is not None and b"Test fixturE" in changed
    assert watch.poll() is None  # seen now


@pilot_test
async def test_after_a_reload_the_session_is_still_saved_and_finished_once(scenario_file: Path,
                                                                            private_history: Path) -> None:
    """Issue 14, item 4: a reload used to stop the saving ("History problem ... from here on it is not saved")
    and leave a session of 0 steps offered at every start."""
    from simulator.store.records import SessionStatus
    from tests.app.history_helpers import notified, opened

    app = author_app(scenario_file.parent)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        played = session(app)
        edit(scenario_file, ("label: Ask the police,", "label: Ring the duty sergeant,"))
        panel(app).check_file()
        await pilot.pause()
        assert isinstance(panel(app).outcome, Reloaded)
        played.submit(TakeAction("ask-police"))
        await pilot.press("d", "down", "enter", "ctrl+s", "ctrl+s", "enter", "d", "enter", "ctrl+s", "ctrl+s", "enter")
        await pilot.pause()
        assert played.state.finished
        assert not notified(app, "not saved")
    with opened(private_history) as store:
        records = store.sessions()
        assert [r.status for r in records] == [SessionStatus.ABANDONED, SessionStatus.FINISHED]
        assert records[0].event_count == 0
        assert store.events(records[1].id) == list(played.events)
        assert records[1].scenario_digest == played.loaded.digest
    again = author_app(scenario_file.parent)
    async with again.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert not isinstance(again.screen, ResumeScreen)  # nothing left unfinished to offer


@pilot_test
async def test_an_edit_that_takes_another_case_s_id_is_not_loaded(scenario_file: Path) -> None:
    """Saving the case under the id of another case in the library: the library would not load it, and the
    session would be recorded as that other case. It is shown as an error at the id, and play goes on."""
    other = scenario_file.parent / "other.yaml"
    other.write_text(MINI.read_text(encoding="utf-8").replace("id: mini-test-case", "id: other-case")
                     .replace("title: ", "title: Other ", 1), encoding="utf-8")
    app = author_app(scenario_file.parent)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.library is not None and {e.id for e in app.library.entries} >= {"mini-test-case", "other-case"}
        app.open_case(app.library.load(app.library.entry("mini-test-case")))  # type: ignore[arg-type]
        await pilot.pause()
        played = session(app)
        played.submit(TakeAction("ask-police"))
        edit(scenario_file, ("id: mini-test-case", "id: other-case"))
        panel(app).check_file()
        await pilot.pause()
        outcome = panel(app).outcome
        assert isinstance(outcome, Invalid)
        [problem] = outcome.errors
        assert (problem.line, problem.col) == (2, 5)
        assert f"scenario id 'other-case' is already used by {other}" in problem.message
        assert session(app) is played and played.scenario.id == "mini-test-case"
        assert "ERRORS" in panel_text(app)
