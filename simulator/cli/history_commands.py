"""The commands about what trainees did: `history` and `export` (one trainee's sessions, from the history
database) and `cohort` (many trainees' results: live from the history, or from their exports).

The store, the exporters and the library are imported by the commands that use them, so building the parser
(on every `case-review` start, the app's included) stays cheap.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.application.config import DB_ENV_VAR, resolve_db_path
from simulator.cli.output import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, fail, json_text, plain, print_json, write_stdout
from simulator.reports.format_names import DEFAULT_HOMEPAGE, FORMAT_INFO, FORMAT_NAMES
from simulator.store.backend import shown

if TYPE_CHECKING:
    from simulator.application.library import Library
    from simulator.store.database import Store
    from simulator.store.records import Profile, SessionRecord


def register(subparsers: Any, common_parent: argparse.ArgumentParser) -> None:
    """Add `cohort`, `history` and `export` to ``subparsers`` (from ``add_subparsers``);
    ``common_parent`` carries the options every command shares (--scenarios)."""
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", metavar="PATH|URL",
                    help=f"the history: a file, or a postgresql:// URL (default: ${DB_ENV_VAR}, else the config "
                         f"file's [data] history, else {resolve_db_path(None, {})})")

    p = subparsers.add_parser(
        "cohort", parents=[db], help="a cohort's results: live from the history, or from JSON exports",
        description="Without files: the trainer's live view, straight from the history (--db, a file or a "
                    "postgresql:// URL): results per criterion, per scenario and per trainee, filtered by group "
                    "and days. With files: read session exports (`case-review export SESSION --format json`) and "
                    "print per-criterion and per-scenario tables, the most-missed indicators and the most common "
                    "critical errors. Bad files are reported and skipped.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="a session's JSON export (none: read the history)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--format", choices=("text", "html"), default="text", help="text (default) or html (files only)")
    p.add_argument("--group", metavar="NAME", help="from the history: only this group's trainees")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="from the history: sessions finished on or after this day "
                   "(UTC; unfinished ones: last played)")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="from the history: ... and on or before this day")
    p.set_defaults(func=cmd_cohort)

    p = subparsers.add_parser(
        "history", parents=[common_parent, db], help="list past sessions with their grades",
        description="List the sessions in the history database, oldest first, with their overall grades.",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--trainee", metavar="NAME", help="only this trainee's sessions")
    p.set_defaults(func=cmd_history)

    described = "; ".join(f"{name}: {description}" for name, (_, description) in FORMAT_INFO.items())
    p = subparsers.add_parser(
        "export", parents=[common_parent, db], help="export one session's debrief, timeline and reflection",
        description=f"Export one session (by number or uuid) to a file or standard output. Formats: {described}.",
    )
    p.add_argument("session", metavar="SESSION", help="the session's number (see `case-review history`) or uuid")
    p.add_argument("--format", choices=FORMAT_NAMES, default="md", help="the export format (default: md)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output; never an "
                   "existing file unless --force, never into a scenario folder, never anything but a regular file")
    p.add_argument("--force", action="store_true", help="with -o: replace FILE if it is there already (a regular "
                   "file only)")
    p.add_argument("--xapi-homepage", metavar="URL", default=DEFAULT_HOMEPAGE,
                   help="xapi only: your organisation's URL, the home page of the trainee's account "
                        f"(default: {DEFAULT_HOMEPAGE})")
    p.set_defaults(func=cmd_export)


def cmd_cohort(args: argparse.Namespace) -> int:
    if not args.files:
        return _live_cohort(args)
    if args.db or args.group or args.since or args.until:
        fail("cohort: --db, --group, --since and --until read the history; give them without files")
        return EXIT_USAGE
    from simulator.reports.cohort import cohort_html, cohort_text, cohort_to_json, summarise
    cohort = summarise(args.files)
    for skipped in cohort.skipped:
        print(f"{skipped.path}: skipped: {skipped.reason}", file=sys.stderr)
    if args.json:
        print_json(cohort_to_json(cohort))
    elif args.format == "html":
        sys.stdout.write(cohort_html(cohort))
    else:
        print(cohort_text(cohort))
    return EXIT_OK if cohort.sessions else EXIT_PROBLEMS


def _live_cohort(args: argparse.Namespace) -> int:
    """The trainer's live view, from the store."""
    from simulator.application.cohort_view import figures_text, figures_to_json, make_filter, parse_day
    from simulator.store.database import Store
    from simulator.store.errors import StoreError
    if args.format == "html":
        fail("cohort: --format html is for export files; the live view prints text or --json")
        return EXIT_USAGE
    try:
        wanted = make_filter(args.group, parse_day(args.since) if args.since else None,
                             parse_day(args.until) if args.until else None)
    except ValueError as err:
        fail(f"cohort: {err}")
        return EXIT_USAGE
    path = db_path(args.db)
    try:
        with Store.open(path, create=False, only_reads=True) as store:
            figures = store.cohort(wanted)
    except StoreError as err:
        return fail(err.message)
    if args.json:
        print_json(figures_to_json(figures, wanted))
    else:
        write_stdout(figures_text(figures, wanted) + "\n")
    return EXIT_OK


