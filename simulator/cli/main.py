"""The `case-review` command: the parser, and the app when no command is given. `python -m simulator` runs
the same. Every failure a user can cause ends as a one-line message and an exit code, never a traceback."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from simulator import __version__
from simulator.cli.output import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_SOFTWARE,
    EXIT_USAGE,
    OutputError,
    broken_pipe,
    finish_output,
    guarded_output,
    output_failed,
)

if TYPE_CHECKING:
    from simulator.application.config import Vocabulary


def cmd_app(args: argparse.Namespace) -> int:
    try:
        from simulator.ui.app import run_app
    except ImportError as err:  # only while the app is being built
        print(f"case-review: the app is not available: {err}", file=sys.stderr)
        return EXIT_PROBLEMS
    return run_app(args)


def _vocabulary() -> Vocabulary:
    """The key ids and themes a config file may name: the app has them."""
    from simulator.ui.app import config_vocabulary

    return config_vocabulary()


def cmd_completion(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from simulator.cli.shell import completion

    sys.stdout.write(completion(parser, args.shell))
    return EXIT_OK


def cmd_man(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from simulator.cli.shell import man_page

    sys.stdout.write(man_page(parser))
    return EXIT_OK


def _register_shell(sub: argparse._SubParsersAction[argparse.ArgumentParser], parser: argparse.ArgumentParser) -> None:
    from simulator.cli.shell import SHELLS

    p = sub.add_parser(
        "completion", help="print a shell completion script",
        description="Print the completion script for your shell, made from this command's own options. Load it "
                    "with `source <(case-review completion bash)` (zsh the same; fish: `case-review completion "
                    "fish | source`), or save it where your shell keeps completions.")
    p.add_argument("shell", choices=SHELLS, metavar="SHELL", help=f"the shell: {', '.join(SHELLS)}")
    p.set_defaults(func=lambda args: cmd_completion(args, parser))
    p = sub.add_parser(
        "man", help="print the manual page",
        description="Print the manual page (roff), made from this command's own help. Read it with "
                    "`case-review man | man -l -`, or save it as case-review.1 in a man folder.")
    p.set_defaults(func=lambda args: cmd_man(args, parser))


# Every command's name: a command line with none of them, and no call for help, can only start the app.
COMMANDS = frozenset({"check-key", "cohort", "compare", "completion", "config", "export", "history", "list", "man",
                      "new", "schema", "score", "serve", "show", "validate"})


class _NotTheApp(Exception):
    """The app's options alone could not read the command line: the whole parser reads it, and says why."""


class _AppParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheApp(message)


def _app_options(parser: argparse.ArgumentParser) -> None:
    # A separate dest: a subcommand's own default would otherwise overwrite what came before it.
    parser.add_argument("--scenarios", metavar="DIR", action="append", default=[], dest="global_scenarios",
                        help="add a directory of trainer scenario files to the library (repeatable)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="PATH|URL", dest="app_db", default=None,
                        help="the history the app saves sessions in: a file, or a postgresql:// URL for a shared "
                             "store (default: CASE_REVIEW_DB, else the config file's [data] history, else the user "
                             "data folder)")
    parser.add_argument("--author", action="store_true", dest="author",
                        help="author preview: show each case's answer key, armed never-events and clock while "
                             "playing, jump to any stage, and reload a scenario file when it is saved")
    parser.add_argument("--no-twins", action="store_true", dest="no_twins",
                        help="twin cases: play every session as the first twin, drawing none at random (for a "
                             "trainer trying a case; the cohort report leaves such sessions out)")
    parser.set_defaults(func=cmd_app)


PROG = "case-review"
DESCRIPTION = "Case Review Simulator: synthetic child-protection cases, scored against Ofsted-style criteria."


def build_parser() -> argparse.ArgumentParser:
    # The commands' modules are imported here, not at the top: opening the app needs none of them.
    from simulator.cli import compare_commands, config_commands, history_commands, scenario_commands, serve_commands

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--scenarios", metavar="DIR", action="append", default=[],
                        help="add a directory of trainer scenario files to the library (repeatable)")
    parser = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION)
    _app_options(parser)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    scenario_commands.register(sub, common)
    history_commands.register(sub, common)
    compare_commands.register(sub, common)
    serve_commands.register(sub, common)
    scenario_commands.register_schema(sub)
    config_commands.register(sub, _vocabulary)
    _register_shell(sub, parser)
    return parser


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line read. When it names no command and asks for no help, it can only mean the app: its
    options alone read it, and the commands' parsers are not built (with their modules, about 8 ms of the
    app's first frame, a thirtieth). Anything those options cannot read is read again by the whole parser, which
    reports it as always."""
    words = sys.argv[1:] if argv is None else list(argv)
    if not any(word in COMMANDS or word in ("-h", "--help") for word in words):
        app = _AppParser(prog=PROG, add_help=False)  # "--hel" asks for help too: the whole parser gives it
        _app_options(app)
        try:
            return app.parse_args(words)
        except _NotTheApp:
            pass
    return build_parser().parse_args(words)


def main(argv: Sequence[str] | None = None, *, collecting: bool = True) -> int:
    """``collecting``: False when launched with garbage collection off (cli/launch.py): on again here for a
    command, after the first frame for the app."""
    with guarded_output():
        try:
            args = _parse(argv)
            args.scenarios = [*args.global_scenarios, *getattr(args, "scenarios", [])]
            for folder in args.scenarios:
                if not Path(folder).exists():
                    build_parser().error(f"--scenarios {folder}: no such folder (give a folder of scenario files, or "
                                         "one file)")
        except SystemExit as stop:  # --help, --version, or a usage error argparse has reported
            code = stop.code if isinstance(stop.code, int) else EXIT_USAGE if stop.code else 0
            return _finished(code)
        if getattr(args, "db", None) is None:
            args.db = args.app_db  # `case-review --db X history` means the same as `case-review history --db X`
        if args.func is not cmd_app:
            if not collecting:
                gc.enable()
            return _run(args)
    return _run(args)  # the app draws on the terminal itself, with the streams as they were


def _run(args: argparse.Namespace) -> int:
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return broken_pipe()
    except OutputError as err:
        return output_failed(err)
    except Exception as err:  # the last resort: a bug of ours, said in one line rather than a traceback
        print(f"case-review: unexpected error (a fault in case-review; please report it): "
              f"{type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_SOFTWARE
    return code if args.func is cmd_app else _finished(code)


def _finished(code: int) -> int:
    """``code``, unless what the command printed could not all be written."""
    failed = finish_output()
    return code if failed is None else failed
