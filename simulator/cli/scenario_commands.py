"""The commands about scenarios: `validate`, `list`, `show`, `score`, `check-key`, `new` and `schema`.

Each command imports what it needs when it runs: building the parser happens on every `case-review` start,
the app's included, and loading the loader, the scoring or the schema first would slow it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.cli.output import EXIT_OK, EXIT_PROBLEMS, count, print_json, problems_out, reading_new_files

if TYPE_CHECKING:
    from simulator.application.library_index import Entry
    from simulator.scenarios.loader import Loaded

# At a terminal, `list` and `validate` say why they wait from this many files on: as many as take a second or so.
MANY_NEW_FILES = 64


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the commands a trainer uses to write scenarios (all but `schema`) to ``sub`` (from
    ``add_subparsers``); ``common`` carries the options every command shares (--scenarios)."""
    p = sub.add_parser("validate", help="check scenario files; one line per problem",
                       description="Check scenario files or directories (default: the bundled library). "
                                   "Exit 0 when clean, 1 when there are problems.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="a scenario file or a folder of them (default: the "
                   "bundled library)")
    p.add_argument("--keys", action="store_true", help="also play each scenario as check-key does and report "
                   "whether its answer key discriminates (slower)")
    p.add_argument("--jobs", type=_jobs, default=None, metavar="N", help="how many processes share the files "
                   "and, with --keys, the key checks (default: one per core)")
    p.add_argument("--strict", action="store_true", help="treat warnings (such as text that looks like real "
                   "personal data) as problems: exit 1")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", parents=[common], help="list the scenario library",
                       description="List the scenario library (the bundled cases, and any --scenarios folders): id, "
                                   "difficulty, minutes, title and failure points. Exit 0.")
    p.add_argument("--json", action="store_true", help="print JSON: one object per scenario, with the failure "
                   "points as ids")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", parents=[common], help="show one scenario (--json: the normalised form)",
                       description="Show one scenario: its summary, failure points, stages and options. Exit 0, or "
                                   "1 when it cannot be found or read.")
    p.add_argument("scenario", metavar="ID_OR_PATH", help="a scenario's id (see `case-review list`) or a file's path")
    p.add_argument("--json", action="store_true", help="print the normalised scenario as JSON")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("score", parents=[common], help="replay a transcript and print the debrief",
                       description="Replay a transcript (JSON) against a scenario and print the debrief. "
                                   "Exit 0 when scored, 1 on bad input.")
    p.add_argument("scenario", metavar="ID_OR_PATH", help="a scenario's id (see `case-review list`) or a file's path")
    p.add_argument("transcript", metavar="TRANSCRIPT.json", help="the transcript: the scenario's id and its events "
                   "(docs/exports.md; `case-review export SESSION --format json` writes one)")
    p.add_argument("--json", action="store_true", help="print the debrief as JSON")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("check-key", parents=[common], help="does the scenario's key discriminate?",
                       description="Play the scenario as the key's best path, always-least, always-most and 100 "
                                   "seeded random plays, and show the grades. Exit 0 when the key discriminates.")
    p.add_argument("scenario", metavar="ID_OR_PATH", help="a scenario's id (see `case-review list`) or a file's path")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_check_key)

    p = sub.add_parser("new", help="write a commented template scenario that validates as written",
                       description="Write a commented template scenario to PATH. Never overwrites: exit 1 if PATH "
                                   "exists.")
    p.add_argument("path", metavar="PATH", help="the file to write, such as my-scenarios/first.yaml")
    p.set_defaults(func=cmd_new)


def register_schema(sub: Any) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of the scenario format",
                       description="Print the JSON Schema of the scenario format, for editors that check and "
                                   "complete YAML as it is written. Exit 0.")
    p.set_defaults(func=cmd_schema)


