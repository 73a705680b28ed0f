"""Shared by the author preview tests: the app in author mode on given files,
and the author panel's text whole (the panel scrolls; the screen shows part)."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.widgets import Static

from simulator.application.session import Session
from simulator.ui.app import CaseReviewApp, make_app
from simulator.ui.author.panel import AuthorPanel
from simulator.ui.screens.case import CaseScreen
from tests.app.helpers import MINI


def author_app(*files: Path, author: bool = True, on_session: object = None) -> CaseReviewApp:
    return make_app([str(f) for f in files or (MINI,)], bundled=False, author=author,
                    on_session=on_session)  # type: ignore[arg-type]


def case_screen(app: CaseReviewApp) -> CaseScreen:
    screen = app.screen
    assert isinstance(screen, CaseScreen), screen
    return screen


def session(app: CaseReviewApp) -> Session:
    return case_screen(app).session


def panel(app: CaseReviewApp) -> AuthorPanel:
    return case_screen(app).query_one(AuthorPanel)


def panel_text(app: CaseReviewApp) -> str:
    """Everything in the panel, with each line's wrapping undone."""
    parts = []
    for static in panel(app).query(Static).results(Static):
        content = static.content
        parts.append(content.plain if isinstance(content, Content) else str(content))
    return "\n".join(parts)
