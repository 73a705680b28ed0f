"""`case-review serve`: the app served to a training centre's browsers (docs/serving.md).

The server (textual-serve and aiohttp) is imported only when the command runs, so building the parser stays cheap.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulator.application.centre import CENTRE_ENV_VAR
from simulator.application.config import APP_NAME, DB_ENV_VAR
from simulator.cli.output import EXIT_OK, EXIT_USAGE, fail, reading_new_files

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(subparsers: Any, common_parent: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "serve", parents=[common_parent], help="serve the app to a training centre's browsers",
        description="Serve the app to browsers, one app process per browser session. Each session's trainee is "
                    "the name in the header that the centre's sign-in proxy sets (--trust-header); a request "
                    "without it is refused. Without --trust-header it listens on this machine only, and every "
                    "session is yours. See docs/serving.md.",
    )
    p.add_argument("--host", default=DEFAULT_HOST, help=f"the address to listen on (default: {DEFAULT_HOST})")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the port (default: {DEFAULT_PORT}; 0: any free "
                   "port, said on start)")
    p.add_argument("--trust-header", metavar="NAME", default=None,
                   help="the header in which the sign-in proxy names the signed-in person, such as "
                        "X-Forwarded-User; only the proxy may reach the server")
    p.add_argument("--centre", metavar="FILE", default=None,
                   help=f"the centre's config file naming its trainers (default: ${CENTRE_ENV_VAR}; none: "
                        "nobody is a trainer)")
    p.add_argument("--db", metavar="PATH_OR_URL", default=None,
                   help=f"the store every session saves in, passed to each app process (default: ${DB_ENV_VAR}, "
                        "else the config file's [data] history, else the user data folder)")
    p.add_argument("--settings-dir", metavar="DIR", default=None,
                   help="where each trainee's own settings are kept (default: a folder in the user data folder)")
    p.add_argument("--max-sessions", type=int, default=300, metavar="N",
                   help="browser sessions open at once, in all (default: 300)")
    p.add_argument("--sessions-per-person", type=int, default=4, metavar="N",
                   help="browser sessions one person may have open at once (default: 4)")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    import platformdirs

    from simulator.application.centre import CentreError, load_centre
    from simulator.cli.history_commands import db_path
    from simulator.serve.server import ServeError, check_listen, serve

    if not 0 <= args.port <= 65535 or args.max_sessions < 1 or args.sessions_per_person < 1:
        fail("--port must be 0 to 65535, and --max-sessions and --sessions-per-person at least 1")
        return EXIT_USAGE
    try:
        check_listen(args.host, args.trust_header)
    except ServeError as err:
        fail(err.message)
        return EXIT_USAGE
    try:
        centre = load_centre(args.centre)
    except CentreError as err:
        return fail(err.message)
    # The store is passed on as given (a file or a postgresql:// URL); only the default is worked out here,
    # once, so that every session saves in the same place.
    db = str(db_path(args.db))
    problem = _history_problem(db)
    if problem:
        return fail(problem)
    settings_root = None
    if args.trust_header is not None:
        settings_root = Path(args.settings_dir).expanduser() if args.settings_dir else \
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "trainees"
    index_library_before_serving(args.scenarios)
    try:
        serve(host=args.host, port=args.port, trust_header=args.trust_header, centre=centre, db=db,
              settings_root=settings_root, scenario_dirs=args.scenarios, max_sessions=args.max_sessions,
              sessions_per_person=args.sessions_per_person)
    except ServeError as err:
        return fail(err.message)
    except OSError as err:
        return fail(f"cannot listen on {args.host}:{args.port}: {err.strerror or err}")
    return EXIT_OK


def index_library_before_serving(scenario_dirs: list[str]) -> None:
    """Read the files new or changed since the library's index was made (a new folder, or every file after an
    upgrade), before anyone signs in. Each session's app would otherwise read them all itself: a cohort
    signing in at nine after an upgrade, each app on every core at once. The apps share the index, in the
    same cache folder."""
    from simulator.application.library import listed_library, open_library

    waiting = listed_library(scenario_dirs).pending
    if not waiting:
        return
    print(f"case-review serve: {reading_new_files(waiting)}", flush=True)
    library = open_library(scenario_dirs)
    problems = len({p.path for p in library.problems})
    print(f"case-review serve: {len(library.entries):,} cases in the library"
          + (f"; {problems:,} {'file' if problems == 1 else 'files'} with problems (case-review validate)"
             if problems else ""), flush=True)


def _history_problem(db: str) -> str | None:
    """What stops the centre's history being used, found before anyone signs in: every session would otherwise
    start and say it. A file must be a history (or not there yet); a URL must be one that can be read. A server
    that cannot be reached yet is not a problem here: it may still be starting, and each session tries it."""
    from simulator.store.backend import as_location, is_url, other_url, shown, url_problem
    from simulator.store.database import Store
    from simulator.store.errors import StoreError

    if is_url(db) or other_url(db):
        problem = url_problem(db)
        return f"{shown(db)}: {problem}" if problem else None
    try:
        with Store.open(as_location(db), create=True):
            return None
    except StoreError as err:
        return err.message
