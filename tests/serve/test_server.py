"""`case-review serve` without a browser: who may reach it, what each app process is given, what the page loads,
and who a download goes to (simulator/serve/server.py). The server runs in the test's own event loop; the
tests that start app processes are in test_sessions.py."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from simulator.application.centre import Centre, Identity
from simulator.serve.server import (
    CentreServer,
    ServeError,
    app_environment,
    attachment,
    check_listen,
    is_loopback,
    settings_file_for,
)
from tests.conftest import run_cli

HEADER = "X-Forwarded-User"
ANN = {HEADER: "Ann Smith"}


def make_server(tmp_path: Path, trust_header: str | None = HEADER, **kwargs: Any) -> CentreServer:
    return CentreServer(host="127.0.0.1", port=0, trust_header=trust_header,
                        centre=Centre(frozenset({"Tess Trainer"})), db=str(tmp_path / "centre.sqlite3"),
                        settings_root=tmp_path / "trainees", app_argv=["/bin/false"], base_environment={},
                        **kwargs)


def with_client(tmp_path: Path, test: Callable[[TestClient[Any, Any], CentreServer], Awaitable[None]],
                **kwargs: Any) -> None:
    async def run() -> None:
        server = make_server(tmp_path, **kwargs)
        async with TestClient(TestServer(await server._make_app())) as client:
            await test(client, server)

    asyncio.run(run())


# --- where it may listen --------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.5", "localhost", "::1", "[::1]"])
def test_loopback_addresses_are_this_machine(host: str) -> None:
    assert is_loopback(host)
    check_listen(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "centre.example.org", ""])
def test_beyond_loopback_without_a_sign_in_header_it_refuses_to_listen(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(ServeError, match="refusing to listen"):
        check_listen(host, None)
    check_listen(host, HEADER)  # with the proxy's header named, it may


def test_the_command_refuses_before_listening(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "serve", "--host", "0.0.0.0", "--port", "0")
    assert code == 2 and out == ""
    assert err.startswith("case-review: refusing to listen on 0.0.0.0") and err.count("\n") == 1
    code, _, err = run_cli(capsys, "serve", "--trust-header", "X-User: evil", "--port", "0")
    assert code == 2 and "is not a header name" in err


def test_a_centre_config_that_cannot_be_used_stops_the_command(capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    bad = tmp_path / "centre.toml"
    bad.write_text("trainer = ['Tess']\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "serve", "--centre", str(bad), "--port", "0")
    assert code == 1 and "unknown key 'trainer'" in err and err.count("\n") == 1


@pytest.mark.parametrize("kind", ["not a history", "a URL that cannot be read"])
def test_a_history_that_cannot_be_used_stops_the_command_before_anyone_signs_in(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str) -> None:
    """Found once, when the centre starts, rather than by every trainee's session as it opens."""
    db: Path | str
    if kind == "not a history":
        db = tmp_path / "notes.sqlite3"
        db.write_text("shopping list\n", encoding="utf-8")
        expected = "is damaged or is not a case-review history file"
    else:
        db = "postgresql://tess:pw@[db/centre"
        expected = "this is not a URL that can be read"
    code, out, err = run_cli(capsys, "serve", "--db", str(db), "--port", "0")
    assert (code, out) == (1, "") and expected in err and err.count("\n") == 1 and "pw" not in err


# --- who may reach it -------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/ws", "/static/js/textual.js", "/site/start.js", "/download/abc",
                                  "/nothing-here"])
def test_a_request_without_the_sign_in_header_is_refused(tmp_path: Path, path: str) -> None:
    async def test(client: TestClient[Any, Any], _: CentreServer) -> None:
        response = await client.get(path)
        assert response.status == 401
        assert "Sign in" in await response.text()
        assert "Content-Security-Policy" in response.headers

    with_client(tmp_path, test)


@pytest.mark.parametrize("name", ["", "   ", "Ann\tSmith", "Ann\u202eevil", "x" * 121])
def test_a_name_that_cannot_be_used_is_forbidden(tmp_path: Path, name: str) -> None:
    async def test(client: TestClient[Any, Any], _: CentreServer) -> None:
        response = await client.get("/", headers={HEADER: name})
        assert response.status == 403

    with_client(tmp_path, test)


def test_two_names_in_one_request_are_forbidden(tmp_path: Path) -> None:
    async def test(client: TestClient[Any, Any], _: CentreServer) -> None:
        response = await client.get("/", headers=[(HEADER, "Ann Smith"), (HEADER, "Tess Trainer")])
        assert response.status == 403

    with_client(tmp_path, test)


