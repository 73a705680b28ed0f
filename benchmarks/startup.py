"""How fast the app feels, measured in a real terminal (tmux, 120x40).

1. Start-up: `case-review` until the home screen's text is visible, against a
   minimal Textual app (Header, Static, Footer) in the same run; the ratio.
   The home screen's first frame has the header, the heading and the footer;
   the search, the filters and the table are mounted the frame after (they
   have nothing to show until the library has loaded, which "library listed"
   times). The same for `python -m simulator.ui`, the app without the rest of the
   command line, to tell the app's own cost from the command line's imports.
2. Choosing a case (Enter on the library) until the case screen is visible.
3. 50 keypresses in the case screen (typed into the notes) until the last is
   visible.

Each figure is the median of several runs. Times include tmux's own latency
(the screen is polled with `tmux capture-pane`, a few ms each), the same for
both apps. Before 2 and 3 the script pauses as a trainee would (reading the
list, opening the notes): the app uses that idle time to load the library and
prepare the case screen, and a keypress in the same millisecond as the list
appears would measure that start-up work instead.

    .venv/bin/python benchmarks/startup.py [--runs N] [--scenarios DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WIDTH, HEIGHT = 120, 40
TIMEOUT = 20.0
SOCKET = f"case-review-bench-{os.getpid()}"

MINIMAL_APP = '''
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Minimal app ready")
        yield Footer()


Minimal().run()
'''

HOME_TEXT = "Choose a case"  # the home screen's heading, there from the first frame
BROWSER_TEXT = "Search cases"  # the search box's placeholder, once the filters and table are mounted
LIBRARY_TEXT = "in the library"  # the heading once the library is listed
CASE_TEXT = "Actions · working time"  # the case screen's actions panel
TYPED = "abcdefghij" * 5  # 50 keypresses
READING = 0.5  # seconds a trainee looks at the list before pressing Enter


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], check=True, capture_output=True, text=True).stdout


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session: str, text: str, since: float) -> float:
    """Seconds from `since` until `text` is on the screen."""
    while True:
        if text in screen(session):
            return time.perf_counter() - since
        if time.perf_counter() - since > TIMEOUT:
            raise TimeoutError(f"{text!r} never appeared; the screen shows:\n{screen(session)}")


def launch(session: str, command: str, env: dict[str, str]) -> float:
    """Start `command` in a new tmux window; the start time."""
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    started = time.perf_counter()
    # Started in /: `python -m` would otherwise import a source tree in the working directory
    # instead of the installed package.
    tmux("new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT), "-c", "/",
         f"env {exports} {command}")
    return started


def stop(session: str) -> None:
    subprocess.run(["tmux", "-L", SOCKET, "kill-session", "-t", session], capture_output=True)


def minimal_start(script: Path, env: dict[str, str], run: int) -> float:
    session = f"minimal-{run}"
    try:
        started = launch(session, f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}", env)
        return wait_for(session, "Minimal app ready", started)
    finally:
        stop(session)


def app_run(command: str, env: dict[str, str], run: int) -> dict[str, float]:
    session = f"app-{run}"
    # Each run opens a case and is stopped mid-way: with one shared history the next run
    # would start on the offer to resume it.
    env = {**env, "CASE_REVIEW_DB": str(Path(env["CASE_REVIEW_DB"]).with_name(f"history-{run}.sqlite3"))}
    try:
        started = launch(session, command, env)
        home = wait_for(session, HOME_TEXT, started)
        browser = wait_for(session, BROWSER_TEXT, started)
        library = wait_for(session, LIBRARY_TEXT, started)
        time.sleep(READING)
        pressed = time.perf_counter()
        tmux("send-keys", "-t", session, "Enter")
        case = wait_for(session, CASE_TEXT, pressed)
        tmux("send-keys", "-t", session, "n")
        wait_for(session, "Write a note", time.perf_counter())
        time.sleep(READING)
        pressed = time.perf_counter()
        tmux("send-keys", "-t", session, "-l", TYPED)
        typed = wait_for(session, TYPED, pressed)
        return {"home": home, "browser": browser, "library": library, "case": case, "keys": typed}
    finally:
        stop(session)


def _project_bytecode_cached() -> bool:
    """Whether the installed app's modules have bytecode cached beside them."""
    code = ("import importlib.util, os, simulator.ui.app as m; "
            "print(os.path.exists(importlib.util.cache_from_source(m.__file__)))")
    # From /, so the installed package is found rather than a source tree in the working directory.
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/")
    return out.stdout.strip() == "True"


