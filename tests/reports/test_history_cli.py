"""`case-review history` and `case-review export`, driven through the same
argparse wiring cli.py will use, and the loading of a stored session."""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.application.export import ReportError, load_report
from simulator.application.library import Library
from simulator.cli import history_commands as history_cli
from simulator.domain.engine import replay
from simulator.domain.events import Note
from simulator.domain.scoring.debrief import score
from simulator.domain.strategies import reference_play
from simulator.reports.formats import formats
from simulator.reports.markdown import export_markdown
from simulator.reports.terminal import neutralise
from simulator.scenarios.loader import Loaded, load_file
from simulator.store.database import Store
from simulator.store.schema import SCHEMA_VERSION

from .samples import MINI


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--scenarios", metavar="DIR", action="append", default=[])
    parser = argparse.ArgumentParser(prog="case-review", parents=[common])
    history_cli.register(parser.add_subparsers(title="commands", metavar="COMMAND"), common)
    return parser


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    args = _parser().parse_args(argv)
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(code: int, out: str, err: str) -> str:
    assert code == 1
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("case-review: ") and "Traceback" not in err
    return err



@pytest.fixture(scope="module")
def mini() -> Loaded:
    loaded = load_file(MINI)
    assert isinstance(loaded, Loaded)
    return loaded


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """The history commands on either store: a file, and a fresh PostgreSQL schema (tests/postgres.py)."""
    if request.param == "sqlite":
        return tmp_path / "history.sqlite3"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def db(where: Path | str, mini: Loaded) -> Iterator[Path | str]:
    path = where
    with Store.open(path) as store:
        ada = store.ensure_profile("Ada Lovelace")
        done = store.start_session(ada, mini)
        for event in reference_play(mini.scenario):
            store.append_event(done, event)
        store.finish_session(done, score(replay(mini.scenario, store.events(done))))
        store.save_reflection(done, "The police check changed my view.", practice_change="Check police first.")
        half = store.start_session(store.ensure_profile("\x1b[31mBea"), mini, "self-assessment")
        store.append_event(half, Note("thinking"))
    yield path