def test_the_page_and_its_files_load_for_a_signed_in_person(tmp_path: Path) -> None:
    async def test(client: TestClient[Any, Any], _: CentreServer) -> None:
        page = await client.get("/", headers=ANN)
        assert page.status == 200
        html = await page.text()
        for path in re.findall(r'(?:src|href)="([^"]+)"|url\("([^"]+)"\)', html):
            address = path[0] or path[1]
            assert address.startswith("/"), address
            loaded = await client.get(address, headers=ANN)
            assert loaded.status == 200 and await loaded.read(), address

    with_client(tmp_path, test)


def test_nothing_on_the_page_comes_from_another_host(tmp_path: Path) -> None:
    """The page names no other host, and the browser is told to load nothing from one (textual.js reads a
    `ping` address from the page's URL and fetches it: the policy stops that too)."""
    async def test(client: TestClient[Any, Any], _: CentreServer) -> None:
        page = await client.get("/", headers=ANN)
        html = await page.text()
        assert "googleapis" not in html and "://" not in html
        assert not re.search(r"""(?:src=|href=|url\()["']?//""", html)  # no address relative to the scheme
        policy = page.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "connect-src 'self'" in policy and "font-src 'self'" in policy
        start = await (await client.get("/site/start.js", headers=ANN)).text()
        assert "window.location.host" in start and "://" not in start

    with_client(tmp_path, test)


