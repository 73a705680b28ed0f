"""The command line's contracts (design.md): output shapes and exit codes."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from simulator.cli.main import main
from simulator.domain.events import event_to_json
from simulator.domain.strategies import reference_play

from .conftest import MINI, load_mini, run_cli


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_the_bundled_library(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate")
    assert code == 0
    assert out.strip().endswith("checked: no problems")


def test_validate_a_broken_copy_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(MINI, tmp_path / "good.yaml")
    text = MINI.read_text().replace("minutes: 10", "minutes: ten").replace("role: father,", "rol: father,")
    (tmp_path / "broken.yaml").write_text(text)
    (tmp_path / "binary.yaml").write_bytes(b"\x00\x01\x02")
    code, out, _ = run(capsys, "validate", str(tmp_path))
    lines = out.strip().splitlines()
    assert code == 1
    assert lines[0] == f"{tmp_path}/binary.yaml:1:1: error: the file holds binary data (a NUL byte), not text " \
                       "(hint: scenario files are plain text saved as UTF-8)"
    assert lines[1].startswith(f"{tmp_path}/broken.yaml:8:10: error: minutes: this needs a whole number")
    assert lines[2] == f"{tmp_path}/broken.yaml:18:33: error: unknown key 'rol' in case, person 'sam' " \
                       "(hint: did you mean 'role'?)"
    assert lines[-1] == "3 problems in 2 files; 1 of 3 files are valid"


def test_validate_names_a_link_to_a_scenario_file_that_is_not_there(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A trainer who moves a file that a link in the library's folder pointed to is told, rather than the case
    going missing from the list without a word. A link to a folder, or a folder named like a file, is no
    scenario file and is passed over."""
    shutil.copy(MINI, tmp_path / "good.yaml")
    (tmp_path / "old-case.yaml").symlink_to(tmp_path / "moved-away.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "notes.yaml").mkdir()
    (tmp_path / "linked-folder.yaml").symlink_to(tmp_path / "notes.yaml")
    code, out, _ = run(capsys, "validate", str(tmp_path))
    assert code == 1
    assert out.strip().splitlines() == [
        f"{tmp_path}/loop.yaml:1:1: error: a link that leads back to itself "
        "(hint: point the link at a scenario file, or remove it)",
        f"{tmp_path}/old-case.yaml:1:1: error: a link to a file that is not there ({tmp_path}/moved-away.yaml) "
        "(hint: the file was moved or deleted: link to where it is now, or remove the link)",
        "2 problems in 2 files; 1 of 3 files are valid",
    ]


def test_validate_given_a_link_that_leads_nowhere_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "old-case.yaml").symlink_to(tmp_path / "moved-away.yaml")
    code, out, _ = run(capsys, "validate", str(tmp_path / "loop.yaml"), str(tmp_path / "old-case.yaml"))
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[0].startswith(f"{tmp_path}/loop.yaml:1:1: error: a link that leads back to itself")
    assert lines[1].startswith(f"{tmp_path}/old-case.yaml:1:1: error: a link to a file that is not there")
    assert lines[2] == "2 problems in 2 files; 0 of 2 files are valid"


def test_validate_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", "--no-such-flag")
    assert (code, out) == (2, "")
    assert "unrecognized arguments: --no-such-flag" in err


def test_list_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--scenarios", str(MINI.parent), "list", "--json")
    rows = json.loads(out)
    assert code == 0
    mini = next(r for r in rows if r["id"] == "mini-test-case")
    assert {k: mini[k] for k in ("title", "failure_points", "difficulty", "minutes")} == {
        "title": "Test case — a school's concern about Leo", "failure_points": ["front-door", "partner-information"],
        "difficulty": "introductory", "minutes": 10,
    }


def test_list_reports_broken_trainer_files_without_failing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.yaml").write_text("format: 1\n")
    code, _out, err = run(capsys, "--scenarios", str(tmp_path), "list")
    assert code == 0
    assert err.startswith("11 problems in trainer files;")  # every missing field of the one file


