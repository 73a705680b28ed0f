"""`case-review config`: where the config file is, what it sets, and whether it is right (docs/config.md)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from simulator.application.config import CONFIG_ENV_VAR, config_items, config_path, load_config
from simulator.cli.output import EXIT_OK, EXIT_PROBLEMS, count, plain

if TYPE_CHECKING:
    from simulator.application.config import Vocabulary


def register(sub: Any, vocabulary: Callable[[], Vocabulary]) -> None:
    """Add `config` to ``sub``; ``vocabulary`` gives the key ids and themes a config file may name (the app
    has them: the command line asks it only when this command runs)."""
    p = sub.add_parser(
        "config", help="show or check your config file",
        description=f"Show where your config file is (${CONFIG_ENV_VAR}, else the user config folder) and what it "
                    "sets, or check it: one `path:line:col: error: message` line per problem. Exit 0 when it is "
                    "right or not there, 1 when it has problems. docs/config.md describes every setting.",
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument("--path", action="store_true", help="print only the config file's path (it may not exist yet)")
    what.add_argument("--check", action="store_true",
                      help="check the file: every problem with its line; exit 1 if there are any")
    p.set_defaults(func=lambda args: cmd_config(args, vocabulary))


def cmd_config(args: argparse.Namespace, vocabulary: Callable[[], Vocabulary]) -> int:
    path = config_path()
    if args.path:
        print(path)
        return EXIT_OK
    read = load_config(path, vocabulary())
    if not read.found:
        print(f"no config file at {path}: the defaults apply (docs/config.md says what one can set)")
        return EXIT_OK
    for problem in read.problems:
        print(plain(problem.format()))
    if args.check:
        if read.problems:
            print(f"{count(len(read.problems), 'problem')} in {path}; what they set is not used")
            return EXIT_PROBLEMS
        print(f"{path}: no problems")
        return EXIT_OK
    print(f"config file: {path}" + (f" ({count(len(read.problems), 'problem')}; --check for them alone)"
                                     if read.problems else ""))
    items = list(config_items(read.config))
    if not items:
        print("  it sets nothing: the defaults apply")
    for name, value in items:
        print(f"  {name} = {plain(value)}")
    return EXIT_PROBLEMS if read.problems else EXIT_OK
