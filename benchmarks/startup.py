"""How fast the app feels, measured in a real terminal (tmux, 120x40).

The headline is the issue's own measure: launch until the case titles are visible in the library's table,
against a minimal Textual app (Header, Static, Footer) started alternately in the same run, as a ratio of
the two medians. It is measured twice: on the bundled library alone (goal <= 1.3) and with 500 trainer files
added with `--scenarios DIR` (goal <= 1.5; the files are copies of the bundled ones with ids of their own,
written to a temporary folder). Both start from a library index already made (a previous launch made it);
`--cold-runs` adds the first launch after a change, with an empty cache, for comparison.

Also, for each library:
- the first frame (the home screen's heading), which comes before the titles;
- choosing a case (Enter on the library) until the case screen is visible (goal <= 100 ms);
- 50 keypresses in the case screen (typed into the notes) until the last is visible.

Each figure is the median of several runs. Times include tmux's own latency (the screen is polled with
`tmux capture-pane`, a few ms each), the same for both apps. Before choosing a case the script pauses as a
trainee would (reading the list): the app uses that idle time to parse the highlighted case and import the
case screen, and a keypress in the same millisecond as the list appears would measure that instead.
Measure from a wheel install (`pip install dist/*.whl` in a fresh venv): an editable install compiles the
project's modules on the first launch only, but reads them from the source tree.

    .venv/bin/python benchmarks/startup.py [--runs N] [--trainer-files N] [--cold-runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WIDTH, HEIGHT = 120, 40
TIMEOUT = 60.0
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
LIBRARY_TEXT = "in the library"  # the heading once the titles are in the table (the same frame)
CASE_TEXT = "Actions · working time"  # the case screen's actions panel
TYPED = "abcdefghij" * 5  # 50 keypresses
READING = 0.5  # seconds a trainee looks at the list before pressing Enter
TITLES_GOAL = {0: 1.3, 500: 1.5}  # the goals: titles visible / minimal app, by trainer files


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], check=True, capture_output=True, text=True).stdout


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session: str, texts: tuple[str, ...], since: float) -> float:
    """Seconds from `since` until every one of `texts` is on the screen."""
    while True:
        shown = screen(session)
        if all(text in shown for text in texts):
            return time.perf_counter() - since
        if time.perf_counter() - since > TIMEOUT:
            raise TimeoutError(f"{texts!r} never appeared; the screen shows:\n{shown}")


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


def minimal_start(script: Path, env: dict[str, str], run: str) -> float:
    session = f"minimal-{run}"
    try:
        started = launch(session, f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}", env)
        return wait_for(session, ("Minimal app ready",), started)
    finally:
        stop(session)


def app_run(command: str, env: dict[str, str], run: str, title: str, play: bool = True) -> dict[str, float]:
    """One launch: the first frame, the titles, and (if `play`) opening the first case and typing a note."""
    session = f"app-{run}"
    # Each run opens a case and is stopped mid-way: with one shared history the next run
    # would start on the offer to resume it.
    env = {**env, "CASE_REVIEW_DB": str(Path(env["CASE_REVIEW_DB"]).with_name(f"history-{run}.sqlite3"))}
    try:
        started = launch(session, command, env)
        home = wait_for(session, (HOME_TEXT,), started)
        titles = wait_for(session, (LIBRARY_TEXT, title), started)
        if not play:
            return {"home": home, "titles": titles}
        time.sleep(READING)
        pressed = time.perf_counter()
        tmux("send-keys", "-t", session, "Enter")
        case = wait_for(session, (CASE_TEXT,), pressed)
        tmux("send-keys", "-t", session, "n")
        wait_for(session, ("Write a note",), time.perf_counter())
        time.sleep(READING)
        pressed = time.perf_counter()
        tmux("send-keys", "-t", session, "-l", TYPED)
        typed = wait_for(session, (TYPED,), pressed)
        return {"home": home, "titles": titles, "case": case, "keys": typed}
    finally:
        stop(session)


def trainer_files(folder: Path, count: int) -> None:
    """`count` scenario files: the bundled ones copied round, each with an id and title of its own."""
    bundled = sorted((ROOT / "scenarios").glob("*.yaml"))
    for n in range(count):
        text = bundled[n % len(bundled)].read_text(encoding="utf-8")
        text = re.sub(r"^id: (.*)$", rf"id: \g<1>-t{n:03d}", text, count=1, flags=re.M)
        text = re.sub(r'^title: "(.*)"$', rf'title: "T{n:03d} \g<1>"', text, count=1, flags=re.M)
        (folder / f"t{n:03d}.yaml").write_text(text, encoding="utf-8")


def first_title(extra: list[str], env: dict[str, str]) -> str:
    """The start of the first title the table lists (it also makes the library's index, as a launch would)."""
    out = subprocess.run([str(BIN / "case-review"), "list", "--json", *extra], capture_output=True, text=True,
                         check=True, env={**os.environ, **env}, cwd="/")
    # The table lists introductory cases first, then intermediate, then advanced (application/library_rows.py).
    level = {"introductory": 0, "intermediate": 1, "advanced": 2}
    cases = sorted(json.loads(out.stdout), key=lambda case: level.get(case["difficulty"], 3))
    return " ".join(cases[0]["title"].split())[:20]


def _project_bytecode_cached() -> bool:
    """Whether the installed app's modules have bytecode cached beside them."""
    code = ("import importlib.util, os, simulator.ui.app as m; "
            "print(os.path.exists(importlib.util.cache_from_source(m.__file__)))")
    # From /, so the installed package is found rather than a source tree in the working directory.
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/")
    return out.stdout.strip() == "True"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def measure(files: int, runs: int, cold_runs: int, tmp: Path, script: Path, env: dict[str, str]) -> dict[str, float]:
    """The figures for the bundled library plus `files` trainer files (medians, in seconds, and ratios)."""
    extra: list[str] = []
    if files:
        folder = tmp / f"trainer-{files}"
        folder.mkdir()
        trainer_files(folder, files)
        extra = ["--scenarios", str(folder)]
    env = {**env, "CASE_REVIEW_CACHE": str(tmp / f"cache-{files}")}
    command = shlex.join([str(BIN / "case-review"), *extra])
    title = first_title(extra, env)
    # One of each first, so both start from warm file caches (and bytecode, where it may be written).
    minimal_start(script, env, f"{files}-warm")
    app_run(command, env, f"{files}-warm", title)
    minimal: list[float] = []
    apps: list[dict[str, float]] = []
    for run in range(runs):
        minimal.append(minimal_start(script, env, f"{files}-{run}"))
        apps.append(app_run(command, env, f"{files}-{run}", title))
    cold: list[float] = []
    for run in range(cold_runs):
        cold_env = {**env, "CASE_REVIEW_CACHE": str(tmp / f"cache-{files}-cold-{run}")}
        minimal.append(minimal_start(script, env, f"{files}-cold-{run}"))
        cold.append(app_run(command, cold_env, f"{files}-cold-{run}", title, play=False)["titles"])
    base = statistics.median(minimal)

    def pick(key: str) -> float:
        return statistics.median(r[key] for r in apps)

    figures = {"trainer_files": files, "minimal_app_s": base, "first_frame_s": pick("home"),
               "titles_s": pick("titles"), "titles_ratio": pick("titles") / base,
               "first_frame_ratio": pick("home") / base, "open_case_s": pick("case"), "keys_50_s": pick("keys")}
    if cold:
        figures |= {"titles_cold_s": statistics.median(cold), "titles_cold_ratio": statistics.median(cold) / base}
    return figures


def report(f: dict[str, float], runs: int, cold_runs: int) -> None:
    files = int(f["trainer_files"])
    goal = TITLES_GOAL.get(files)
    library = "bundled library" + (f" + {files} trainer files (--scenarios DIR)" if files else "")
    verdict = "" if goal is None else f"  (goal <= {goal}: {'met' if f['titles_ratio'] <= goal else 'NOT MET'})"
    print(f"{library}: median of {runs} runs")
    print(f"  TITLES VISIBLE / MINIMAL APP       {f['titles_ratio']:.2f}{verdict}")
    print(f"  minimal Textual app visible        {ms(f['minimal_app_s'])}")
    print(f"  case titles visible                {ms(f['titles_s'])}")
    print(f"  first frame (heading) visible      {ms(f['first_frame_s'])}  (ratio {f['first_frame_ratio']:.2f})")
    if "titles_cold_s" in f:
        print(f"  titles, first launch (no index)    {ms(f['titles_cold_s'])}  (ratio {f['titles_cold_ratio']:.2f}, "
              f"median of {cold_runs})")
    print(f"  Enter on a case -> case screen     {ms(f['open_case_s'])}  (goal <= 100 ms)  [after {READING:g} s on "
          "the list]")
    print(f"  50 keypresses -> last one shown    {ms(f['keys_50_s'])}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each measurement (median reported)")
    parser.add_argument("--trainer-files", type=int, default=500,
                        help="trainer files for the second measurement (default 500; 0: the bundled library only)")
    parser.add_argument("--cold-runs", type=int, default=0,
                        help="also time this many first launches with an empty cache (the index made from scratch)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()

    if subprocess.run(["which", "tmux"], capture_output=True).returncode != 0:
        print("benchmarks/startup.py needs tmux", file=sys.stderr)
        return 2

    results = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        config = tmp / "settings.json"
        config.write_text(json.dumps({"trainee": "Benchmark"}), encoding="utf-8")
        script = tmp / "minimal_app.py"
        script.write_text(MINIMAL_APP, encoding="utf-8")
        # Histories of their own: the runs open cases, which are saved as they are played.
        env = {"CASE_REVIEW_SETTINGS": str(config), "CASE_REVIEW_CONFIG": str(Path(tmp) / "config.toml"),
               "CASE_REVIEW_DB": str(Path(tmp) / "history.sqlite3"),
               "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        tmux("new-session", "-d", "-s", "keepalive", "-x", str(WIDTH), "-y", str(HEIGHT))
        try:
            for files in dict.fromkeys([0, args.trainer_files]):
                results.append(measure(files, args.runs, args.cold_runs, tmp, script, env))
        finally:
            stop("keepalive")
            subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)

    print(f"tmux {WIDTH}x{HEIGHT}; app: {BIN / 'case-review'}")
    if not _project_bytecode_cached():
        # pip compiles an installed wheel's bytecode (Textual's too); an editable install's is written on first
        # run, unless PYTHONDONTWRITEBYTECODE forbids it.
        print("  (no cached bytecode for the project: its modules are compiled from source at every launch)")
    for figures in results:
        report(figures, args.runs, args.cold_runs)
    if args.json:
        print(json.dumps([{k: round(v, 4) for k, v in f.items()} for f in results]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
