"""`case-review serve` with real app processes, driven through the websocket as textual.js drives it: two
people at once, each their own trainee in their own process, each action saved under their own name in the
centre's store, and an export that reaches its owner's browser and nobody else's.

The store is SQLite here; tests/serve/test_browser.py runs the same against PostgreSQL when it is there.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from simulator.application.centre import Centre
from simulator.serve.server import CentreServer, app_argv
from tests.conftest import MINI
from tests.serve.client import DEADLINE_S, ENTER, SessionClosed, WebSession, events_by_trainee, open_test_case

HEADER = "X-Forwarded-User"


def centre_server(tmp_path: Path) -> tuple[CentreServer, Path]:
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    shutil.copy(MINI, scenarios / "mini.yaml")
    db = tmp_path / "centre.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "CASE_REVIEW"))}
    env.update(HOME=str(tmp_path / "home"), LANG="C.UTF-8", CASE_REVIEW_TRAINEE="The Server Itself")
    server = CentreServer(host="127.0.0.1", port=0, trust_header=HEADER, centre=Centre(frozenset({"Tess Trainer"})),
                          db=str(db), settings_root=tmp_path / "trainees", app_argv=app_argv([str(scenarios)]),
                          base_environment=env)
    return server, db


async def act_and_export(ann: WebSession, db: Path) -> str:
    """Ann opens the test case, takes an action, leaves the case and exports it: the download's key."""
    await ann.wait(lambda: "in the library" in ann.text(), "the library to load")
    await open_test_case(ann)
    await ann.send(ENTER)  # check our records
    await ann.wait(lambda: events_by_trainee(str(db)).get("Ann Smith") == 1, "Ann's action in the store")
    for keys, words, what in (("\x1b", "Leave this case?", "the question before leaving"),
                              # Not "in the library": the question before leaving says "press u in the library"
                              # too, so a part of it drawn late could send "h" to the question, which ignores it.
                              ("y", "Choose a case", "the library"),
                              ("h", "download the highlighted session", "the history screen, offering downloads"),
                              ("x", "Downloads to your browser as", "the export dialog, with no path to type")):
        await ann.send(keys)
        await ann.shows(words, what)
    await ann.send("\x13")  # ctrl+s
    await ann.wait(lambda: bool(ann.downloads()), "the export to be offered to the browser")
    return ann.downloads()[0]


async def _ann(client: TestClient[Any, Any], db: Path) -> str:
    async with WebSession.open(client.session, str(client.make_url("/ws")), {HEADER: "Ann Smith"}) as ann:
        await ann.wait(lambda: "Trainee: Ann Smith (signed in)" in ann.text(), "Ann's library")
        return await act_and_export(ann, db)


async def _tess(client: TestClient[Any, Any]) -> None:
    async with WebSession.open(client.session, str(client.make_url("/ws")), {HEADER: "Tess Trainer"}) as tess:
        await tess.wait(lambda: "Trainer: Tess Trainer (signed in)" in tess.text(), "Tess's library, as a trainer")


def test_two_people_at_once_each_in_their_own_process_and_store_profile(tmp_path: Path) -> None:
    async def run() -> None:
        server, db = centre_server(tmp_path)
        async with TestClient(TestServer(await server._make_app())) as client:
            ann_task = asyncio.create_task(_ann(client, db))
            await _tess(client)
            key = await ann_task
            async with aiohttp.ClientSession() as other:
                refused = await other.get(client.make_url(f"/download/{key}"), headers={HEADER: "Bo Other"})
                assert refused.status == 404
            # Ann's session has ended (its tab closed), so its download has gone with it: nothing lingers.
            assert (await client.get(f"/download/{key}", headers={HEADER: "Ann Smith"})).status == 404
        assert events_by_trainee(str(db)) == {"Ann Smith": 1}
        assert "The Server Itself" not in events_by_trainee(str(db))
        assert sum(server.sessions.values()) == 0

    asyncio.run(run())


def test_an_export_downloads_to_its_owner_while_the_session_is_open(tmp_path: Path) -> None:
    async def run() -> None:
        server, db = centre_server(tmp_path)
        async with TestClient(TestServer(await server._make_app())) as client:
            url = str(client.make_url("/ws"))
            async with WebSession.open(client.session, url, {HEADER: "Ann Smith"}) as ann:
                key = await act_and_export(ann, db)
                other = await client.get(f"/download/{key}", headers={HEADER: "Bo Other"})
                assert other.status == 404
                mine = await client.get(f"/download/{key}", headers={HEADER: "Ann Smith"})
                assert mine.status == 200
                assert mine.headers["Content-Disposition"].startswith("attachment;")
                page = await mine.text()
                assert page.lstrip().lower().startswith("<!doctype html") and "Ann Smith" in page
        assert not list(tmp_path.rglob("session-*-mini-test-case.html"))  # nothing written on the server

    asyncio.run(run())


def test_stopping_the_server_ends_its_sessions_and_exits_cleanly(tmp_path: Path) -> None:
    """SIGTERM (as systemd stops a service): open sessions are closed, their processes asked to quit, exit 0."""
    async def run() -> None:
        scenarios = tmp_path / "scenarios"
        scenarios.mkdir()
        shutil.copy(MINI, scenarios / "mini.yaml")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "CASE_REVIEW"))}
        env.update(HOME=str(tmp_path / "home"), LANG="C.UTF-8")
        server = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "simulator", "serve", "--port", "0", "--trust-header", HEADER,
            "--db", str(tmp_path / "centre.sqlite3"), "--scenarios", str(scenarios),
            "--settings-dir", str(tmp_path / "trainees"), stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT, env=env)
        try:
            assert server.stdout is not None
            line = ""
            while "listening on" not in line:  # after what it says of reading the library's new files
                line = (await asyncio.wait_for(server.stdout.readline(), DEADLINE_S)).decode()
                assert line, "case-review serve stopped before it listened"
            port = int(line.rsplit(":", 1)[1].split()[0])
            async with aiohttp.ClientSession() as client, \
                    WebSession.open(client, f"http://127.0.0.1:{port}/ws", {HEADER: "Ann Smith"}) as ann:
                await ann.wait(lambda: "in the library" in ann.text(), "the library to load")
                server.send_signal(signal.SIGTERM)
                with pytest.raises(SessionClosed):
                    await ann.wait(lambda: False, "the session to be closed by the server")
            assert await asyncio.wait_for(server.wait(), DEADLINE_S) == 0
        finally:
            if server.returncode is None:
                server.kill()
                await server.wait()

    asyncio.run(run())
