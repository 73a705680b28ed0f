"""The app as `case-review serve` runs it for one signed-in person: the name is the sign-in's (never asked for,
never changed), the answer key is a trainer's only, and an export goes to the browser as a download, never to a
file on the server."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from simulator.application.centre import Identity
from simulator.ui.app import CaseReviewApp, make_app
from simulator.ui.screens.export import ExportScreen
from simulator.ui.screens.history import HistoryScreen
from simulator.ui.screens.name import NameScreen
from simulator.ui.screens.resume import ResumeScreen
from tests.app.helpers import MINI, pilot_test, ready, screen_text
from tests.app.history_helpers import notified, seed, settle, until

SIZE = (110, 40)


def served(identity: Identity, delivered: list[tuple[str, str]] | None = None) -> CaseReviewApp:
    app = make_app([str(MINI)], bundled=False, identity=identity, downloads=True)
    if delivered is not None:
        def deliver_text(path_or_file: Any, *, save_filename: str | None = None, **_: Any) -> str:
            assert isinstance(path_or_file, io.StringIO)
            delivered.append((save_filename or "", path_or_file.getvalue()))
            return "key"

        app.deliver_text = deliver_text  # type: ignore[method-assign]
    return app


@pytest.mark.new_trainee
@pilot_test
async def test_the_signed_in_name_is_the_trainees_and_is_never_asked_for() -> None:
    app = served(Identity("Ann Smith", "trainee"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert not isinstance(app.screen, NameScreen)
        assert app.trainee == "Ann Smith"
        text = screen_text(app)
        assert "Trainee: Ann Smith (signed in)" in text and "^n Name" not in text
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert not isinstance(app.screen, NameScreen)
        app.ask_name()  # however it is asked for
        await settle(pilot)
        assert not isinstance(app.screen, NameScreen)
        assert notified(app, "comes from your centre's sign-in")


@pytest.mark.new_trainee
@pilot_test
async def test_without_a_sign_in_the_name_is_asked_for_as_before() -> None:
    app = make_app([str(MINI)], bundled=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await until(pilot, lambda: isinstance(app.screen, NameScreen), "the name to be asked for")
        await pilot.press("escape")
        await settle(pilot)
        assert "^n Name" in screen_text(app)


@pilot_test
async def test_a_trainee_cannot_turn_the_answer_key_on_and_a_trainer_can() -> None:
    trainee = served(Identity("Ann", "trainee"))
    async with trainee.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert trainee.author_mode is False and notified(trainee, "only trainers")
    trainer = served(Identity("Tess", "trainer"))
    async with trainer.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert "Trainer: Tess (signed in)" in screen_text(trainer)
        await pilot.press("f2")
        await settle(pilot)
        assert trainer.author_mode is True


@pilot_test
async def test_an_export_is_a_download_and_writes_nothing_on_the_server(private_history: Path,
                                                                        tmp_path: Path) -> None:
    seed(private_history, trainee="Ann")
    delivered: list[tuple[str, str]] = []
    app = served(Identity("Ann", "trainee"), delivered)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        if isinstance(app.screen, ResumeScreen):
            await pilot.press("escape")
        assert app.history is not None
        app.history.export_dir = tmp_path / "exports"
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.loaded, "the history")
        assert "x: download the highlighted session" in screen_text(app)
        await pilot.press("down", "down", "x")
        assert isinstance(app.screen, ExportScreen)
        text = screen_text(app)
        assert "Downloads to your browser as" in text and "session-5-mini-test-case.html" in text
        assert not app.screen.query("#export-path")  # no server path to type
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert [name for name, _ in delivered] == ["session-5-mini-test-case.html"]
        assert delivered[0][1].lstrip().lower().startswith("<!doctype html")
        assert notified(app, "downloading as session-5-mini-test-case.html")
    assert not (tmp_path / "exports").exists()
