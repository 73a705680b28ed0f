"""In a real browser, as a centre runs it: `case-review serve` on loopback, Caddy in front with the configuration
docs/serving.md gives (read from the page, with loopback addresses in place of the example ones), and Debian's
Chromium, headless, driven by Playwright (never a browser of Playwright's own). Two people sign in at once; one
opens a case and takes an action, and the event is found in the store under her signed-in name. A request
without sign-in is refused, a header the browser sends to pass for someone else is ignored, and the page fetches
nothing from anywhere but the centre's address.

The store is a SQLite file unless ``CASE_REVIEW_TEST_STORE`` names another, such as a ``postgresql://`` URL
(the PostgreSQL store's tests start a throwaway server and set it): the same test then finds the event there.

Needs Caddy and Chromium (`apt-get install caddy chromium`; .ci/run installs them) and the `playwright` package
(the test extra); without them it is skipped, saying which is missing. Every wait is bounded and waits on what it
checks (a line printed, a frame drawn, a row stored); nothing sleeps for a fixed time.
"""

from __future__ import annotations

import base64
import os
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serve.client import events_by_trainee
from tests.serve.proxy import CADDY, CHROMIUM, CHROMIUM_FLAGS, BrowserSession, Centre, centre_behind_caddy

try:
    import playwright.sync_api as playwright_api
except ImportError:  # pragma: no cover - the test extra brings it
    playwright_api = None  # type: ignore[assignment]

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX server"),
    pytest.mark.skipif(CADDY is None, reason="needs Caddy, the sign-in proxy (apt-get install caddy)"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium (apt-get install chromium)"),
    pytest.mark.skipif(playwright_api is None, reason="needs the playwright package (pip install -e '.[test]')"),
]


@pytest.fixture
def centre(tmp_path: Path) -> Iterator[Centre]:
    store = os.environ.get("CASE_REVIEW_TEST_STORE") or str(tmp_path / "centre.sqlite3")
    with centre_behind_caddy(tmp_path, store) as running:
        yield running


def test_without_sign_in_the_centre_refuses(centre: Centre) -> None:
    address = centre.address
    for path in ("/", "/ws", "/static/js/textual.js"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(address + path, timeout=10)
        assert refused.value.code == 401
    wrong = base64.b64encode(b"ann:not-her-password").decode()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(address + "/", headers={"Authorization": f"Basic {wrong}"}),
                               timeout=10)
    assert refused.value.code == 401
    # Nor does the simulator itself answer without the header (only the proxy may reach it, but even so).
    with pytest.raises(urllib.error.HTTPError) as direct:
        urllib.request.urlopen(centre.simulator + "/", timeout=10)
    assert direct.value.code == 401


def test_two_people_sign_in_and_an_action_is_stored_under_the_signed_in_name(
        centre: Centre, tmp_path: Path) -> None:
    address, store = centre.address, centre.store
    assert playwright_api is not None
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            # Ann's browser also sends the header itself, naming a trainer: the proxy replaces it.
            ann = BrowserSession(browser, address, "ann", extra_http_headers={"X-Forwarded-User": "tess"})
            tess = BrowserSession(browser, address, "tess")
            ann.wait(lambda: "Trainee: ann (signed in)" in ann.text(), "Ann's library, as a trainee")
            tess.wait(lambda: "Trainer: tess (signed in)" in tess.text(), "Tess's library, as a trainer")
            ann.wait(lambda: "in the library" in ann.text(), "the library to load")

            ann.page.click("#terminal")
            ann.press("/")
            ann.shows("Search cases", "the search box to take the focus")
            ann.type("mini-test-case")
            ann.shows("Choose a case: 1 of", "the search to narrow the library to the test case")
            ann.press("Enter")
            ann.shows("Open case", "the table to take the focus")
            ann.press("Enter")
            ann.shows("Check our records", "the case screen")
            ann.press("Enter")  # take the first action: check our records
            ann.wait(lambda: events_by_trainee(store).get("ann") == 1, "Ann's action in the store")
            ann.page.screenshot(path=str(tmp_path / "ann.png"))
            tess.page.screenshot(path=str(tmp_path / "tess.png"))
            assert events_by_trainee(store) == {"ann": 1}  # and nothing under the name her browser sent
            # The trainer's live view, read from the same store: Ann's session, still being played.
            tess.page.click("#terminal")
            tess.press("t")
            tess.shows("1 trainee, 0 finished, 1 being played", "the live view, with Ann's session in it")
            tess.press("t")  # the tab of trainees
            tess.shows("ann", "Ann among the trainees")
            for person in (ann, tess):
                outside = [url for url in person.requests if not url.startswith((address + "/", "ws" + address[4:]))]
                assert outside == [], f"the page asked for addresses beyond the centre: {outside}"
        finally:
            browser.close()
