"""Turning the author preview on and off, and asking where to jump: what the
app's keys for them do on whichever case screen is open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App

from simulator.application.library import Library
from simulator.scenarios.loader import Loaded
from simulator.ui.author.panel import AuthorPanel
from simulator.ui.author.reload import newest
from simulator.ui.author.stage_picker import StagePicker
from simulator.ui.screens.case import CaseScreen


def show_panels(app: App[Any], on: bool) -> None:
    """Add the panel to every open case screen, or take it away."""
    for screen in app.screen_stack:
        if not isinstance(screen, CaseScreen):
            continue
        panels = screen.query(AuthorPanel)
        if on and not panels:
            screen.query_one("#case-body").mount(AuthorPanel(screen.session))
        elif not on:
            panels.remove()
    app.screen.refresh_bindings()


def ask_jump(app: App[Any], library: Library | None, jump_to: Callable[[Loaded, str], None]) -> None:
    """Ask which stage to jump to, and ``jump_to`` it on the newest version of the open case's file."""
    screen = app.screen
    if not isinstance(screen, CaseScreen):
        return
    # The newest valid version of the file, even one the session in progress could not be carried into.
    loaded = newest(library, screen.session.loaded)

    def jump(stage_id: str | None) -> None:
        if stage_id is not None:
            jump_to(loaded, stage_id)

    current = screen.session.state.stage if loaded is screen.session.loaded else None
    app.push_screen(StagePicker(loaded.scenario, current), jump)
