"""`case-review serve`: textual-serve's server, made fit for a training centre (docs/serving.md).

textual-serve 1.1.3 runs one app process per browser session, but it asks nobody who is there, gives every
process the server's own environment (one settings file and one trainee for everybody), builds the page's
addresses from the address it listens on, and loads a font from an outside host. ``CentreServer`` keeps its
process handling, its packet protocol and its download relay, and changes what a centre needs changed:

- every request (the page, its files, the websocket, a download) carries the trusted header that the
  centre's sign-in proxy sets, or is refused: 401 without it, 403 with a name that cannot be used;
- each app process gets its own environment: the trainee's name and role (``application/centre.py``), its own
  settings file, the centre's store unchanged, and nothing of any identity the server itself was given;
  it is started from a list of arguments, never through a shell;
- the page is ours: every file it loads comes from this server (a Content-Security-Policy says so to the
  browser), its websocket address is the one the page came from (so it works behind any proxy), and the
  websocket is refused to a page of another site;
- a download is handed only to the person whose app made it;
- a person may hold a few sessions at once, and the server a bounded number, so that one browser cannot start
  processes without end.

Without a trusted header the server listens on loopback only, and each session is the terminal app of the person
running the server (`serve` refuses anything else: see ``check_listen``).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import ipaddress
import logging
import os
import re
import signal
import sys
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp
import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager
from textual_serve.server import Server, to_int

from simulator.application.centre import (
    IDENTITY_ENV_VARS,
    Centre,
    CentreError,
    Identity,
)
from simulator.application.config import DB_ENV_VAR, SETTINGS_ENV_VAR, SETTINGS_FILE

log = logging.getLogger("case-review.serve")

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
SITE = HERE / "site"
TITLE = "Case Review Simulator"

DEFAULT_MAX_SESSIONS = 300
DEFAULT_SESSIONS_PER_PERSON = 4

# The browser is told to load nothing from anywhere but this server, and to connect nowhere else.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_HEADER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")


class ServeError(Exception):
    """A server that cannot be started as asked, with a one-line message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def attachment(file_name: str) -> str:
    """A Content-Disposition that saves the file as ``file_name``: a plain ASCII name for every browser, and
    the name itself, percent-encoded, for those that read RFC 6266's ``filename*``."""
    plain = re.sub(r"[^A-Za-z0-9._-]+", "_", file_name).strip("._") or "export"
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only: ``localhost``, 127.0.0.0/8 or ::1."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_listen(host: str, trust_header: str | None) -> None:
    """Raise ServeError when the server would listen beyond loopback with nobody to say who is there, or the
    header named is not a header's name."""
    if trust_header is not None and not _HEADER_NAME.fullmatch(trust_header):
        raise ServeError(f"--trust-header {trust_header!r} is not a header name (letters, digits and '-')")
    if trust_header is None and not is_loopback(host):
        raise ServeError(f"refusing to listen on {host}: beyond this machine every browser session needs a "
                         "signed-in name. Put the centre's sign-in proxy in front and name the header it sets "
                         "with --trust-header (docs/serving.md), or listen on 127.0.0.1.")


def settings_file_for(settings_root: Path, name: str) -> Path:
    """The trainee's own settings file under ``settings_root``: a folder named from their name that no name
    can steer elsewhere (a readable part and a digest of the whole name)."""
    readable = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "trainee"
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
    return settings_root / f"{readable}-{digest}" / SETTINGS_FILE


def app_environment(base: Mapping[str, str], identity: Identity | None, db: str,
                    settings_file: Path | None) -> dict[str, str]:
    """The environment of one app process: ``base`` (the server's) without any identity it held, then this
    session's: the name and role, the settings file, the store. A signed-in person never gets the server's own
    settings file; without sign-in (loopback) every session is the person who runs the server, with theirs."""
    dropped = (*IDENTITY_ENV_VARS, SETTINGS_ENV_VAR) if identity is not None else IDENTITY_ENV_VARS
    env = {k: v for k, v in base.items() if k not in dropped}
    if identity is not None:
        env.update(identity.environment())
    if settings_file is not None:
        env[SETTINGS_ENV_VAR] = str(settings_file)
    env[DB_ENV_VAR] = db
    return env