def cmd_validate(args: argparse.Namespace) -> int:
    from simulator.application.file_checks import beside_bundled, check_files
    from simulator.scenarios.files import bundled_dir

    paths = args.paths or [bundled_dir()]
    result = beside_bundled(check_files(paths, jobs=args.jobs, found=_say_checking if sys.stderr.isatty() else None))
    for p in sorted([*result.problems, *result.warnings]):
        print(p.format())
    if result.files == 0 and not result.problems:
        print("no scenario files found (looked for *.yaml and *.yml)")
        return EXIT_PROBLEMS
    weak_keys = _key_lines(result.scenarios, args.jobs) if args.keys else 0
    warned = f"; {count(len(result.warnings), 'warning')}" if result.warnings else ""
    if result.problems:
        bad_files = len({p.path for p in result.problems})
        print(f"{count(len(result.problems), 'problem')} in {count(bad_files, 'file')}; "
              f"{len(result.scenarios)} of {result.files} files are valid{warned}")
        return EXIT_PROBLEMS
    if weak_keys:
        # As check-key: a key that does not discriminate would grade guessing like judgement.
        print(f"{count(result.files, 'scenario file')} checked: {count(weak_keys, 'key')} that "
              f"{'does' if weak_keys == 1 else 'do'} not discriminate{warned}")
        return EXIT_PROBLEMS
    if args.strict and result.warnings:
        print(f"{count(result.files, 'scenario file')} checked: no errors, but "
              f"{count(len(result.warnings), 'warning')}, which --strict counts as problems")
        return EXIT_PROBLEMS
    print(f"{count(result.files, 'scenario file')} checked: no problems{warned}")
    return EXIT_OK


def _say_checking(files: int) -> None:
    """At a terminal, why the wait: many files take seconds (the problems are printed once all are checked)."""
    if files >= MANY_NEW_FILES:
        print(f"case-review: checking {files:,} scenario files", file=sys.stderr, flush=True)


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return jobs


def _key_lines(scenarios: Sequence[Loaded], jobs: int | None) -> int:
    """One line per scenario: whether its key discriminates (as `check-key` shows in full), printed as each
    check is done. Returns how many do not."""
    from simulator.application.key_checks import check_keys

    weak = 0
    for loaded, result in zip(scenarios, check_keys([s.scenario for s in scenarios], jobs), strict=True):
        verdict = "the key discriminates" if result.discriminates else "the key does not discriminate: " + "; ".join(
            result.problems)
        best, least, most, median = (g.label.lower() for g in (
            result.best, result.always_least, result.always_most, result.random_median))
        print(f"{loaded.path}: key: best {best}, always least {least}, always most {most}, random median {median}: "
              f"{verdict}")
        weak += not result.discriminates
    return weak


def _summary(s: Entry) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "failure_points": list(s.failure_points), "difficulty": s.difficulty,
            "minutes": s.minutes, "kind": s.kind, "author": s.author, "path": s.path}


def cmd_list(args: argparse.Namespace) -> int:
    """From the library's index, as the app lists it: no file is parsed unless it is new or changed."""
    from simulator.application.library import listed_library, open_library
    if sys.stderr.isatty():
        # Many new files (a new folder, every file after an upgrade) take seconds: say why the wait.
        waiting = listed_library(args.scenarios).pending
        if waiting >= MANY_NEW_FILES:
            print(f"case-review: {reading_new_files(waiting)}", file=sys.stderr, flush=True)
    library = open_library(args.scenarios)
    rows = [_summary(s) for s in library.entries]
    if args.json:
        print_json(rows)
    else:
        if not rows:
            print("the library is empty")
        width = max((len(r["id"]) for r in rows), default=2)
        for r in rows:
            points = ", ".join(r["failure_points"])
            print(f"{r['id']:<{width}}  {r['difficulty']:<12}  {r['minutes']:>3} min  {r['title']}  [{points}]")
    if library.problems:
        print(f"{count(len(library.problems), 'problem')} in trainer files; run `case-review validate` on them",
              file=sys.stderr)
    return EXIT_OK


def _load_one(id_or_path: str, extra: Sequence[str]) -> Loaded | None:
    from simulator.application.library import resolve
    found = resolve(id_or_path, extra)
    if isinstance(found, list):
        problems_out(found)
        return None
    return found


