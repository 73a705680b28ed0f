"""The author panel shows the key's own words (explanations, never-event
messages, feedback, labels) and the checker's messages about a broken file:
markup in any of them is shown as the characters it is, and does nothing."""

from __future__ import annotations

from pathlib import Path

from simulator.domain.events import Decide, TakeAction
from tests.app.author_helpers import author_app, panel, panel_text, session
from tests.app.helpers import LINK_MARKUP, MINI, QUIT_MARKUP, pilot_test, ready, screen_text

HOSTILE_KEY = [
    ("label: The mark on Leo's arm", f'label: "{QUIT_MARKUP} mark"'),
    ("explanation: A consistent account of a protective act.", f'explanation: "{LINK_MARKUP} explained"'),
    ("message: Closed a physical-harm allegation without any checks.", f'message: "{QUIT_MARKUP} never"'),
    ("feedback: Not without checks.", f'feedback: "{QUIT_MARKUP} feedback"'),
    ("{id: closed, title: Closed,", f'{{id: closed, title: "{QUIT_MARKUP} ending",'),
    ("label: Ask the police,", f'label: "{LINK_MARKUP} police",'),
    ("title: Section 47 enquiry", f'title: "{QUIT_MARKUP} enquiry"'),
]


def _write(path: Path, changes: list[tuple[str, str]]) -> None:
    text = MINI.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


@pilot_test
async def test_markup_in_the_key_is_text_and_clicks_do_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    _write(folder / "hostile-key.yaml", HOSTILE_KEY)
    app = author_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        text = panel_text(app)
        for shown in (f"✓ {QUIT_MARKUP} mark (mark-on-arm)", f"{LINK_MARKUP} explained",
                      f"{QUIT_MARKUP} never", f"{QUIT_MARKUP} feedback", f"→ ends: {QUIT_MARKUP} ending (closed)",
                      f"open now: revealed by {LINK_MARKUP} police at Contact",
                      f"→ to {QUIT_MARKUP} enquiry (enquiry)"):
            assert shown in text, shown
        assert QUIT_MARKUP in screen_text(app)
        for y in range(0, 30, 3):
            await pilot.click("#author-panel", offset=(8, y))
            await pilot.click("#author-panel", offset=(20, y))
        assert app.is_running and app.return_code is None

        session(app).submit(TakeAction("ask-police"))
        session(app).submit(Decide(stage="contact", option="strategy"))
        await pilot.pause()
        app.clear_notifications()
        assert f"Options at {QUIT_MARKUP} enquiry" in panel_text(app)


@pilot_test
async def test_markup_in_an_error_about_the_file_is_text(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    path = folder / "mini.yaml"
    _write(path, [])
    app = author_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        path.write_text(path.read_text(encoding="utf-8") + f'"{QUIT_MARKUP}": 1\n', encoding="utf-8")
        panel(app).check_file()
        await pilot.pause()
        assert f"unknown key '{QUIT_MARKUP}'" in panel_text(app)
        assert QUIT_MARKUP in screen_text(app)
        for y in range(0, 12):
            await pilot.click("#author-status", offset=(40, y))
        assert app.is_running and app.return_code is None