class SessionService(AppService):
    """One browser session's app process, started from a list of arguments with its own environment."""

    def __init__(self, argv: Sequence[str], environment: Mapping[str, str], identity: Identity | None,
                 **kwargs: Any) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.argv = list(argv)
        self.environment = dict(environment)
        self.identity = identity

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        textual = super()._build_environment(width, height)
        env = dict(self.environment)
        # The driver and the size textual-serve sets; nothing else of the server's environment.
        for key in ("TEXTUAL_DRIVER", "TEXTUAL_FPS", "TEXTUAL_COLOR_SYSTEM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION",
                    "COLUMNS", "ROWS"):
            env[key] = textual[key]
        return env

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=self._build_environment(width=width, height=height))
        assert process.stdin is not None
        self._stdin = process.stdin
        return process


class Downloads(DownloadManager):
    """textual-serve's download relay, forgetting a session's downloads when the session ends (its own keeps
    them, and a later request would wait on a process that has gone)."""

    async def forget(self, service: AppService) -> None:
        await self.cancel_app_downloads(app_service_id=service.app_service_id)
        for key in [k for k, d in self._active_downloads.items() if d.app_service is service]:
            del self._active_downloads[key]


class CentreServer(Server):
    """textual-serve's server with sign-in, a process of one's own per session, and nothing from outside."""

    def __init__(self, *, host: str, port: int, trust_header: str | None, centre: Centre, db: str,
                 settings_root: Path | None, app_argv: Sequence[str], base_environment: Mapping[str, str],
                 max_sessions: int = DEFAULT_MAX_SESSIONS,
                 sessions_per_person: int = DEFAULT_SESSIONS_PER_PERSON) -> None:
        check_listen(host, trust_header)
        super().__init__(" ".join(app_argv), host=host, port=port, title=TITLE, templates_path=TEMPLATES)
        self.trust_header = trust_header
        self.centre = centre
        self.db = db
        self.settings_root = settings_root
        self.app_argv = list(app_argv)
        self.base_environment = dict(base_environment)
        self.max_sessions = max_sessions
        self.sessions_per_person = sessions_per_person
        self.download_manager: Downloads = Downloads()
        self.sessions: Counter[str] = Counter()  # live sessions per person ("" for the loopback user)
        self.bound_port: int | None = None
        self.websockets: set[web.WebSocketResponse] = set()

    # --- who is there -------------------------------------------------------

    def identity_of(self, request: web.Request) -> Identity | None:
        """The signed-in person, from the trusted header; None when no header is trusted (loopback use).
        Raises HTTPUnauthorized without the header, HTTPForbidden with a name that cannot be used."""
        if self.trust_header is None:
            return None
        values = request.headers.getall(self.trust_header, [])
        if not values:
            raise web.HTTPUnauthorized(text="Sign in through your training centre's sign-in page.\n")
        if len(values) > 1:
            raise web.HTTPForbidden(text="More than one signed-in name came with this request.\n")
        try:
            return self.centre.identity(values[0])
        except CentreError as err:
            raise web.HTTPForbidden(text=f"This sign-in name cannot be used: {err.message}.\n") from None

    @web.middleware
    async def _guard(self, request: web.Request,
                     handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        try:
            self.identity_of(request)  # refused here, before any handler; handlers ask again (it is cheap)
            response = await handler(request)
        except web.HTTPException as refused:
            refused.headers.update(SECURITY_HEADERS)
            raise
        if not response.prepared:  # a websocket or a download has sent its headers already
            response.headers.update(SECURITY_HEADERS)
        return response

    # --- the web application -------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, show_index=False, name="static"),
            web.static("/site", SITE, show_index=False, name="site"),
        ])
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        context = {
            "font_size": max(8, min(32, to_int(request.query.get("fontsize", "16"), 16))),
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    def _same_site(self, request: web.Request) -> bool:
        """A websocket opened by a page of this server (or by a program that sends no Origin), not by a page
        of another site that the signed-in person happens to have open."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        return origin.split("://", 1)[-1].rstrip("/").lower() == request.host.lower()

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        identity = self.identity_of(request)
        if not self._same_site(request):
            raise web.HTTPForbidden(text="This session can only be opened from the simulator's own page.\n")
        person = "" if identity is None else identity.name
        if sum(self.sessions.values()) >= self.max_sessions:
            raise web.HTTPServiceUnavailable(text="The simulator is full just now; try again in a few minutes.\n")
        if self.sessions[person] >= self.sessions_per_person:
            raise web.HTTPTooManyRequests(text=f"You have {self.sessions_per_person} sessions open already; close "
                                          "one (its tab) and start again.\n")
        width = max(20, min(500, to_int(request.query.get("width", "80"), 80)))
        height = max(10, min(200, to_int(request.query.get("height", "24"), 24)))
        settings = None if identity is None or self.settings_root is None else \
            settings_file_for(self.settings_root, identity.name)
        if settings is not None:
            settings.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        environment = app_environment(self.base_environment, identity, self.db, settings)

        websocket = web.WebSocketResponse(heartbeat=15)
        self.sessions[person] += 1
        self.websockets.add(websocket)
        service: SessionService | None = None
        try:
            await websocket.prepare(request)
            service = SessionService(self.app_argv, environment, identity, write_bytes=websocket.send_bytes,
                                     write_str=websocket.send_str, close=websocket.close,
                                     download_manager=self.download_manager, debug=self.debug)
            await service.start(width, height)
            try:
                await self._process_messages(websocket, service)
            finally:
                await service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one session's failure is logged; the server and other sessions go on
            log.exception(error)
        finally:
            self.sessions[person] -= 1
            self.websockets.discard(websocket)
            if service is not None:
                await service.stop()
                await self.download_manager.forget(service)
                await _ended(service)
        return websocket

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file an app process delivered, to the person whose app it is and to nobody else; always as an
        attachment, so an HTML export never runs as a page of this server."""
        identity = self.identity_of(request)
        key = request.match_info["key"]
        try:
            download = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="This download has gone; export it again.\n") from None
        if getattr(download.app_service, "identity", None) != identity:
            raise web.HTTPNotFound(text="This download has gone; export it again.\n")
        response = web.StreamResponse()
        charset = f"; charset={download.encoding}" if download.encoding else ""
        response.headers["Content-Type"] = f"{download.mime_type}{charset}"
        response.headers["Content-Disposition"] = attachment(download.file_name)
        response.headers.update(SECURITY_HEADERS)
        await response.prepare(request)
        async for chunk in self.download_manager.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    # --- running --------------------------------------------------------------

    async def on_shutdown(self, app: web.Application) -> None:
        """Stopping: close every session's websocket, so that each handler asks its process to quit now rather
        than after aiohttp's grace period."""
        await asyncio.gather(*(ws.close(code=aiohttp.WSCloseCode.GOING_AWAY, message=b"The server is stopping.")
                               for ws in list(self.websockets)), return_exceptions=True)

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints a banner here; ours says where it listens once it does (see ``run``)."""

    async def run(self, ready: Callable[[str], None] | None = None) -> None:
        """Listen until SIGINT or SIGTERM; ``ready`` is told the address once it listens."""
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, stop.set)
        runner = web.AppRunner(await self._make_app(), handle_signals=False, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
            addresses = runner.addresses
            self.bound_port = int(addresses[0][1]) if addresses else self.port
            if ready is not None:
                ready(f"http://{self.host}:{self.bound_port}")
            await stop.wait()
        finally:
            await runner.cleanup()


async def _ended(service: SessionService) -> None:
    """Make sure the session's process has gone (it was asked to quit; one that will not is ended)."""
    process = service._process
    if process is None or process.returncode is not None:
        return
    try:
        await asyncio.wait_for(process.wait(), timeout=10)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


