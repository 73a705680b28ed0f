"""A PostgreSQL server for the tests, and a fresh schema in it per test.

Which server: ``CASE_REVIEW_TEST_PG`` (the URL of a server to use: `.ci/run` starts a throwaway cluster from
Debian's package and names it here), else one from ``pgserver`` (PostgreSQL in a pip package, a test dependency,
so a machine with only Python runs these tests too), started in a temporary folder for this test process and
stopped when it ends. Neither: the PostgreSQL runs are skipped with one line saying why.

Each test gets a schema of its own (``CREATE SCHEMA``, dropped after) and a URL that names it
(``options=-csearch_path=...``), so tests in parallel never see each other's tables, at the cost of a few
milliseconds rather than a database each.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

ENV_VAR = "CASE_REVIEW_TEST_PG"
_server: dict[str, str] = {}
_started: list[tuple[Any, str]] = []  # (pgserver's server, the folder made for it)


def server_url() -> str:
    """The URL of the server the tests use (started once per test process); skips the test when there is none."""
    if "url" in _server:
        return _server["url"]
    if "skip" in _server:
        pytest.skip(_server["skip"])
    given = os.environ.get(ENV_VAR, "")
    if given:
        _server["url"] = given
        return given
    try:
        with warnings.catch_warnings():  # platformdirs' note that XDG_RUNTIME_DIR is unset, on import
            warnings.simplefilter("ignore")
            import pgserver  # type: ignore[import-untyped]
    except ImportError:
        _server["skip"] = f"no PostgreSQL to test against: pgserver is not installed and {ENV_VAR} is not set"
        pytest.skip(_server["skip"])
    data = tempfile.mkdtemp(prefix="case-review-pg-")  # short: the server's socket lives in it
    try:
        with warnings.catch_warnings(), _one_at_a_time():
            warnings.simplefilter("ignore")
            server = pgserver.get_server(os.path.join(data, "data"), cleanup_mode="delete")
    except Exception as err:  # pgserver could not start one here: say so once, skip the rest
        _server["skip"] = f"pgserver could not start PostgreSQL here: {err}"
        pytest.skip(_server["skip"])
    _started.append((server, data))
    atexit.register(stop_servers)  # and at the session's end (stop_test_postgres): whichever comes first
    _server["url"] = server.get_uri()
    return _server["url"]


def stop_servers() -> None:
    """Stop the servers this process started and remove their folders (the session's end, or exit)."""
    while _started:
        server, folder = _started.pop()
        with contextlib.suppress(Exception):
            server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)
    _server.clear()


@pytest.fixture(scope="session", autouse=True)
def stop_test_postgres() -> Iterator[None]:
    """A test process's server is stopped when its tests end: pytest-xdist's workers may leave without running
    atexit handlers."""
    yield
    stop_servers()


@contextlib.contextmanager
def _one_at_a_time() -> Iterator[None]:
    """Test processes start their servers one at a time: run as root, pgserver first creates a system user,
    and two processes doing that at once on a fresh machine would fail one of them."""
    try:
        import fcntl
    except ImportError:  # Windows: no root, no user to create
        yield
        return
    with open(os.path.join(tempfile.gettempdir(), "case-review-pgserver.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def with_schema(url: str, schema: str) -> str:
    """``url`` with its search_path set to ``schema``."""
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL of a fresh, empty schema; dropped after the test."""
    import psycopg

    base = server_url()
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_schema(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            # Sessions of the test's stores may still be ending; their locks must not hold the drop up.
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
