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
import re
import select
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINI
from tests.serve.client import ANSI, events_by_trainee

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CADDY = shutil.which("caddy")
PASSWORD = "change-me"  # the example accounts' password in docs/serving.md
DEADLINE_S = 60.0
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _read_until(stream: Any, found: Callable[[str], bool], what: str, proc: subprocess.Popen[bytes]) -> str:
    """Read ``stream`` line by line until a line satisfies ``found``; fail with what was read after the deadline
    or when the process ends."""
    end, seen = time.monotonic() + DEADLINE_S, []
    while time.monotonic() < end:
        ready, _, _ = select.select([stream], [], [], 0.5)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        line = stream.readline().decode("utf-8", "replace")
        if not line and proc.poll() is not None:
            break
        seen.append(line)
        if found(line):
            return line
    raise AssertionError(f"timed out waiting for {what}; it said:\n{''.join(seen)[-2000:]}")


def caddyfile(serve_port: int, caddy_port: int) -> str:
    """The configuration docs/serving.md gives, for loopback: the site at a port of this machine over plain HTTP,
    the simulator at the port it listens on, and Caddy's admin endpoint off (several may run at once)."""
    page = (ROOT / "docs" / "serving.md").read_text(encoding="utf-8")
    documented = re.findall(r"```caddyfile\n(.*?)```", page, re.S)[0]
    assert "centre.example.org {" in documented and "127.0.0.1:8000" in documented
    config = documented.replace("centre.example.org {", f"http://127.0.0.1:{caddy_port} {{")
    config = config.replace("127.0.0.1:8000", f"127.0.0.1:{serve_port}")
    return "{\n\tadmin off\n}\n\n" + config


@pytest.fixture
def centre(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The simulator behind Caddy: (the centre's address, the store)."""
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    shutil.copy(MINI, scenarios / "mini.yaml")
    config = tmp_path / "centre.toml"
    config.write_text('trainers = ["tess"]\n', encoding="utf-8")
    store = os.environ.get("CASE_REVIEW_TEST_STORE") or str(tmp_path / "centre.sqlite3")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "CASE_REVIEW"))}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), LANG="C.UTF-8")
    serve = subprocess.Popen(
        [sys.executable, "-m", "simulator", "serve", "--port", "0", "--trust-header", "X-Forwarded-User",
         "--centre", str(config), "--db", store, "--scenarios", str(scenarios),
         "--settings-dir", str(tmp_path / "trainees")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
    caddy: subprocess.Popen[bytes] | None = None
    try:
        assert serve.stdout is not None
        line = _read_until(serve.stdout, lambda s: "listening on" in s, "case-review serve to listen", serve)
        serve_port = int(re.search(r"127\.0\.0\.1:(\d+)", line)[1])  # type: ignore[index]
        caddy_port = _free_port()
        (tmp_path / "Caddyfile").write_text(caddyfile(serve_port, caddy_port), encoding="utf-8")
        caddy = subprocess.Popen([str(CADDY), "run", "--config", str(tmp_path / "Caddyfile"), "--adapter",
                                  "caddyfile"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                                 cwd=tmp_path)
        assert caddy.stderr is not None
        _read_until(caddy.stderr, lambda s: "serving initial configuration" in s, "Caddy to start", caddy)
        yield f"http://127.0.0.1:{caddy_port}", store
        # Without sign-in, directly: the simulator itself refuses too.
        with pytest.raises(urllib.error.HTTPError) as direct:
            urllib.request.urlopen(f"http://127.0.0.1:{serve_port}/", timeout=10)
        assert direct.value.code == 401
    finally:
        for proc in (caddy, serve):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


class BrowserSession:
    """One signed-in person's tab: the screen as the websocket draws it, and every address the tab asked for."""

    def __init__(self, browser: Any, address: str, user: str, **context_options: Any) -> None:
        self.context = browser.new_context(http_credentials={"username": user, "password": PASSWORD},
                                           viewport={"width": 1100, "height": 700}, **context_options)
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.drawn = bytearray()
        self.mark = 0
        self.websocket: Any = None
        self.page.on("websocket", self._watch)
        self.page.goto(address + "/")
        deadline = time.monotonic() + DEADLINE_S
        while self.websocket is None and time.monotonic() < deadline:
            self.page.wait_for_event("websocket", timeout=DEADLINE_S * 1000)
        assert self.websocket is not None, "the page never opened its websocket"

    def _watch(self, websocket: Any) -> None:
        self.websocket = websocket

        def received(payload: bytes | str) -> None:
            if isinstance(payload, bytes):
                self.drawn += payload

        websocket.on("framereceived", received)

    def text(self, since: int = 0) -> str:
        return ANSI.sub("", self.drawn[since:].decode("utf-8", "replace"))

    def wait(self, condition: Callable[[], bool], what: str) -> None:
        """Let frames arrive until ``condition`` holds (each wait ends at the next frame, or after a second)."""
        end = time.monotonic() + DEADLINE_S
        while not condition():
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting for {what}; the tab last showed:\n{self.text()[-1500:]}")
            try:
                self.websocket.wait_for_event("framereceived", timeout=1000)
            except playwright_api.TimeoutError:
                continue

    def shows(self, words: str, what: str | None = None) -> None:
        self.wait(lambda: words in self.text(self.mark), what or repr(words))

    def press(self, key: str) -> None:
        self.mark = len(self.drawn)
        self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.mark = len(self.drawn)
        self.page.keyboard.type(text)


def test_without_sign_in_the_centre_refuses(centre: tuple[str, str]) -> None:
    address, _ = centre
    for path in ("/", "/ws", "/static/js/textual.js"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(address + path, timeout=10)
        assert refused.value.code == 401
    wrong = base64.b64encode(b"ann:not-her-password").decode()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(address + "/", headers={"Authorization": f"Basic {wrong}"}),
                               timeout=10)
    assert refused.value.code == 401


def test_two_people_sign_in_and_an_action_is_stored_under_the_signed_in_name(
        centre: tuple[str, str], tmp_path: Path) -> None:
    address, store = centre
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
            for person in (ann, tess):
                outside = [url for url in person.requests if not url.startswith((address + "/", "ws" + address[4:]))]
                assert outside == [], f"the page asked for addresses beyond the centre: {outside}"
        finally:
            browser.close()
