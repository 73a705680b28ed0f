"""The `case-review` command: the parser, and the app when no command is given. `python -m simulator` runs
the same. Every failure a user can cause ends as a one-line message and an exit code, never a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from simulator import __version__
from simulator.cli import compare_commands, history_commands, scenario_commands
from simulator.cli.output import EXIT_OK, EXIT_PROBLEMS


def cmd_app(args: argparse.Namespace) -> int:
    try:
        from simulator.ui.app import run_app
    except ImportError as err:  # only while the app is being built
        print(f"case-review: the app is not available: {err}", file=sys.stderr)
        return EXIT_PROBLEMS
    return run_app(args)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--scenarios", metavar="DIR", action="append", default=[],
                        help="add a directory of trainer scenario files to the library (repeatable)")
    parser = argparse.ArgumentParser(
        prog="case-review",
        description="Case Review Simulator: synthetic child-protection cases, scored against Ofsted-style criteria.",
    )
    # A separate dest: a subcommand's own default would otherwise overwrite what came before it.
    parser.add_argument("--scenarios", metavar="DIR", action="append", default=[], dest="global_scenarios",
                        help="add a directory of trainer scenario files to the library (repeatable)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="PATH", dest="app_db", default=None,
                        help="the history database the app saves sessions in (default: CASE_REVIEW_DB, or the "
                             "user data folder)")
    parser.add_argument("--author", action="store_true", dest="author",
                        help="author preview: show each case's answer key, armed never-events and clock while "
                             "playing, jump to any stage, and reload a scenario file when it is saved")
    parser.add_argument("--no-twins", action="store_true", dest="no_twins",
                        help="twin cases: play every session as the first twin, drawing none at random (for a "
                             "trainer trying a case; the cohort report leaves such sessions out)")
    parser.set_defaults(func=cmd_app)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    scenario_commands.register(sub, common)
    history_commands.register(sub, common)
    compare_commands.register(sub, common)
    scenario_commands.register_schema(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.scenarios = [*args.global_scenarios, *getattr(args, "scenarios", [])]
    if getattr(args, "db", None) is None:
        args.db = args.app_db  # `case-review --db X history` means the same as `case-review history --db X`
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return code