def test_list_reads_the_librarys_index_and_shows_a_changed_file_as_it_now_is(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from simulator.application import library_index

    monkeypatch.setenv("CASE_REVIEW_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "trainer"
    folder.mkdir()
    shutil.copy(MINI, folder / "mini.yaml")
    first = json.loads(run(capsys, "list", "--json", "--scenarios", str(folder))[1])
    assert library_index.index_file(tmp_path / "cache", folder).is_file()  # the app's index, made by `list`
    text = (folder / "mini.yaml").read_text(encoding="utf-8")
    (folder / "mini.yaml").write_text(text.replace("minutes: 10", "minutes: 25", 1), encoding="utf-8")
    again = json.loads(run(capsys, "list", "--json", "--scenarios", str(folder))[1])
    assert [r["minutes"] for r in first if r["id"] == "mini-test-case"] == [10]
    assert [r["minutes"] for r in again if r["id"] == "mini-test-case"] == [25]


def test_show_json_contract_and_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", str(MINI), "--json")
    shown = json.loads(out)
    assert code == 0
    assert shown["id"] == "mini-test-case"
    assert [e["id"] for e in shown["evidence"]][:2] == ["mark-on-arm", "earlier-call"]
    assert shown["stages"][0]["options"][0] == {
        "id": "close-nfa", "label": "No further action", "outcome": "close", "next": "closed", "elapses": 0.0,
        "key": {"verdict": "wrong", "votes": None, "feedback": "Not without checks.", "counts_against": []},
        "route": None, "sets": [], "when": [], "sees_child": "no", "sees": [],
    }
    code, out, _ = run(capsys, "schema")
    jsonschema.validate(shown, json.loads(out))


def test_show_json_names_the_decisions_of_a_stage_with_several(capsys: pytest.CaptureFixture[str]) -> None:
    household = Path(__file__).resolve().parent / "data" / "format2" / "household.yaml"
    code, out, _ = run(capsys, "show", str(household), "--json")
    assert code == 0
    referral, enquiry = json.loads(out)["stages"]
    assert "options" not in referral and "decisions" not in enquiry
    jade = referral["decisions"][0]
    assert {k: jade[k] for k in ("id", "label", "about")} == {"id": "jade-route", "label": "Route for Jade",
                                                              "about": "jade"}
    assert [o["id"] for o in jade["options"]] == ["j-pf", "j-close", "j-accommodate"]
    assert [o["id"] for o in enquiry["options"]] == ["plan", "drop"]
    _code, schema, _ = run(capsys, "schema")
    jsonschema.validate(json.loads(out), json.loads(schema))


def test_schema_rejects_what_the_loader_rejects(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "schema")
    _code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    _, shown, _ = run(capsys, "show", str(MINI), "--json")
    bad = json.loads(shown)
    bad["stages"][0]["options"][0]["outcome"] = "closed"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_show_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "no-such-case", "--json")
    assert code == 1
    assert "no scenario with id 'no-such-case' and no such file" in err


def _transcript(tmp_path: Path, events: list[dict[str, object]], scenario: str = "mini-test-case") -> str:
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"scenario": scenario, "events": events}))
    return str(path)


def test_score_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = [event_to_json(e) for e in reference_play(load_mini())]
    code, out, _ = run(capsys, "score", str(MINI), _transcript(tmp_path, events), "--json")
    debrief = json.loads(out)
    assert code == 0
    assert debrief["overall"] == "outstanding"
    assert debrief["critical"] == []
    assert debrief["criteria"]["front-door"]["score"] == 1.0
    assert debrief["criteria"]["front-door"]["grade"] == "outstanding"
    assert set(debrief["indicators"]) >= {"hits", "misses", "false_alarms", "correct_rejections"}
    assert debrief["elapsed_working_days"] == 6.35


def test_score_text_for_people(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = [{"type": "decide", "stage": "contact", "option": "close-nfa", "rationale": "Dad explained it."}]
    code, out, _ = run(capsys, "score", str(MINI), _transcript(tmp_path, events))
    assert code == 0
    assert "Overall: INADEQUATE" in out
    assert "Limiting rule: a critical error caps the case at inadequate" in out


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([{"type": "action", "action": "phone-mum"}], "event 0: there is no action 'phone-mum' in this scenario"),
        ([{"type": "decide", "stage": "contact", "option": "strategy"}, {"type": "flag", "evidence": "leo-account",
          "as": "risk"}], "event 1: evidence 'leo-account' has not been revealed yet"),
        ([{"type": "wave"}], "event 0: unknown event type 'wave'"),
        ([{"type": "flag", "evidence": "mark-on-arm", "as": "maybe"}], "event 0: 'as' must be \"risk\" or \"protective\""),
        ([{"type": "decide", "stage": "contact", "option": "strategy", "confidence": 9}],
         "event 0: 'confidence' must be 1 (low), 2 (medium) or 3 (high)"),
    ],
)
def test_score_refuses_bad_events_by_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], events: list[dict[str, object]], message: str
) -> None:
    code, out, err = run(capsys, "score", str(MINI), _transcript(tmp_path, events))
    assert code == 1
    assert out == ""
    assert message in err


