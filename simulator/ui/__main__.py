"""`python -m simulator.ui [--scenarios DIR]`: the app alone.

`case-review` opens the same app, through a command line that also loads
every other subcommand first; this entry point skips that, which is how
benchmarks/startup.py tells the app's own start-up from the command line's.
"""

from __future__ import annotations

import argparse
import gc
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from simulator.ui.app import run_app

    parser = argparse.ArgumentParser(prog="python -m simulator.ui", description="Open the case review app.")
    parser.add_argument("--scenarios", metavar="DIR", action="append", default=[],
                        help="add a directory of trainer scenario files to the library (repeatable)")
    return run_app(parser.parse_args(argv))


if __name__ == "__main__":
    # As cli/launch.py: no collection while the app imports and draws its first frame (run_app turns it on
    # again). `case-review serve` starts each browser session's app this way.
    gc.disable()
    raise SystemExit(main())