def test_history_table(db: Path | str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["history", "--db", str(db)], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["#", "started", "(UTC)", "trainee", "scenario", "mode", "status", "overall"]
    assert "Ada Lovelace" in lines[1] and "finished" in lines[1] and lines[1].endswith("Outstanding")
    assert "␛[31mBea" in lines[2] and "\x1b" not in out  # the escape is shown, not obeyed
    assert lines[2].split()[-1] == "—" and "active" in lines[2]


def test_history_json_and_trainee_filter(db: Path | str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["history", "--db", str(db), "--json"], capsys)
    rows = json.loads(out)
    assert code == 0 and [r["id"] for r in rows] == [1, 2]
    assert rows[0]["overall"] == "outstanding" and rows[0]["scores"]["front-door"] == 1.0
    assert rows[0]["started_at"].endswith("Z") and rows[1]["finished_at"] is None
    assert rows[1]["status"] == "active" and rows[1]["mode"] == "self-assessment" and rows[1]["events"] == 1
    code, out, _ = run(["history", "--db", str(db), "--json", "--trainee", "Ada Lovelace"], capsys)
    assert [r["trainee"] for r in json.loads(out)] == ["Ada Lovelace"]
    _one_line_error(*run(["history", "--db", str(db), "--trainee", "Nobody"], capsys))


@pytest.mark.parametrize("trainee", [None, "Ada Lovelace"])
def test_history_json_is_streamed_as_the_one_list_it_always_printed(db: Path, capsys: pytest.CaptureFixture[str],
                                                                    trainee: str | None) -> None:
    """Written a batch at a time, the text is what one json.dumps of the whole list gives, byte for byte."""
    with Store.open(db) as store:
        store.ensure_profile("Ada Lovelace")
        profile = store.get_profile(trainee) if trainee else None
        expected = json.dumps([history_cli._history_row(s) for s in store.sessions(profile)], indent=2,
                              ensure_ascii=False) + "\n"
    extra = ["--trainee", trainee] if trainee else []
    assert run(["history", "--db", str(db), "--json", *extra], capsys) == (0, expected, "")
    assert "".join(history_cli._json_rows([])) == json.dumps([], indent=2) + "\n"


def test_history_without_a_database_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Where nothing has been played yet (the default place), there are no sessions yet; a history named on purpose
    that is not there is more likely mistyped, and is said so, as export and cohort say it."""
    from simulator.application import config

    monkeypatch.delenv("CASE_REVIEW_DB", raising=False)
    default = tmp_path / "data" / "history.sqlite3"
    monkeypatch.setattr(config, "default_db_path", lambda: default)
    assert run(["history"], capsys) == (0, f"no sessions yet in {default}\n", "")
    assert run(["history", "--json"], capsys) == (0, "[]\n", "")
    path = tmp_path / "none.sqlite3"
    for extra in ([], ["--json"]):
        code, out, err = run(["history", "--db", str(path), *extra], capsys)
        assert (code, out) == (1, "") and f"{path}: there is no history database here yet" in err
    assert not path.exists() and not default.exists()


def test_a_history_named_as_a_url_of_another_kind_is_refused_and_nothing_is_made(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`--db sqlite:///h.db` or `http://...` used to become a folder tree named after the URL, with a new empty
    history in it."""
    monkeypatch.chdir(tmp_path)
    for url in ("sqlite:///" + str(tmp_path / "h.sqlite3"), "http://example.org/db", "file:///tmp/x"):
        for command in (["history"], ["cohort"], ["export", "1"]):
            code, out, err = run([*command, "--db", url], capsys)
            assert code == 1 and out == "", (url, command)
            assert "a history is a file's path or a postgresql:// URL" in err, err
    assert list(tmp_path.iterdir()) == []


def test_database_from_the_environment_and_db_wins(db: Path | str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CASE_REVIEW_DB", str(db))
    code, out, _ = run(["history", "--json"], capsys)
    assert code == 0 and len(json.loads(out)) == 2
    other = tmp_path / "other.sqlite3"
    Store.open(other).close()  # an empty history
    code, out, _ = run(["history", "--json", "--db", str(other)], capsys)
    assert (code, out) == (0, "[]\n")


@pytest.mark.parametrize("fmt", ["md", "html", "json", "xapi", "cpd"])
def test_export_each_format(db: Path | str, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db) as store:
        expected = formats()[fmt].render(load_report(store, 1, Library((), ())))
    assert run(["export", "1", "--db", str(db), "--format", fmt], capsys) == (0, expected, "")
    target = tmp_path / f"out.{fmt}"
    assert run(["export", "1", "--db", str(db), "--format", fmt, "-o", str(target)], capsys) == (0, "", "")
    assert target.read_text(encoding="utf-8") == expected
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []  # no temporary left behind


def test_export_defaults_to_markdown_and_takes_a_uuid(db: Path | str, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db) as store:
        record = store.session(2)
        expected = neutralise(export_markdown(load_report(store, 2, Library((), ()))))
    assert "\x1b" not in expected
    assert run(["export", record.uuid, "--db", str(db)], capsys) == (0, expected, "")


def test_export_xapi_homepage(db: Path | str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["export", "1", "--db", str(db), "--format", "xapi", "--xapi-homepage",
                        "https://lms.example.org/"], capsys)
    statements = json.loads(out)
    assert code == 0 and {s["actor"]["account"]["homePage"] for s in statements} == {"https://lms.example.org/"}


def test_export_errors_are_one_line(db: Path | str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "no session 9" in _one_line_error(*run(["export", "9", "--db", str(db)], capsys))
    assert "no session 'nope'" in _one_line_error(*run(["export", "nope", "--db", str(db)], capsys))
    missing = tmp_path / "missing.sqlite3"
    assert "no history database" in _one_line_error(*run(["export", "1", "--db", str(missing)], capsys))
    assert not missing.exists()
    err = _one_line_error(*run(["export", "1", "--db", str(db), "-o", str(tmp_path / "no" / "dir" / "x.md")],
                               capsys))
    assert "cannot write" in err


def test_export_never_writes_beside_the_scenarios_or_over_a_folder(db: Path | str, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """One export flow for the command line and the app: the same checks on where it goes."""
    folder = tmp_path / "my-scenarios"
    folder.mkdir()
    target = folder / "session.md"
    err = _one_line_error(*run(["export", "1", "--db", str(db), "--scenarios", str(folder), "-o", str(target)],
                               capsys))
    assert "in a scenario folder" in err and not target.exists()
    assert "is a folder" in _one_line_error(*run(["export", "1", "--db", str(db), "-o", str(tmp_path)], capsys))


def test_damaged_and_newer_databases_are_refused_and_kept(db: Path | str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    if not isinstance(db, Path):
        pytest.skip("files only: tests/store/test_postgres_store.py refuses a newer PostgreSQL schema")
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database at all" * 20)
    for command in (["history"], ["export", "1"]):
        err = _one_line_error(*run([*command, "--db", str(damaged)], capsys))
        assert "left as it is" in err
    assert damaged.read_bytes() == b"not a database at all" * 20
    raw = sqlite3.connect(db)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    raw.close()
    before = db.read_bytes()
    err = _one_line_error(*run(["history", "--db", str(db)], capsys))
    assert "newer version of case-review" in err
    assert db.read_bytes() == before


def _forget_source(db: Path | str) -> None:
    if isinstance(db, str):
        import psycopg

        with psycopg.connect(db, autocommit=True) as pg:
            pg.execute("DELETE FROM scenario_sources")
        return
    raw = sqlite3.connect(db)
    raw.execute("DELETE FROM scenario_sources")
    raw.commit()
    raw.close()


def test_load_report_prefers_the_stored_scenario(db: Path | str) -> None:
    def no_library() -> Library:
        raise AssertionError("the library should not be needed")

    with Store.open(db) as store:
        report = load_report(store, 1, no_library)
    assert report.note == "" and report.debrief.overall.value == "outstanding"


def test_load_report_replays_the_session_once(db: Path | str, monkeypatch: pytest.MonkeyPatch) -> None:
    import simulator.domain.engine as engine
    import simulator.reports.session_report as session_report

    applied: list[object] = []
    real = engine.apply

    def counting(state: object, event: object) -> object:
        applied.append(event)
        return real(state, event)  # type: ignore[arg-type]

    for module in (engine, session_report):  # replay() and the report each apply events
        monkeypatch.setattr(module, "apply", counting)
    with Store.open(db) as store:
        report = load_report(store, 1, Library((), ()))
        assert len(applied) == len(report.events) == len(store.events(1))


def test_load_report_falls_back_to_the_library(db: Path | str, mini: Loaded, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _forget_source(db)
    with Store.open(db) as store:
        assert load_report(store, 1, Library((mini,), ())).note == ""
        edited_path = tmp_path / "edited.yaml"
        edited_path.write_text(MINI.read_text(encoding="utf-8").replace("Leo is usually cheerful.", "Leo is quiet."),
                               encoding="utf-8")
        edited = load_file(edited_path)
        assert isinstance(edited, Loaded)
        report = load_report(store, 1, Library((edited,), ()))
        assert "has been changed" in report.note and "version in the library now" in report.note
        assert "has been changed" in export_markdown(report)
        with pytest.raises(ReportError, match="no longer in the library"):
            load_report(store, 1, Library((), ()))
    err = _one_line_error(*run(["export", "1", "--db", str(db), "--scenarios", str(tmp_path / "empty")], capsys))
    assert "no longer in the library" in err
