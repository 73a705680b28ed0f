"""Quitting the moment something opens leaves no traceback. Ctrl+Q sent in tmux 0.12–0.18 s after launch ended,
more often than not, in a traceback and exit status 1, from three places: the search row, mounted the frame
after the first (ui/widgets/deferred.py); a screen's ``on_mount``, which Textual runs even when the screen is
taken down before its widgets are mounted (ui/screens/base.quitting); and the header's title, updated as it
is taken down (ui/widgets/header.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from textual.app import ComposeResult
from textual.widgets import Header
from textual.widgets._header import HeaderTitle

from simulator.ui.screens.base import AppScreen
from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.home import HomeScreen
from tests.app.helpers import build_app, pilot_test, ready


def quit_as_composed(monkeypatch: pytest.MonkeyPatch, screen: type[AppScreen]) -> list[str]:
    """Make ``screen`` quit the app as it is composed: its widgets never mounted. Returns the screens so built."""
    built: list[str] = []
    compose: Callable[[AppScreen], ComposeResult] = screen.compose_body

    def quitting_body(self: AppScreen) -> Iterator[object]:
        built.append(type(self).__name__)
        self.app.exit()
        yield from compose(self)

    monkeypatch.setattr(screen, "compose_body", quitting_body)
    return built


@pilot_test
async def test_quitting_with_the_first_frame_leaves_no_traceback() -> None:
    app = build_app()
    app._first_frame_painted = app.exit  # type: ignore[method-assign]  # as Ctrl+Q read with the first frame
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    assert app.return_code == 0


@pilot_test
async def test_quitting_as_the_library_is_built_leaves_no_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    built = quit_as_composed(monkeypatch, HomeScreen)
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    assert built == ["HomeScreen"]
    assert app.return_code == 0


@pilot_test
async def test_quitting_as_a_case_is_built_leaves_no_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        built = quit_as_composed(monkeypatch, CaseScreen)
        await pilot.press("enter")
        await pilot.pause()
    assert built == ["CaseScreen"]
    assert app.return_code == 0


@pilot_test
async def test_quitting_as_a_case_opens_leaves_no_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = CaseScreen.on_mount
    opened: list[str] = []

    def quit_at_once(screen: CaseScreen) -> None:
        shown(screen)
        opened.append(screen.session.scenario.id)
        screen.app.exit()  # before the case file and the notes are mounted, the frame after

    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        monkeypatch.setattr(CaseScreen, "on_mount", quit_at_once)
        await pilot.press("enter")
        await pilot.pause()
    assert opened == ["mini-test-case"]
    assert app.return_code == 0


@pilot_test
async def test_a_title_changed_as_the_header_is_taken_down_leaves_no_traceback() -> None:
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        header = app.screen.query_one(Header)
        assert "Case Review Simulator" in str(header.query_one(HeaderTitle).render())
        # As the app quits at launch: the header's title is gone, then the trainee's name, read in a thread,
        # arrives.
        await header.query_one(HeaderTitle).remove()
        app.sub_title = "Sam"
        await pilot.pause()
        app.exit()
    assert app.return_code == 0