def _history_row(s: SessionRecord) -> dict[str, Any]:
    from simulator.reports.json_export import iso_utc

    return {
        "id": s.id, "uuid": s.uuid, "trainee": s.profile, "scenario": s.scenario_id, "title": s.scenario_title,
        "mode": s.mode.value, "status": s.status.value,
        "started_at": iso_utc(s.started_at), "finished_at": iso_utc(s.finished_at),
        "events": s.event_count, "overall": s.overall.value if s.overall else None, "scores": dict(s.scores),
    }


def _table(records: list[SessionRecord]) -> str:
    header = ("#", "started (UTC)", "trainee", "scenario", "mode", "status", "overall")
    rows = [(str(s.id), s.started_at.strftime("%Y-%m-%d %H:%M"), plain(s.profile), plain(s.scenario_id),
             s.mode.value, s.status.value, s.overall.label if s.overall else "—") for s in records]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
                     for row in [header, *rows])


def _json_rows(records: Iterable[SessionRecord]) -> Iterator[str]:
    """The JSON list of ``records``, a session at a time: the same text as one ``json.dumps(rows, indent=2)``
    (strings hold no raw newline, so each row's lines are indented as the list would indent them)."""
    opened = False
    for record in records:
        row = json_text(_history_row(record)).replace("\n", "\n  ")
        yield ("[\n  " if not opened else ",\n  ") + row
        opened = True
    yield "\n]\n" if opened else "[]\n"


def _write_json(store: Store, profile: Profile | None) -> None:
    """`history --json`, streamed: a few hundred sessions in memory at a time, however long the history."""
    batch: list[str] = []
    for text in _json_rows(store.iter_sessions(profile)):
        batch.append(text)
        if len(batch) >= 200:
            write_stdout("".join(batch))
            batch.clear()
    write_stdout("".join(batch))


def db_path(cli_value: str | None) -> Path | str:
    """``--db``, else $CASE_REVIEW_DB, else the config file's ``[data] history``, else the default; a config
    file with problems is said to have them (its right values still count)."""
    from simulator.application.config import load_config
    read = load_config()
    if read.problems:
        # Not counted: this reading leaves the app's key bindings unchecked (that needs the app), so a count here
        # could differ from the list `config --check` gives.
        print("case-review: warning: your config file has problems; `case-review config --check` lists them",
              file=sys.stderr)
    return resolve_db_path(cli_value, configured=read.config.history_path)


def cmd_history(args: argparse.Namespace) -> int:
    from simulator.store.database import Store
    from simulator.store.errors import DatabaseMissingError, StoreError
    path = db_path(args.db)
    opened_store = False
    try:
        with Store.open(path, create=False, only_reads=True) as store:
            opened_store = True
            profile = None
            if args.trainee:
                profile = store.get_profile(args.trainee)
                if profile is None:
                    return fail(f"{shown(path)}: no trainee called {args.trainee!r}")
            if args.json:
                _write_json(store, profile)
                records = []
            else:
                records = store.sessions(profile)
            damaged = dict(store.damaged)
    except DatabaseMissingError as err:
        from simulator.application.config import default_db_path

        if path != default_db_path():  # named (--db, the environment, the config file), so likely mistyped
            return fail(err.message)
        records, damaged = [], {}  # nothing played yet on this machine
    except StoreError as err:
        return fail(err.message)
    if args.json:
        if not opened_store:
            write_stdout("[]\n")
    elif not records:
        print(f"no sessions yet in {shown(path)}")
    else:
        write_stdout(_table(records) + "\n")
    for message in damaged.values():  # each damaged session skipped, said by its number; the rest is listed
        fail(message)
    return EXIT_PROBLEMS if damaged else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from simulator.application.export import ExportError, render, scenario_folders, write_export
    from simulator.application.library import open_library
    from simulator.store.database import Store
    from simulator.store.errors import StoreError
    path = db_path(args.db)
    extra = getattr(args, "scenarios", []) or []

    def library() -> Library:
        return open_library(extra)

    try:
        with Store.open(path, create=False, only_reads=True) as store:
            record = store.find_session(args.session)

            def text() -> str:
                return render(store, record.id, args.format, library, args.xapi_homepage)

            if args.output and args.output != "-":
                write_export(Path(args.output), text, scenario_folders(None, extra), force=args.force)
            else:
                write_stdout(text())
    except (StoreError, ExportError) as err:
        return fail(err.message)
    except BrokenPipeError:
        raise  # the reader went away (| head); the top level exits quietly
    except OSError as err:
        return fail(f"standard output: cannot write: {err.strerror or err}")
    return EXIT_OK
