"""Turning the author preview on and off, and asking where to jump: what the
app's keys for them do on whichever case screen is open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.ui.author.panel import AuthorPanel
from simulator.ui.author.reload import newest
from simulator.ui.author.stage_picker import StagePicker
from simulator.ui.screens.case import CaseScreen

if TYPE_CHECKING:
    from simulator.ui.app import CaseReviewApp


def show_panels(app: CaseReviewApp, on: bool) -> None:
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


def ask_jump(app: CaseReviewApp) -> None:
    screen = app.screen
    if not isinstance(screen, CaseScreen):
        return
    # The newest valid version of the file, even one the session in progress could not be carried into.
    loaded = newest(app.library, screen.session.loaded)

    def jump(stage_id: str | None) -> None:
        if stage_id is not None:
            app.jump_to_stage(loaded, stage_id)

    current = screen.session.state.stage if loaded is screen.session.loaded else None
    app.push_screen(StagePicker(loaded.scenario, current), jump)
