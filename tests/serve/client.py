"""A browser session as `case-review serve` sees one, without a browser: the websocket textual.js opens, keys
sent as it sends them, and the screen read from the bytes that come back. The serve tests and
benchmarks/serve_load.py drive the app through it.

Every wait is a bounded loop on what has arrived, with a deadline; nothing sleeps for a fixed time.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

ENTER, DOWN, ESCAPE = "\r", "\x1b[B", "\x1b"
DEADLINE_S = 60.0
# CSI and OSC sequences, and the other two-byte escapes: what is left is the text drawn.
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x1b[()][0-9A-Za-z]")


class SessionClosed(AssertionError):
    """The server closed the websocket (the app process ended, or the request was refused)."""


class WebSession:
    """One websocket session: what it has drawn so far, and the messages (downloads) it has been sent."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.output = bytearray()
        self.messages: list[list[Any]] = []
        self.mark = 0  # where the output the next wait looks at begins
        self.sent_at = 0.0  # when the last keys were sent
        self.first_update_s: float | None = None  # from the last keys to the first bytes drawn after them

    @classmethod
    @asynccontextmanager
    async def open(cls, client: aiohttp.ClientSession, url: str, headers: Mapping[str, str] | None = None,
                   width: int = 110, height: int = 32) -> AsyncIterator[WebSession]:
        async with client.ws_connect(f"{url}?width={width}&height={height}", headers=dict(headers or {}),
                                     max_msg_size=0) as websocket:
            session = cls(websocket)
            await websocket.send_str(json.dumps(["resize", {"width": width, "height": height}]))
            yield session

    async def pump(self, wait_s: float) -> None:
        message = await self.websocket.receive(timeout=wait_s)
        if message.type == aiohttp.WSMsgType.BINARY:
            if self.first_update_s is None and len(self.output) >= self.mark:
                self.first_update_s = time.monotonic() - self.sent_at
            self.output += message.data
        elif message.type == aiohttp.WSMsgType.TEXT:
            self.messages.append(json.loads(message.data))
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING,
                              aiohttp.WSMsgType.ERROR):
            raise SessionClosed(f"the session closed; it last showed:\n{self.text()[-1500:]}")

    def text(self, since: int = 0) -> str:
        return ANSI.sub("", self.output[since:].decode("utf-8", "replace"))

    async def send(self, keys: str) -> None:
        self.mark = len(self.output)
        self.first_update_s = None
        self.sent_at = time.monotonic()
        await self.websocket.send_str(json.dumps(["stdin", keys]))

    async def wait(self, condition: Callable[[], bool], what: str, deadline_s: float = DEADLINE_S) -> None:
        end = time.monotonic() + deadline_s
        while not condition():
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {what}; the session last showed:\n"
                                     f"{self.text()[-1500:]}")
            try:
                await self.pump(min(left, 1.0))
            except TimeoutError:
                continue

    async def shows(self, words: str, what: str | None = None) -> None:
        """Wait until ``words`` are drawn after the last keys sent."""
        await self.wait(lambda: words in self.text(self.mark), what or repr(words))

    async def updated(self) -> float:
        """Wait for the first bytes drawn after the last keys; the seconds they took."""
        await self.wait(lambda: self.first_update_s is not None, "the screen to change")
        assert self.first_update_s is not None
        return self.first_update_s

    def downloads(self) -> list[str]:
        """The keys of the files the app has offered to the browser."""
        return [str(m[1]) for m in self.messages if m and m[0] == "deliver_file_start"]


async def open_test_case(session: WebSession, deadline_s: float = DEADLINE_S) -> None:
    """From the library: search for the test case (tests/data/mini.yaml) and open it, as a trainee would."""
    for keys, words, what in (("/", "Search cases", "the search box to take the focus"),
                              ("mini-test-case", "Choose a case: 1 of", "the search to narrow the library"),
                              (ENTER, "Open case", "the table to take the focus"),
                              (ENTER, "Check our records", "the case screen")):
        await session.send(keys)
        await session.wait(lambda words=words: words in session.text(session.mark), what, deadline_s)


def events_by_trainee(db: str) -> dict[str, int]:
    """How many events the store holds for each trainee: ``db`` is a SQLite file or a ``postgresql://`` URL
    (read with psycopg, which the PostgreSQL store brings)."""
    query = ("SELECT p.name, COUNT(e.seq) FROM profiles p JOIN sessions s ON s.profile_id = p.id "
             "LEFT JOIN events e ON e.session_id = s.id GROUP BY p.name")
    if db.startswith(("postgresql://", "postgres://")):
        import psycopg  # type: ignore[import-not-found, unused-ignore]

        try:
            with psycopg.connect(db) as conn:
                rows = conn.execute(query).fetchall()
        except psycopg.errors.UndefinedTable:
            return {}
        return {str(name): int(count) for name, count in rows}
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.OperationalError:  # not made yet
        return {}
    try:
        rows = conn.execute(query).fetchall()
    except sqlite3.OperationalError:  # the tables are not made yet
        return {}
    finally:
        conn.close()
    return {str(name): int(count) for name, count in rows}
