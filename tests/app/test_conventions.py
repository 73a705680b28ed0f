"""The conventions every screen keeps: keys in the footer and the command
palette, help on F1 and ?, light and dark themes, no Cmd/Option bindings."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode

import simulator.ui
from simulator.domain.events import TakeAction
from simulator.ui.app import DARK_THEME, LIGHT_THEME
from simulator.ui.commands import ScreenCommands
from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.decision import DecisionScreen
from simulator.ui.screens.help import HelpScreen
from simulator.ui.screens.home import HomeScreen
from tests.app.helpers import build_app, keys_in_flight, pilot_test, ready, screen_text, type_text


def _our_bindings() -> list[tuple[str, Binding]]:
    found = []
    for module_info in pkgutil.walk_packages(simulator.ui.__path__, "simulator.ui."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == module.__name__:
                for binding in cls.__dict__.get("BINDINGS", []):
                    assert isinstance(binding, Binding), f"{cls.__name__}: use Binding(...) so keys carry a description"
                    found.append((cls.__name__, binding))
    return found


def test_no_bindings_on_cmd_option_or_ctrl_space() -> None:
    bindings = _our_bindings()
    assert len(bindings) > 20
    for owner, binding in bindings:
        for key in binding.key.split(","):
            assert not any(part in key for part in ("super", "cmd", "meta", "alt", "option", "hyper")), (owner, key)
            assert key != "ctrl+space", owner


def test_every_binding_says_what_it_does() -> None:
    for owner, binding in _our_bindings():
        assert binding.description or not binding.show, (owner, binding.key)


@pilot_test
async def test_help_opens_on_f1_and_question_mark() -> None:
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "f1")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Record your decision for this stage" in text and "How a case works" in text
        await pilot.press("escape")
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, CaseScreen)


@pilot_test
async def test_footer_shows_the_keys_that_matter_here() -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Open case" in footer and "Search" in footer and "Help" in footer
        await pilot.press("enter", "e")
        footer = screen_text(app).splitlines()[-1]
        for word in ("r p u Flag", "s e c n a Go to", "Decide", "Leave", "Help", "palette"):
            assert word in footer, (word, footer)
        await pilot.press("d")
        footer = screen_text(app).splitlines()[-1]
        assert "Confirm" in footer and "Cancel" in footer


async def _palette_run(pilot: object, query: str) -> str:
    app = pilot.app  # type: ignore[attr-defined]
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    assert isinstance(app.screen, CommandPalette)
    await type_text(pilot, query)  # type: ignore[arg-type]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    shown: str = screen_text(app)
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    return shown


@pilot_test
async def test_every_action_is_in_the_command_palette() -> None:
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        shown = await _palette_run(pilot, "Open case: Test")
        assert "Open case: Test case" in shown
        assert isinstance(app.screen, CaseScreen)
        session = app.screen.session

        shown = await _palette_run(pilot, "Take action: Ask the police")
        assert "costs 2 h" in shown
        assert "ask-police" in session.state.done_ids

        await _palette_run(pilot, "Flag as risk: Police record")
        assert "police-record" in session.state.flags

        await _palette_run(pilot, "Unflag: Police record")
        assert "police-record" not in session.state.flags

        shown = await _palette_run(pilot, "Decide (d)")
        assert "Record your decision for this stage" in shown
        assert isinstance(app.screen, DecisionScreen)


@pilot_test
async def test_enter_twice_in_the_palette_runs_the_command_once() -> None:
    """Textual's palette, given a second Enter before it had gone, dismissed itself again and ran the command
    again: on the library that could end in a traceback (ScreenStackError; found by random keys in tmux), and
    in a case the action chosen was not taken at all."""
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "open")  # "Open case  (enter)" first
        keys_in_flight(app, "enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [HomeScreen, CaseScreen]
        session = app.screen.session

        await pilot.press("ctrl+p")
        await type_text(pilot, "Take action: Ask the police")
        await app.workers.wait_for_complete()
        await pilot.pause()
        keys_in_flight(app, "enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [HomeScreen, CaseScreen]
        assert [e for e in session.events if getattr(e, "action", None) == "ask-police"] == [TakeAction("ask-police")]


@pilot_test
async def test_palette_lists_screen_keys_by_name() -> None:
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        titles = [title for title, _, _ in ScreenCommands(app.screen)._commands()]
        for title in ("Take action  (enter)", "Decide  (d)", "Evidence  (e)", "Notes  (n)", "Leave  (escape)",
                      "Help  (f1)", "Light/dark  (ctrl+t)"):
            assert title in titles, title
        assert not any(t.startswith("Up ") for t in titles)  # Textual's own cursor keys are not commands
        await pilot.press("ctrl+p")
        await type_text(pilot, "light")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Light/dark  (ctrl+t)" in screen_text(app)


@pilot_test
async def test_theme_toggles_and_is_remembered(private_settings: Path) -> None:
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert app.theme == DARK_THEME
        await pilot.press("ctrl+t")
        assert app.theme == LIGHT_THEME
    assert json.loads(private_settings.read_text())["theme"] == LIGHT_THEME
    again = build_app()
    async with again.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert again.theme == LIGHT_THEME
        await pilot.press("ctrl+t")
        assert again.theme == DARK_THEME


@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
@pilot_test
async def test_nothing_is_cut_off_at_small_sizes(size: tuple[int, int]) -> None:
    app = build_app()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        text = screen_text(app)
        assert "IN TIME" in text and "Actions" in text and "Decide" in text
        await pilot.press("d")
        text = screen_text(app)
        assert "Decision: Contact" in text and "Confirm" in text