def test_a_websocket_from_another_sites_page_is_refused(tmp_path: Path) -> None:
    async def test(client: TestClient[Any, Any], server: CentreServer) -> None:
        response = await client.get("/ws", headers={**ANN, "Origin": "https://evil.example",
                                                    "Connection": "Upgrade", "Upgrade": "websocket",
                                                    "Sec-WebSocket-Version": "13",
                                                    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
        assert response.status == 403
        assert sum(server.sessions.values()) == 0

    with_client(tmp_path, test)


def test_a_person_may_hold_only_so_many_sessions(tmp_path: Path) -> None:
    async def test(client: TestClient[Any, Any], server: CentreServer) -> None:
        server.sessions["Ann Smith"] = 2
        refused = await client.get("/ws", headers=ANN)
        assert refused.status == 429
        server.sessions["Ann Smith"], server.sessions["Bo"] = 0, 3
        full = await client.get("/ws", headers=ANN)
        assert full.status == 503

    with_client(tmp_path, test, sessions_per_person=2, max_sessions=3)


# --- what each app process is given -----------------------------------------------


def test_each_process_has_its_own_identity_settings_and_the_centres_store(tmp_path: Path) -> None:
    server_env = {"PATH": "/usr/bin", "HOME": "/home/server", "CASE_REVIEW_TRAINEE": "The Server",
                  "CASE_REVIEW_ROLE": "trainer", "CASE_REVIEW_GROUP": "Staff",
                  "CASE_REVIEW_SETTINGS": "/home/server/settings.json",
                  "CASE_REVIEW_CONFIG": "/etc/case-review/config.toml",
                  "CASE_REVIEW_DB": "/somewhere/else.sqlite3"}
    centre = Centre(frozenset({"Tess Trainer"}))
    settings = settings_file_for(tmp_path, "Ann Smith")
    env = app_environment(server_env, centre.identity("Ann Smith"), "postgresql://centre/db", settings)
    # The centre's config file (theme, keys) is every session's; its trainee and history are overridden.
    assert env == {"PATH": "/usr/bin", "HOME": "/home/server", "CASE_REVIEW_TRAINEE": "Ann Smith",
                   "CASE_REVIEW_ROLE": "trainee", "CASE_REVIEW_SETTINGS": str(settings),
                   "CASE_REVIEW_CONFIG": "/etc/case-review/config.toml", "CASE_REVIEW_DB": "postgresql://centre/db"}
    trainer = app_environment(server_env, centre.identity("Tess Trainer"), "db", None)
    assert trainer["CASE_REVIEW_ROLE"] == "trainer" and trainer["CASE_REVIEW_TRAINEE"] == "Tess Trainer"
    grouped = Centre(frozenset(), {"Cy": "Spring 2027"})
    assert app_environment(server_env, grouped.identity("Cy"), "db", None)["CASE_REVIEW_GROUP"] == "Spring 2027"
    assert "CASE_REVIEW_SETTINGS" not in trainer
    # Loopback, no sign-in: nobody's identity is passed on, and the sessions are the server's user's, settings too.
    local = app_environment(server_env, None, "db", None)
    assert not {"CASE_REVIEW_TRAINEE", "CASE_REVIEW_ROLE", "CASE_REVIEW_GROUP"} & set(local)
    assert local["CASE_REVIEW_SETTINGS"] == "/home/server/settings.json"


@pytest.mark.parametrize("name", ["../../etc", "/etc/passwd", "..", "a/b", "Ann Smith", "ann smith", "Zoë"])
def test_each_trainees_settings_stay_in_a_folder_of_their_own(tmp_path: Path, name: str) -> None:
    path = settings_file_for(tmp_path, name)
    assert path.parent.parent == tmp_path and path.name == "settings.json"
    assert path.parent.name not in ("", ".", "..")
    others = {settings_file_for(tmp_path, n) for n in ("Ann Smith", "ann smith", "Ann  Smith", "Ann-Smith")}
    assert len(others) == 4


# --- downloads --------------------------------------------------------------------


class _Delivering:
    """An app process as the download relay sees one: it sends the file in one chunk, then an empty one."""

    def __init__(self, server: CentreServer, identity: Identity | None, content: bytes) -> None:
        self.server, self.identity, self.content = server, identity, content
        self.app_service_id = "fake"

    async def send_meta(self, data: dict[str, Any]) -> bool:
        chunk, self.content = self.content, b""
        await self.server.download_manager.chunk_received(data["key"], chunk)
        return True


def test_a_download_goes_to_the_person_whose_app_made_it_and_to_nobody_else(tmp_path: Path) -> None:
    async def test(client: TestClient[Any, Any], server: CentreServer) -> None:
        owner = _Delivering(server, Identity("Ann Smith"), b"<!doctype html><p>Ann's debrief</p>")
        await server.download_manager.create_download(
            app_service=owner, delivery_key="k1", file_name="session-1-mini-test-case.html",  # type: ignore[arg-type]
            open_method="browser", mime_type="text/html", encoding="utf-8")
        other = await client.get("/download/k1", headers={HEADER: "Bo Other"})
        assert other.status == 404
        mine = await client.get("/download/k1", headers=ANN)
        assert mine.status == 200 and await mine.text() == "<!doctype html><p>Ann's debrief</p>"
        assert mine.headers["Content-Disposition"].startswith('attachment; filename="session-1-mini-test-case.html"')
        assert "Content-Security-Policy" in mine.headers
        again = await client.get("/download/k1", headers=ANN)  # one use only
        assert again.status == 404

    with_client(tmp_path, test)


def test_a_download_name_cannot_break_its_header() -> None:
    assert attachment('a"b\r\nSet-Cookie: x.html') == \
        "attachment; filename=\"a_b_Set-Cookie_x.html\"; filename*=UTF-8''a%22b%0D%0ASet-Cookie%3A%20x.html"
    assert attachment("Zoë.md").startswith('attachment; filename="Zo_.md"')


def test_new_scenario_files_are_indexed_before_anyone_signs_in(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Each session's app would read the new files itself (after an upgrade, every file: a cohort signing in at
    once, each app on every core): the command reads them once, before it listens, and says so."""
    import shutil

    from simulator.application.library import listed_library
    from simulator.scenarios.files import bundled_dir, scenario_files
    from simulator.serve import server
    from tests.conftest import MINI

    monkeypatch.setenv("CASE_REVIEW_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "trainer"
    folder.mkdir()
    shutil.copy(MINI, folder / "mini.yaml")
    waiting: list[int] = []
    monkeypatch.setattr(server, "serve", lambda **kwargs: waiting.append(
        listed_library(kwargs["scenario_dirs"]).pending))
    argv = ["serve", "--port", "0", "--db", str(tmp_path / "centre.sqlite3"), "--scenarios", str(folder)]
    code, out, _ = run_cli(capsys, *argv)
    assert code == 0 and waiting == [0]
    files = len(scenario_files([bundled_dir(), folder])[0])  # the bundled library too, the first time
    assert f"reading {files} new or changed scenario files for the library's index" in out
    assert f"{files} cases in the library" in out
    code, out, _ = run_cli(capsys, *argv)  # the next start finds the index up to date and says nothing of it
    assert code == 0 and waiting == [0, 0] and "library" not in out
