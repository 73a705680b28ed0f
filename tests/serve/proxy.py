"""The simulator as a centre runs it, for the browser test and docs/serving_screenshots.py: `case-review serve` on
loopback, Caddy in front with the configuration docs/serving.md gives (read from the page, with loopback addresses
in place of the example ones), and a signed-in person's tab in Debian's Chromium, driven by Playwright.

Every wait is bounded and waits on what it checks (a line printed, a frame drawn); nothing sleeps for a fixed time.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from tests.conftest import MINI
from tests.serve.client import ANSI

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CADDY = shutil.which("caddy")
PASSWORD = "change-me"  # the example accounts' password in docs/serving.md
DEADLINE_S = 120.0  # generous: CI runs four workers on two cores
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


class Centre(NamedTuple):
    address: str  # the proxy's: where people sign in
    simulator: str  # `case-review serve` itself, on loopback
    store: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _read_until(stream: Any, found: Callable[[str], bool], what: str, proc: subprocess.Popen[bytes]) -> str:
    """Read ``stream`` until a line satisfies ``found``; fail with what was read after the deadline or when the
    process ends. Read from the descriptor, not the buffered file: select() cannot see lines already buffered."""
    end, text = time.monotonic() + DEADLINE_S, ""
    descriptor = stream.fileno()
    while time.monotonic() < end:
        ready, _, _ = select.select([descriptor], [], [], 0.5)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        chunk = os.read(descriptor, 65536)
        if not chunk:
            break
        text += chunk.decode("utf-8", "replace")
        for line in text.splitlines(keepends=True):
            if line.endswith("\n") and found(line):
                return line
    raise AssertionError(f"timed out waiting for {what}; it said:\n{text[-2000:]}")


def _drain(stream: Any) -> None:
    """Read and drop the rest of a process's output, so that a full pipe never stops it."""
    descriptor = stream.fileno()
    threading.Thread(target=lambda: all(iter(lambda: os.read(descriptor, 65536), b"")), daemon=True).start()


def caddyfile(serve_port: int, caddy_port: int) -> str:
    """The configuration docs/serving.md gives, for loopback: the site at a port of this machine over plain HTTP,
    the simulator at the port it listens on, and Caddy's admin endpoint off (several may run at once)."""
    page = (ROOT / "docs" / "serving.md").read_text(encoding="utf-8")
    documented = re.findall(r"```caddyfile\n(.*?)```", page, re.S)[0]
    assert "centre.example.org {" in documented and "127.0.0.1:8000" in documented
    config = documented.replace("centre.example.org {", f"http://127.0.0.1:{caddy_port} {{")
    config = config.replace("127.0.0.1:8000", f"127.0.0.1:{serve_port}")
    return "{\n\tadmin off\n}\n\n" + config


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
            except Exception as err:  # Playwright's TimeoutError: no frame this second
                if type(err).__name__ != "TimeoutError":
                    raise
                continue

    def shows(self, words: str, what: str | None = None) -> None:
        self.wait(lambda: words in self.text(self.mark), what or repr(words))

    def press(self, key: str) -> None:
        self.mark = len(self.drawn)
        self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.mark = len(self.drawn)
        self.page.keyboard.type(text)


@contextmanager
def centre_behind_caddy(tmp_path: Path, store: str, trainers: Sequence[str] = ("tess",)) -> Iterator[Centre]:
    """`case-review serve` on loopback with the test case, Caddy in front of it as docs/serving.md says."""
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    shutil.copy(MINI, scenarios / "mini.yaml")
    config = tmp_path / "centre.toml"
    config.write_text(f"trainers = {json.dumps(list(trainers))}\n", encoding="utf-8")
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
        _drain(serve.stdout)
        serve_port = int(re.search(r"127\.0\.0\.1:(\d+)", line)[1])  # type: ignore[index]
        caddy_port = _free_port()
        (tmp_path / "Caddyfile").write_text(caddyfile(serve_port, caddy_port), encoding="utf-8")
        caddy = subprocess.Popen([str(CADDY), "run", "--config", str(tmp_path / "Caddyfile"), "--adapter",
                                  "caddyfile"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                                 cwd=tmp_path)
        assert caddy.stderr is not None
        _read_until(caddy.stderr, lambda s: "serving initial configuration" in s, "Caddy to start", caddy)
        _drain(caddy.stderr)
        yield Centre(f"http://127.0.0.1:{caddy_port}", f"http://127.0.0.1:{serve_port}", store)
    finally:
        for proc in (caddy, serve):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


