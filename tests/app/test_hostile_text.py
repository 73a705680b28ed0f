"""Nothing in a scenario file can make the app misbehave: markup actions,
links and escape sequences in titles, evidence and option labels are shown
as the characters they are, and clicking on them does nothing."""

from __future__ import annotations

import attrs
from textual.app import App, ComposeResult
from textual.widgets import Static

from simulator.application.library import Library
from simulator.scenarios.loader import Loaded, load_file
from simulator.ui.app import CaseReviewApp
from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.debrief import DebriefScreen
from simulator.ui.screens.decision import DecisionScreen
from tests.app.helpers import HOSTILE, LINK_MARKUP, QUIT_MARKUP, build_app, pilot_test, ready, screen_text
from tests.app.history_helpers import until


def _still_running(app: CaseReviewApp) -> None:
    assert app.is_running and app.return_code is None


def _shows_brackets(app: CaseReviewApp) -> str:
    text = screen_text(app)
    assert QUIT_MARKUP in text
    assert "\x1b" not in text
    return text


@pilot_test
async def test_control_app_is_killed_by_a_click_on_parsed_markup() -> None:
    """The hostile test below can fail: the same text as markup is a live quit button."""

    class Naive(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(QUIT_MARKUP)

    app = Naive()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.click(Static, offset=(0, 0))
        await pilot.pause()
        assert app.return_code is not None


@pilot_test
async def test_markup_in_a_scenario_is_text_and_clicks_do_nothing() -> None:
    app = build_app(HOSTILE)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        text = _shows_brackets(app)
        assert f"{QUIT_MARKUP} {LINK_MARKUP}" in text  # the summary, in full
        assert "me](https://example.org)" in text and "<a href=" in text
        assert "[bold]Mallory[/bold]" in text

        # The summary, then the title cell, whose click opens the case as any title's would.
        await pilot.click("#summary", offset=(2, 0))
        await pilot.click("#summary", offset=(14, 2))
        _still_running(app)
        await pilot.click("#cases", offset=(3, 1))
        _still_running(app)
        assert isinstance(app.screen, CaseScreen)
        # Opened: drawn once the frame after is laid out (a loaded machine may not have got there yet).
        await until(pilot, lambda: QUIT_MARKUP in screen_text(app), "the case screen to be drawn")
        text = _shows_brackets(app)
        assert f"Stage: {QUIT_MARKUP} stage" in text
        assert f"{QUIT_MARKUP} action" in text
        await pilot.click("#stage-text", offset=(8, 0))
        await pilot.click("#actions", offset=(2, 0))  # takes the action, whose label is the markup
        _still_running(app)
        assert app.screen.session.state.done_ids == {"quit-action"}  # type: ignore[attr-defined]

        await pilot.press("e")
        text = _shows_brackets(app)
        assert f"{LINK_MARKUP} evidence" in text
        assert f"{QUIT_MARKUP} evidence" in text
        await pilot.click("#evidence-list", offset=(16, 0))
        await pilot.click("#evidence-list", offset=(16, 1))
        await pilot.click("#evidence-detail", offset=(0, 0))
        _still_running(app)

        await pilot.press("c")
        text = _shows_brackets(app)
        assert f"From: {QUIT_MARKUP}" in text
        await pilot.click("#case-file", offset=(7, 1))
        _still_running(app)

        await pilot.press("d")
        assert isinstance(app.screen, DecisionScreen)
        text = _shows_brackets(app)
        assert f"( ) {QUIT_MARKUP} option" in text
        assert f"( ) {LINK_MARKUP} option" in text
        await pilot.click("#options", offset=(7, 1))
        await pilot.click("#options", offset=(7, 2))
        await pilot.click("#cites", offset=(8, 1))
        _still_running(app)
        assert f"(•) {LINK_MARKUP} option" in screen_text(app)

        await pilot.press("ctrl+s", "ctrl+s")  # no rationale: told so, then recorded as it is
        text = _shows_brackets(app)
        assert f"The case ends: {QUIT_MARKUP} ending" in text
        await pilot.press("enter")
        assert isinstance(app.screen, DebriefScreen)
        _shows_brackets(app)
        await pilot.press("end")
        text = _shows_brackets(app)
        assert "[a Markdown link](https://example.org)" in text
        await pilot.click("#reviewer", offset=(12, 0))
        await pilot.click("#reviewer", offset=(40, 0))
        _still_running(app)


@pilot_test
async def test_markup_in_the_command_palette_is_text() -> None:
    app = build_app(HOSTILE)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p", *"hostile")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"Open case: {QUIT_MARKUP}" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, CaseScreen)
        _still_running(app)


def _with_escapes(loaded: Loaded) -> Loaded:
    """The loader refuses control characters in files, so build them in Python."""
    scenario = loaded.scenario
    evidence = tuple(attrs.evolve(e, label=f"\x1b[2J{e.label}\x1b]8;;https://example.org\x07", text=f"\x1b[31m{e.text}")
                     for e in scenario.evidence)
    stages = tuple(
        attrs.evolve(s, title=f"\x1b[2J{s.title}",
                     options=tuple(attrs.evolve(o, label=f"\x1b[2J\x07{o.label}") for o in s.options))
        for s in scenario.stages
    )
    return attrs.evolve(loaded, scenario=attrs.evolve(scenario, title=f"\x1b[2JEscaped \x1b[1mtitle{scenario.title}",
                                                      evidence=evidence, stages=stages))


@pilot_test
async def test_escape_sequences_never_reach_the_terminal() -> None:
    loaded = load_file(HOSTILE)
    assert isinstance(loaded, Loaded)
    escaped = _with_escapes(loaded)
    app = build_app(HOSTILE)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.library = Library((escaped,), ())
        await pilot.pause()
        text = _shows_brackets(app)
        assert f"Escaped title{QUIT_MARKUP}" in text
        await pilot.press("enter")
        assert isinstance(app.screen, CaseScreen)
        text = _shows_brackets(app)
        assert f"Stage: {QUIT_MARKUP} stage" in text
        await pilot.press("e")
        text = _shows_brackets(app)
        assert f"{QUIT_MARKUP} evidence" in text and "[2J" not in text and "8;;" not in text
        await pilot.press("d")
        text = _shows_brackets(app)
        assert f"( ) {QUIT_MARKUP} option" in text
        _still_running(app)
