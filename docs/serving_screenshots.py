"""Make docs/serving.md's screenshots (PNG) as a new centre would see it: `case-review serve` behind Caddy with
the configuration docs/serving.md gives, and Debian's Chromium. Two trainees, Ann and Bo, play at once, and each
history shows only their own session; Tess, a trainer, sees both in the live view (t).

    .venv/bin/python docs/serving_screenshots.py [--db postgresql://...]

Needs Caddy, Chromium and playwright (as tests/serve/test_browser.py does). Writes docs/images/serving-*.png;
the store is a temporary file unless ``--db`` names a PostgreSQL database (an empty one: the centre's first day).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the helpers the browser test uses

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.serve.client import events_by_trainee  # noqa: E402
from tests.serve.proxy import CHROMIUM, CHROMIUM_FLAGS, BrowserSession, centre_behind_caddy  # noqa: E402

IMAGES = ROOT / "docs" / "images"


def play_one_action(person: BrowserSession, name: str, store: str) -> None:
    """Open the test case, take its first action, leave it, and open the history."""
    person.wait(lambda: "in the library" in person.text(), "the library to load")
    person.page.click("#terminal")
    for key, then in (("/", "Search cases"), ("mini-test-case", "Choose a case: 1 of"), ("Enter", "Open case"),
                      ("Enter", "Check our records")):
        if key == "Enter":
            person.press(key)
        else:
            person.type(key)
        person.shows(then)
    person.press("Enter")
    person.wait(lambda: events_by_trainee(store).get(name) == 1, f"{name}'s action in the store")
    person.press("Escape")
    person.shows("Leave this case?")
    person.press("y")
    person.shows("in the library")
    person.press("h")
    person.shows("download the highlighted session")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="the centre's store (default: a new SQLite file)")
    db = parser.parse_args().db
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with centre_behind_caddy(work, db or str(work / "centre.sqlite3")) as centre, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            try:
                ann = BrowserSession(browser, centre.address, "ann")
                bo = BrowserSession(browser, centre.address, "bo")
                tess = BrowserSession(browser, centre.address, "tess")
                play_one_action(ann, "ann", centre.store)
                play_one_action(bo, "bo", centre.store)
                ann.page.screenshot(path=str(IMAGES / "serving-ann-history.png"))
                bo.page.screenshot(path=str(IMAGES / "serving-bo-history.png"))
                ann.press("x")
                ann.shows("Downloads to your browser as")
                ann.page.screenshot(path=str(IMAGES / "serving-export.png"))
                tess.wait(lambda: "Trainer: tess (signed in)" in tess.text(), "Tess's library")
                tess.page.click("#terminal")
                tess.press("t")
                tess.shows("2 trainees, 0 finished, 2 being played")
                tess.press("t")  # the trainees' tab: Ann and Bo
                tess.shows("bo")
                tess.page.screenshot(path=str(IMAGES / "serving-trainer.png"))
            finally:
                browser.close()
    print(f"wrote {IMAGES}/serving-*.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