def median(values: list[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each measurement (median reported)")
    parser.add_argument("--scenarios", metavar="DIR", action="append", default=[],
                        help="trainer directories to add to the library (default: the bundled library only)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()

    if subprocess.run(["which", "tmux"], capture_output=True).returncode != 0:
        print("benchmarks/startup.py needs tmux", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "settings.json"
        config.write_text(json.dumps({"trainee": "Benchmark"}), encoding="utf-8")
        script = Path(tmp) / "minimal_app.py"
        script.write_text(MINIMAL_APP, encoding="utf-8")
        # Histories of their own: the runs open cases, which are saved as they are played.
        env = {"CASE_REVIEW_SETTINGS": str(config), "CASE_REVIEW_CONFIG": str(Path(tmp) / "config.toml"),
               "CASE_REVIEW_DB": str(Path(tmp) / "history.sqlite3"),
               "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        extra = [a for d in args.scenarios for a in ("--scenarios", str(Path(d).resolve()))]
        command = shlex.join([str(BIN / "case-review"), *extra])
        app_alone = shlex.join([sys.executable, "-m", "simulator.ui", *extra])

        tmux("new-session", "-d", "-s", "keepalive", "-x", str(WIDTH), "-y", str(HEIGHT))
        try:
            # One of each first, so both start from warm file caches (and bytecode, where it may be written).
            minimal_start(script, env, -1)
            app_run(command, env, -1)
            app_run(app_alone, env, -2)
            minimal: list[float] = []
            runs: list[dict[str, float]] = []
            alone: list[dict[str, float]] = []
            for run in range(args.runs):
                minimal.append(minimal_start(script, env, run))
                runs.append(app_run(command, env, run))
                alone.append(app_run(app_alone, env, 100 + run))
        finally:
            stop("keepalive")
            subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)

    pick: Callable[[str], float] = lambda key: median([r[key] for r in runs])  # noqa: E731
    base, home = median(minimal), pick("home")
    home_alone = median([r["home"] for r in alone])
    figures = {
        "minimal_app_s": round(base, 4),
        "home_screen_s": round(home, 4),
        "ratio": round(home / base, 3),
        "home_screen_app_alone_s": round(home_alone, 4),
        "ratio_app_alone": round(home_alone / base, 3),
        "filters_and_table_s": round(pick("browser"), 4),
        "library_listed_s": round(pick("library"), 4),
        "open_case_s": round(pick("case"), 4),
        "keys_50_s": round(pick("keys"), 4),
    }
    print(f"tmux {WIDTH}x{HEIGHT}, median of {args.runs} runs; command: {command}")
    if not _project_bytecode_cached():
        # pip compiles an installed wheel's bytecode (Textual's too); an editable install's is written on first
        # run, unless PYTHONDONTWRITEBYTECODE forbids it.
        print("  (no cached bytecode for the project: its modules are compiled from source at every launch)")
    print(f"  minimal Textual app (Header, Static, Footer) visible  {ms(base)}")
    print(f"  case-review home screen text visible                 {ms(home)}")
    print(f"  ratio home / minimal                                 {home / base:.2f}  (target <= 1.3)")
    print(f"  python -m simulator.ui home screen text visible      {ms(home_alone)}")
    print(f"  ratio app alone / minimal                            {home_alone / base:.2f}")
    print(f"  search, filters and (empty) table visible            {ms(pick('browser'))}")
    print(f"  library listed in the table                          {ms(pick('library'))}")
    print(f"  Enter on a case until the case screen is visible     {ms(pick('case'))}  (target <= 100 ms)"
          f"  [after {READING:g} s on the list]")
    print(f"  50 keypresses in the case screen until the last shows {ms(pick('keys'))}  (target <= 150 ms)")
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
