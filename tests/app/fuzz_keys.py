"""Random bursts of keys, sent with no wait between (as a terminal sends a fast typist's keys), into the app on
the bundled library, each burst from wherever the one before left it. Any exception the app raises ends that
run, and is printed with the last bursts that led to it.

    .venv/bin/python -m tests.app.fuzz_keys [--runs N] [--bursts N] [--seed N] [--author] [--resize]

Not part of the suite (it runs for minutes, and a failure needs reading): run it after changing how screens
come and go. It found the dialogs dismissed twice (ui/screens/base.DismissedOnce) and the palette choosing
twice (ui/commands.Palette): 8 runs in 30 ended in a traceback before those mends; and, with --resize, boxes
squeezed to no width (app.tcss): 7 runs in 15.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import tempfile
import traceback
from pathlib import Path

KEYS = (
    "enter", "enter", "enter", "escape", "escape", "tab", "shift+tab", "up", "down", "down", "left", "right",
    "d", "e", "a", "c", "n", "f", "r", "s", "h", "u", "y", "x", "1", "2", "3", "space", "ctrl+s", "ctrl+p",
    "ctrl+n", "f1", "slash", "backspace", "p", "m", "w", "g", "t", "l", "o", "i", "z", "b", "v", "question_mark",
    "ctrl+t", "f2", "f3", "f3",
)


async def one_run(seed: int, bursts: int, seen: set[str], author: bool = False, resize: bool = False) -> str | None:
    from simulator.ui.app import make_app
    from tests.app.helpers import keys_in_flight

    rng = random.Random(seed)
    app = make_app(author=author)
    sent: list[list[str]] = []
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(40):
                await pilot.pause()
                if app.library is not None and not app.library.pending and app.history is not None:
                    break
            for _ in range(bursts):
                burst = [rng.choice(KEYS) for _ in range(rng.randint(1, 5))]
                sent.append(burst)
                keys_in_flight(app, *burst)
                if resize and rng.random() < 0.2:  # the terminal resized meanwhile, to any size at all
                    size = (rng.randint(1, 200), rng.randint(1, 60))
                    sent.append([f"resize {size[0]}x{size[1]}"])
                    await pilot.resize_terminal(*size)
                for _ in range(rng.randint(0, 3)):
                    await pilot.pause()
                seen.add(type(app.screen).__name__)
                if app.return_code is not None:
                    break
            await pilot.pause()
    except Exception as err:  # what the app raised, to be read
        return (f"seed {seed}: {type(err).__name__}: {err}\n  last bursts: {sent[-6:]}\n"
                + "".join(traceback.format_exception(err)[-6:]))
    return None


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--bursts", type=int, default=120, help="bursts of 1-5 keys in each run")
    parser.add_argument("--seed", type=int, default=0, help="the first run's seed; each run has the next")
    parser.add_argument("--author", action="store_true", help="with the author preview (`case-review --author`)")
    parser.add_argument("--resize", action="store_true", help="the terminal resized now and then, to any size")
    args = parser.parse_args()
    private = Path(tempfile.mkdtemp(prefix="case-review-fuzz-"))
    (private / "settings.json").write_text(json.dumps({"trainee": "Fuzz"}))
    os.environ.update(CASE_REVIEW_SETTINGS=str(private / "settings.json"), CASE_REVIEW_DB=str(private / "h.sqlite3"),
                      CASE_REVIEW_CONFIG=str(private / "config.toml"), XDG_CACHE_HOME=str(private / "cache"))
    seen: set[str] = set()
    failed = 0
    for seed in range(args.seed, args.seed + args.runs):
        problem = await one_run(seed, args.bursts, seen, args.author, args.resize)
        if problem:
            failed += 1
            print(problem, flush=True)
    print(f"{args.runs} runs, {failed} ended in an exception; screens reached: {', '.join(sorted(seen))}")


if __name__ == "__main__":
    asyncio.run(main())