def test_score_refuses_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.json"
    path.write_text("{not json")
    code, _, err = run(capsys, "score", str(MINI), str(path))
    assert (code, err.strip()) == (1, f"{path}: error: line 1 column 2: not valid JSON: Expecting property name "
                                      "enclosed in double quotes")
    code, _, err = run(capsys, "score", str(MINI), _transcript(tmp_path, [], scenario="another"))
    assert code == 1 and "is for scenario 'another', not 'mini-test-case'" in err
    path.write_text("[]")
    code, _, err = run(capsys, "score", str(MINI), str(path))
    assert code == 1 and "a transcript must be a JSON object" in err


def test_an_unfinished_transcript_is_graded_so_far(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", str(MINI), _transcript(tmp_path, []), "--json")
    debrief = json.loads(out)
    assert code == 0 and debrief["finished"] is False
    assert debrief["overall"] in ("inadequate", "requires_improvement")


def test_python_m_simulator_is_the_same_command() -> None:
    out = subprocess.run([sys.executable, "-m", "simulator", "validate", str(MINI)], capture_output=True, text=True)
    assert (out.returncode, out.stdout.strip()) == (0, "1 scenario file checked: no problems")


def test_list_says_why_it_waits_on_many_new_files_at_a_terminal(capsys: pytest.CaptureFixture[str],
                                                                  tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """After an upgrade every file is new to the index, and reading them takes seconds: at a terminal `list`
    says so first, on stderr; in a pipe, or with the index up to date, it says nothing of it."""
    import sys

    from simulator.cli import scenario_commands

    monkeypatch.setenv("CASE_REVIEW_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(scenario_commands, "MANY_NEW_FILES", 3)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run_cli(capsys, "list")
    assert code == 0 and out
    assert re.fullmatch(r"case-review: reading \d+ new or changed scenario files for the library's index\n", err)
    assert run_cli(capsys, "list")[2] == ""  # the index is up to date now
    monkeypatch.setenv("CASE_REVIEW_CACHE", str(tmp_path / "another"))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert run_cli(capsys, "list")[2] == ""


def test_validate_says_how_many_files_it_checks_at_a_terminal(capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Its lines come once every file is checked: at a terminal it first says how many, on stderr."""
    import sys

    from simulator.cli import scenario_commands

    monkeypatch.setattr(scenario_commands, "MANY_NEW_FILES", 3)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run_cli(capsys, "validate")
    assert code == 0 and re.fullmatch(r"case-review: checking \d+ scenario files\n", err) and "checked" in out
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert run_cli(capsys, "validate")[2] == ""


def test_the_app_alone_is_read_by_its_own_options_as_the_whole_parser_reads_it(tmp_path: Path) -> None:
    """Opening the app builds only the app's options (cli/main.py ``_parse``): what they read is what the whole
    parser would, and they know every command by name, so that a command line naming one is never taken for
    the app."""
    from simulator.cli import main as cli

    commands = next(a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) == cli.COMMANDS
    for argv in ([], ["--author"], ["--scenarios", str(tmp_path), "--db", "x.sqlite3", "--no-twins"],
                 ["--scen", str(tmp_path), "--scenarios", str(tmp_path)], [f"--db={tmp_path}"]):
        assert vars(cli._parse(argv)) == vars(cli.build_parser().parse_args(argv)), argv


@pytest.mark.parametrize("argv", [["--no-such-flag"], ["no-such-command"], ["--db"], ["--author", "extra"], ["--hel"]])
def test_a_mistake_on_the_apps_command_line_is_reported_by_the_whole_parser(
        capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """With its usage line naming the commands, as before the app's options were read on their own (and help,
    asked for by any abbreviation of --help, is the whole parser's)."""
    from simulator.cli.main import build_parser

    code, out, err = run(capsys, *argv)
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(argv)
    assert (code, out, err) == (stop.value.code, *capsys.readouterr())
    assert "COMMAND" in out + err


def test_opening_the_app_imports_no_commands_module() -> None:
    code = ("import sys\nfrom simulator.cli import main\nargs = main._parse(['--author'])\n"
            "print(args.func.__name__, sorted(m for m in sys.modules if m.endswith('_commands')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["cmd_app", "[]"]
