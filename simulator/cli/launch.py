"""Where `case-review` and `python -m simulator` start: the command line, with no garbage collection while it
imports.

A launch makes hundreds of thousands of objects, the modules of the command line, the app and Textual, and
none of them is garbage yet: the collections Python would run meanwhile cost the app's first frame about a
tenth (benchmarks/startup.py). So collection is off from here; a command turns it on again once it is
parsed, and the app once its first frame is painted (ui/app.py). Tests call ``simulator.cli.main.main``,
which leaves collection as it finds it.
"""

from __future__ import annotations

import gc


def main() -> int:
    gc.disable()
    from simulator.cli.main import main as run

    return run(collecting=False)
