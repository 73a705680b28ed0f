"""Shared by the Pilot and snapshot tests: fixture paths, the app factory
call they all use, waiting for the library, and the screen as text."""

from __future__ import annotations

import asyncio
import functools
import io
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from rich.console import Console
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

from simulator.ui.app import CaseReviewApp, make_app

TESTS = Path(__file__).resolve().parent.parent
MINI = TESTS / "data" / "mini.yaml"
HOSTILE = TESTS / "data" / "hostile" / "hostile.yaml"
BROKEN = TESTS / "snapshots" / "data" / "broken-scenario.yaml"

QUIT_MARKUP = "[@click=app.quit]x[/]"
LINK_MARKUP = "[link=https://example.org]x[/link]"


def build_app(*files: Path, on_session: Callable[..., None] | None = None) -> CaseReviewApp:
    """The app on the given scenario files only: the bundled library changes, tests must not."""
    return make_app([str(f) for f in files or (MINI,)], bundled=False, on_session=on_session)


def laid_out(screen: object) -> bool:
    """Whether every table on ``screen`` has measured the rows it was given. A table does that when its messages
    run out, and on a loaded machine a snapshot was once taken before: the header as narrow as before the rows."""
    from textual.widgets import DataTable

    tables = screen.query(DataTable)  # type: ignore[attr-defined]
    return not any(t._require_update_dimensions or t._updated_cells for t in tables)


async def ready(pilot: Pilot[object]) -> None:
    """Wait until the settings, the library and the history are loaded, and the highlighted case is parsed
    ahead, as a trainee reading the list would find it (no sleeping)."""
    app = pilot.app
    assert isinstance(app, CaseReviewApp)
    for _ in range(50):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        library = app.library
        ahead = app._ahead  # the case the app parses ahead (SessionFlow.on_home_screen_highlighted)
        if library is None or library.pending or app.settings is None or not laid_out(app.screen):
            continue
        if app.history is None and app.keep_history:
            continue
        if ahead is None or library.loaded(ahead) is not None or library.entry_at(ahead.path) is None:
            return
    raise AssertionError("the library never loaded")


def screen_text(app: CaseReviewApp) -> str:
    """What the terminal shows now, as plain text (the screenshot, without styles)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


async def until_shown(pilot: Pilot[object], text: str, what: str) -> None:
    """Let the app run until ``text`` is on the screen; fail saying ``what`` never showed. Unlike
    ``history_helpers.until``, it does not wait for the app's workers: for a test that holds one back."""
    app = pilot.app
    assert isinstance(app, CaseReviewApp)
    for _ in range(100):
        await pilot.pause()
        if text in screen_text(app):
            return
    raise AssertionError(f"{what} never showed")


def pilot_test(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test body in its own event loop (no async plugin needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def type_text(pilot: Pilot[object], text: str) -> None:
    """Type ``text`` as key events, waiting once at the end rather than after every key.

    ``Pilot.press`` waits for the app to go idle after each key (at least two 20 ms sleeps), which made typing
    a sentence cost seconds. The events are the ones a terminal sends and the app handles them in order; only
    the waiting is batched. Use it for text typed into a box, not for keys that change screens.
    """
    app = pilot.app
    driver = app._driver  # what Pilot.press sends through (named in docs/architecture.md)
    assert driver is not None
    for character in text:
        key = character if character.isalnum() else _character_to_key(character)
        event = events.Key(key, character)
        event.set_sender(app)
        driver.send_message(event)
    await pilot.pause()


def keys_in_flight(app: object, *keys: str) -> None:
    """Keys sent as a terminal sends a fast typist's, with no wait between: the app meets the second before it
    has done what the first asked (``Pilot.press`` waits for the app after each key)."""
    driver = app._driver  # type: ignore[attr-defined]
    for key in keys:
        event = events.Key(key, {"enter": "\r", "space": " "}.get(key, key if len(key) == 1 else None))
        event.set_sender(app)  # type: ignore[arg-type]
        driver.send_message(event)


async def press_keys(pilot: Pilot[object], *keys: str) -> None:
    """Press keys in order; an item written ``type:TEXT`` types TEXT into the focused box in one go."""
    for key in keys:
        if key.startswith("type:"):
            await type_text(pilot, key.removeprefix("type:"))
        else:
            await pilot.press(key)


def record_notices(monkeypatch: Any) -> list[str]:
    """Every notice shown from now on (its title, a colon, and its text), however soon a newer one replaces it
    on the screen: ``monkeypatch`` wraps ``simulator.ui.notices.show``, where each one lands."""
    from simulator.ui import notices

    told: list[str] = []
    show = notices.show

    def recorded(app: Any, notice: Any, screen: Any = None) -> None:
        told.append(f"{notice.title}: {notice.message}" if notice.title else notice.message)
        show(app, notice, screen)

    monkeypatch.setattr(notices, "show", recorded)
    return told
