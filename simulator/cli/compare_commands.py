"""`case-review compare SESSION SESSION [--json]`: two attempts at one case side by side (design.md's contract).

The store, the reports and the library are imported when the command runs, so building the parser stays cheap.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from simulator.application.config import DB_ENV_VAR, resolve_db_path
from simulator.cli.output import EXIT_OK, fail, plain, write_stdout

if TYPE_CHECKING:
    from simulator.application.library import Library


def register(subparsers: Any, common_parent: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "compare", parents=[common_parent], help="two attempts at one case side by side",
        description="Compare two sessions of the same case (by number, see `case-review history`, or uuid): "
                    "decisions, flags, actions, timing and grades per criterion, each difference marked with *, "
                    "and, for a re-branch, where the two part.",
    )
    p.add_argument("first", metavar="SESSION", help="the first session (A): its number or uuid")
    p.add_argument("second", metavar="SESSION", help="the second session (B): its number or uuid")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--db", metavar="PATH",
                   help=f"the history database (default: ${DB_ENV_VAR}, else the config file's [data] history, "
                        f"else {resolve_db_path(None, {})})")
    p.set_defaults(func=cmd_compare)


def cmd_compare(args: argparse.Namespace) -> int:
    from simulator.application.compare import CompareError, compare_stored
    from simulator.application.library import open_library
    from simulator.cli.history_commands import db_path
    from simulator.reports.comparison import comparison_json, comparison_text
    from simulator.store.database import Store
    from simulator.store.errors import StoreError

    extra = getattr(args, "scenarios", []) or []

    def library() -> Library:
        return open_library(extra)

    try:
        with Store.open(db_path(args.db), create=False, only_reads=True) as store:
            comparison = compare_stored(store, args.first, args.second, library)
    except (StoreError, CompareError) as err:
        return fail(err.message)
    write_stdout(comparison_json(comparison) if args.json else comparison_text(comparison, plain))
    return EXIT_OK
