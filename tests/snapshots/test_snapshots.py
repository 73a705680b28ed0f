"""SVG snapshots of every screen of a case's play, each at 80x24 and 120x40, on the test fixtures only (the
bundled library changes; these must not); and some with no colour (NO_COLOR) and with the sixteen standard
colours (a TEXTUAL_COLOR_SYSTEM=standard terminal). Update with `pytest tests/snapshots --snapshot-update`,
then look at them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from simulator.ui.app import CaseReviewApp
from tests.app.helpers import BROKEN, HOSTILE, MINI, build_app, ready, type_text
from tests.snapshots.colours import SIZES, colour_app

ROOT = Path(__file__).resolve().parents[2]
SIZE = (120, 40)

Steps = Callable[[Pilot[object]], Awaitable[None]]


def after(*keys: str, keep_notices: bool = False) -> Steps:
    """Wait for the library, press the keys, and clear each notice as it comes (unless ``keep_notices``:
    they are what the picture is about)."""

    async def run(pilot: Pilot[object]) -> None:
        await ready(pilot)
        for key in keys:
            if key.startswith("type:"):
                await type_text(pilot, key.removeprefix("type:"))
            else:
                await pilot.press(key)
            await pilot.pause()
            if not keep_notices:
                pilot.app.clear_notifications()
        await pilot.pause()

    return run


# A short play of the mini case: take the first action, flag the newest evidence.
ACTED = ("enter", "enter", "e", "r")
DECIDING = (*ACTED, "d", "down", "enter", "tab", "type:Finger marks and a police caution")
DEBRIEF = (*ACTED, "d", "down", "enter", "ctrl+s", "ctrl+s", "enter", "d", "enter", "ctrl+s", "ctrl+s", "enter")
# A stage with two decisions (format 2): the first part chosen and reasoned, the second's choice reached.
HOUSEHOLD = ROOT / "tests" / "data" / "format2" / "household.yaml"
PLANNING = ("enter", "d", "enter", "tab", "type:Jade has lived with a non-relative for nine weeks", "tab", "enter")

# Each screen: the app's fixture files and the keys that reach it.
SCREENS: dict[str, tuple[tuple[Path, ...], tuple[str, ...]]] = {
    "case_stage": ((MINI,), ("enter",)),
    "case_evidence": ((MINI,), ACTED),
    "case_file": ((MINI,), ("enter", "c")),
    "case_notes": ((MINI,), ("enter", "n", "type:Ring the police", "ctrl+s", "n", "type:Ask about the grandmother")),
    "decision": ((MINI,), DECIDING),
    "plan_of_two_decisions": ((HOUSEHOLD,), PLANNING),
    "what_happened_next": ((MINI,), (*DECIDING, "ctrl+s")),
    "debrief": ((MINI,), DEBRIEF),
    "debrief_lower": ((MINI,), (*DEBRIEF, "end")),
    "reflection": ((MINI,), (*DEBRIEF, "l")),
    "help": ((MINI,), ("enter", "f1")),
    "leave_case": ((MINI,), ("enter", "escape")),
    "library_filtered": ((MINI, HOSTILE), ("slash", "type:leo", "enter")),
}


def test_home(snap_sizes: Callable[..., bool], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # broken files are shown relative to where the trainer is
    assert snap_sizes(build_app(MINI, HOSTILE, BROKEN), after())


@pytest.mark.new_trainee
def test_name_prompt_on_first_launch(snap_sizes: Callable[..., bool]) -> None:
    assert snap_sizes(build_app(), after())


# Screens that keep a scroll position or a focused field in view when the terminal shrinks: played at each size.
PLAYED_AT_EACH_SIZE = ("debrief_lower", "decision", "plan_of_two_decisions")


@pytest.mark.parametrize("screen", [s for s in SCREENS if s not in PLAYED_AT_EACH_SIZE])
def test_screen(snap_sizes: Callable[..., bool], screen: str) -> None:
    files, keys = SCREENS[screen]
    assert snap_sizes(build_app(*files), after(*keys))


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
@pytest.mark.parametrize("screen", PLAYED_AT_EACH_SIZE)
def test_screen_played_at_each_size(snap_compare: Callable[..., bool], screen: str, size: tuple[int, int]) -> None:
    files, keys = SCREENS[screen]
    assert snap_compare(build_app(*files), terminal_size=size, run_before=after(*keys))


def test_a_notice_under_the_case(snap_sizes: Callable[..., bool]) -> None:
    """Two actions: the newest notice, on a line of its own above the footer, over nothing."""
    steps = after("enter", "enter", "down", "enter", keep_notices=True)
    assert snap_sizes(build_app(), steps)


def test_config_problems_in_the_library(snap_sizes: Callable[..., bool], private_config: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(private_config.parent)  # the file is named as the trainee would type it
    private_config.write_text('theme = "nrd"\n[keys]\n"case.decide" = "alt+d"\n', encoding="utf-8")
    assert snap_sizes(build_app(), after())


def test_light_theme(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(), terminal_size=SIZE, run_before=after(*ACTED, "ctrl+t"))


def test_terminal_palette_theme(snap_compare: Callable[..., bool], private_config: Path) -> None:
    private_config.write_text('theme = "ansi-dark"\n', encoding="utf-8")
    assert snap_compare(build_app(), terminal_size=SIZE, run_before=after(*ACTED))


def test_hostile_case(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(build_app(HOSTILE), terminal_size=SIZE, run_before=after("enter", "enter", "e"))


# --- without colour, and with sixteen ---------------------------------------------

IN_COLOURS: dict[str, tuple[str, ...]] = {
    "library": (),
    "case_evidence": ACTED,
    "decision": (*DECIDING, "tab", "tab", "down"),
    "debrief": DEBRIEF,
}


@pytest.mark.parametrize("colours", ["no_color", "standard"])
@pytest.mark.parametrize("screen", IN_COLOURS)
def test_in_few_colours(snap_compare: Callable[..., bool], monkeypatch: pytest.MonkeyPatch, screen: str,
                        colours: str) -> None:
    def make() -> CaseReviewApp:
        return build_app(MINI, HOSTILE)

    app = colour_app(make, colours, monkeypatch)
    assert snap_compare(app, terminal_size=SIZES["80x24"], run_before=after(*IN_COLOURS[screen]))