def cmd_show(args: argparse.Namespace) -> int:
    from simulator.domain.catalogue import FAILURE_POINTS_BY_ID
    from simulator.scenarios.canonical import to_data
    loaded = _load_one(args.scenario, args.scenarios)
    if loaded is None:
        return EXIT_PROBLEMS
    s = loaded.scenario
    if args.json:
        print_json(to_data(s))
        return EXIT_OK
    print(f"{s.title}  ({s.id}, {s.difficulty.value}, about {s.minutes} minutes)")
    print()
    print(s.summary.strip())
    print()
    for fp in s.failure_points:
        print(f"  built on: {fp} - {FAILURE_POINTS_BY_ID[fp].text}")
    print(f"  {len(s.evidence)} evidence items, {len(s.actions)} actions, {len(s.stages)} stages, "
          f"{len(s.endings)} endings")
    for stage in s.stages:
        print(f"  stage {stage.id}: {stage.title}")
        for o in stage.options:
            print(f"    - {o.id} ({o.outcome.value}) -> {o.next}")
    return EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    from simulator.application.transcripts import TranscriptError, read_transcript
    from simulator.domain.engine import ReplayError, replay
    from simulator.domain.scoring.debrief import score
    from simulator.domain.scoring.serialise import debrief_to_json
    from simulator.domain.twins import as_twin
    from simulator.reports.text import debrief_text
    loaded = _load_one(args.scenario, args.scenarios)
    if loaded is None:
        return EXIT_PROBLEMS
    scenario = loaded.scenario
    try:
        transcript = read_transcript(args.transcript)
    except TranscriptError as err:
        print(f"{args.transcript}: error: {err}", file=sys.stderr)
        return EXIT_PROBLEMS
    if transcript.scenario != scenario.id:
        print(f"{args.transcript}: error: the transcript is for scenario {transcript.scenario!r}, "
              f"not {scenario.id!r}", file=sys.stderr)
        return EXIT_PROBLEMS
    # A twin case is told as the twin an export names, else its first; the grades are the same either way.
    scenario = as_twin(scenario, transcript.twin)
    try:
        state = replay(scenario, transcript.events)
    except ReplayError as err:
        print(f"{args.transcript}: error: {err}", file=sys.stderr)
        return EXIT_PROBLEMS
    debrief = score(state)
    if args.json:
        print_json(debrief_to_json(debrief))
    else:
        print(debrief_text(scenario, debrief))
    return EXIT_OK


def cmd_check_key(args: argparse.Namespace) -> int:
    from simulator.domain.keycheck import RANDOM_PLAYS, check_key
    loaded = _load_one(args.scenario, args.scenarios)
    if loaded is None:
        return EXIT_PROBLEMS
    result = check_key(loaded.scenario)
    if args.json:
        print_json({"scenario": loaded.scenario.id, "best": result.best.value,
                     "always_least": result.always_least.value, "always_most": result.always_most.value,
                     "random_median": result.random_median.value,
                     "random_grades": {g.value: n for g, n in result.random_grades.items()},
                     "discriminates": result.discriminates, "problems": list(result.problems)})
    else:
        spread = ", ".join(f"{n} {g.label.lower()}" for g, n in result.random_grades.items() if n)
        print(f"{loaded.scenario.title} ({loaded.scenario.id})")
        rows = [("the key's best path", result.best), ("always the least intensive option", result.always_least),
                ("always the most intensive option", result.always_most),
                (f"random play (median of {RANDOM_PLAYS})", result.random_median)]
        for label, grade in rows:
            print(f"  {label + ':':<38}{grade.label}")
        print(f"  {'':<38}({spread})")
        for problem in result.problems:
            print(f"  problem: {problem}")
        print("  the key discriminates" if result.discriminates else "  the key does not discriminate")
    return EXIT_OK if result.discriminates else EXIT_PROBLEMS


def cmd_new(args: argparse.Namespace) -> int:
    from simulator.scenarios.loader import TEMPLATE
    target = Path(args.path)
    if target.suffix.lower() not in (".yaml", ".yml"):
        print(f"case-review: the library reads only .yaml and .yml files, so {target} would never be listed; "
              f"call it {target.with_suffix('.yaml')}", file=sys.stderr)
        return EXIT_PROBLEMS
    if target.exists():
        print(f"case-review: {target} already exists; choose a new file name", file=sys.stderr)
        return EXIT_PROBLEMS
    scenario_id = _new_id(target)
    text = TEMPLATE.read_text(encoding="utf-8").replace(f"id: {TEMPLATE_ID}  ", f"id: {scenario_id}  ", 1)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as out:
            out.write(text)
    except OSError as err:
        print(f"case-review: cannot write {target}: {err.strerror or err}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote {target} (id: {scenario_id}): check it with `case-review validate {target}`, "
          f"play it with `case-review --scenarios {target.parent}`")
    return EXIT_OK


TEMPLATE_ID = "my-first-case"


def _new_id(target: Path) -> str:
    """An id for a new file: its name as a slug, made unique among the bundled cases and the files beside it
    (two templates in one folder would otherwise share the template's id, and the second would not load)."""
    import re

    from simulator.application.library import open_library

    base = re.sub(r"[^a-z0-9]+", "-", target.stem.lower()).strip("-")
    if not base or not base[0].isalpha():
        base = TEMPLATE_ID
    taken = {entry.id for entry in open_library([target.parent] if target.parent.is_dir() else []).entries}
    found, n = base, 2
    while found in taken:
        found, n = f"{base}-{n}", n + 1
    return found


def cmd_schema(args: argparse.Namespace) -> int:
    from simulator.scenarios.schema import scenario_schema
    print_json(scenario_schema())
    return EXIT_OK