def app_argv(scenario_dirs: Sequence[str]) -> list[str]:
    """The command each session runs: this Python, the app alone, the trainer's folders."""
    argv = [sys.executable, "-m", "simulator.ui"]
    for folder in scenario_dirs:
        argv += ["--scenarios", str(Path(folder).resolve())]
    return argv


def serve(*, host: str, port: int, trust_header: str | None, centre: Centre, db: str, settings_root: Path | None,
          scenario_dirs: Sequence[str], environ: Mapping[str, str] | None = None,
          max_sessions: int = DEFAULT_MAX_SESSIONS, sessions_per_person: int = DEFAULT_SESSIONS_PER_PERSON) -> None:
    """Serve until stopped. Raises ServeError (before listening) for what cannot be served as asked, and
    OSError when the address cannot be listened on."""
    server = CentreServer(host=host, port=port, trust_header=trust_header, centre=centre, db=db,
                          settings_root=settings_root, app_argv=app_argv(scenario_dirs),
                          base_environment=os.environ if environ is None else environ,
                          max_sessions=max_sessions, sessions_per_person=sessions_per_person)
    logging.basicConfig(level=logging.WARNING, format="case-review serve: %(message)s")

    def ready(url: str) -> None:
        who = f"each session named by the {trust_header} header" if trust_header else \
            "loopback only, every session yours"
        print(f"case-review serve: listening on {url} ({who}); ctrl+c stops", flush=True)

    asyncio.run(server.run(ready))
