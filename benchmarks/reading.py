"""Reading many new scenario files, as a trainer meets it: `list` with an empty library index (a folder of new
files, or any folder after an upgrade, which rebuilds the index) and `validate`, each on every usable core
and on one (`taskset -c 0`, so the same code reads the files one after another).

    .venv/bin/python benchmarks/reading.py [--files N] [--runs N]

The files are the bundled scenarios copied round with ids of their own (as benchmarks/startup.py makes them).
Each figure is the median wall time of the command, run from this venv's `case-review`. Measure from a wheel
install, as for startup.py. How long the app takes to list the same files is the `list` figure plus the
app's own start: it reads them the same way, in a thread, while the cases its index has are listed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from startup import trainer_files  # type: ignore[import-not-found]

BIN = Path(sys.executable).parent


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env, cwd="/")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000, help="trainer files (default %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default %(default)s)")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    one_core = ["taskset", "-c", str(min(os.sched_getaffinity(0)))] if shutil.which("taskset") else None
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "trainer"
        folder.mkdir()
        trainer_files(folder, args.files)
        app = str(BIN / "case-review")
        print(f"{args.files} new trainer files (and the bundled library); median of {args.runs} runs")
        for name, command in (("list, empty index", [app, "list", "--scenarios", str(folder)]),
                              ("validate", [app, "validate", str(folder)])):
            figures = []
            for label, prefix in ((f"{cores} cores", []), ("1 core", one_core)):
                if prefix is None:
                    continue
                runs = []
                for n in range(args.runs):
                    env = {**os.environ, "CASE_REVIEW_CACHE": str(root / f"cache-{label}-{n}")}
                    runs.append(timed([*prefix, *command], env))
                figures.append(f"{label} {statistics.median(runs):.2f} s")
            print(f"  {name:<20} " + "   ".join(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
