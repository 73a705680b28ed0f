"""Trainer commands: `new`, `check-key`, and validate's warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.cli.main import main
from simulator.scenarios.loader import check_bytes
from simulator.scenarios.problems import Severity

from .conftest import DATA, MINI

HOUSEHOLD = DATA / "format2" / "household.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_writes_a_template_that_validates_cleanly_and_discriminates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "first.yaml"
    assert run(capsys, "new", str(target))[0] == 0
    text = target.read_text()
    assert "# " in text  # it explains itself
    # The short form first (issue 18): format 2, about 60 lines of case and 40 of comment, not 189.
    assert "\nformat: 2\n" in text and len(text.splitlines()) <= 100
    code, out, _ = run(capsys, "validate", "--strict", "--keys", str(target))
    assert code == 0 and out.strip().endswith("the key discriminates\n1 scenario file checked: no problems")
    code, out, _ = run(capsys, "check-key", str(target), "--json")
    assert code == 0 and json.loads(out)["discriminates"] is True


def test_new_creates_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "new", str(tmp_path / "my-scenarios" / "first.yaml"))[0] == 0
    assert (tmp_path / "my-scenarios" / "first.yaml").is_file()


def test_new_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("my work")
    code, _, err = run(capsys, "new", str(target))
    assert code == 1 and "already exists" in err
    assert target.read_text() == "my work"


def test_check_key_reports_a_key_that_does_not_discriminate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Make escalating to immediate protection the key's best answer at the first stage: always-most then wins there.
    text = MINI.read_text().replace("key: {verdict: poor}}", "key: {verdict: best}}").replace(
        "next: enquiry, key: {verdict: best}}", "next: enquiry, key: {verdict: acceptable}}")
    text = text.replace("key: {votes: 2}", "key: {votes: 9}")
    path = tmp_path / "weak.yaml"
    path.write_text(text)
    code, out, _ = run(capsys, "check-key", str(path))
    assert code == 1
    assert "problem: always choosing the most intensive option grades" in out
    assert "the key does not discriminate" in out
    # validate --keys fails on it as check-key does, with or without --strict.
    for strict in ((), ("--strict",)):
        code, out, _ = run(capsys, "validate", *strict, "--keys", str(path))
        assert code == 1 and out.rstrip().endswith("1 scenario file checked: 1 key that does not discriminate")


def _warnings(text: str) -> list[str]:
    checked = check_bytes("case.yaml", text.encode())
    assert checked.scenario is not None
    assert all(w.severity is Severity.WARNING for w in checked.warnings)
    return [w.format() for w in checked.warnings]


@pytest.mark.parametrize(
    ("text", "looks_like"),
    [
        ("NHS number 943 476 5919", "'943 476 5919' looks like an NHS number (the check digit is valid)"),
        ("lives at 4 Elm Road, SW1A 1AA", "'SW1A 1AA' looks like a UK postcode"),
        ("NI number AB 12 34 56 C", "'AB 12 34 56 C' looks like a National Insurance number"),
        ("call her on 07912 345678", "'07912 345678' looks like a phone number"),
        ("DOB: 03/04/2005", "'DOB: 03/04/2005' looks like a full date of birth"),
        ("born on 3rd April 2005", "'born on 3rd April 2005' looks like a full date of birth"),
    ],
)
def test_personal_data_is_warned_about_at_its_line(text: str, looks_like: str) -> None:
    source = MINI.read_text().replace("His mother lives nearby.", f"His mother lives nearby; {text}.")
    [warning] = _warnings(source)
    line = source[: source.index(text)].count("\n") + 1
    assert warning.startswith(f"case.yaml:{line}:")
    assert f"warning: {looks_like}; scenarios must be synthetic" in warning


@pytest.mark.parametrize("text", ["943 476 5918", "07700 900123", "01632 960123", "born in April 2005", "aged 15"])
def test_fictional_looking_data_is_not_warned_about(text: str) -> None:
    assert _warnings(MINI.read_text().replace("His mother lives nearby.", f"His mother lives nearby; {text}.")) == []


def test_deep_lint_warnings() -> None:
    text = MINI.read_text().replace("limiting: [investigation]", "limiting: [investigation, exploitation]")
    text = text.replace("failure_points: [front-door, partner-information]",
                        "failure_points: [front-door, partner-information, cse-planning]")
    text = text.replace("      unless_done: [ask-police]",
                        "      unless_done: [ask-police]\n      if_revealed: [leo-account]")
    warnings = _warnings(text)
    assert any("'exploitation' is limiting, but nothing in the case scores it" in w for w in warnings)
    assert any("the case is built around 'cse-planning', but nothing scores 'exploitation'" in w for w in warnings)
    assert any("never-event 'closed-without-checks' can never trigger" in w for w in warnings)


_RECORD_KEY = """    record:
      points:
        - id: fingers
          says: A finger-shaped mark on a child who says Dad grabbed him is an allegation of physical harm.
          terms: [mark|bruise, finger|grab]
        - id: deaf
          says: The strength of his grandmother's support.
          terms: [police]
        - id: calm
          says: There are no concerns here; Leo is safe and the family are coping.
          terms: [safe]
          options: [protect]
      wrong:
        - id: greedy
          says: Calling it an accident.
          terms: [mark]
"""


def test_keys_whose_grades_would_mislead_are_warned_about() -> None:
    text = MINI.read_text().replace("    scores: [front-door, investigation]\n",
                                    "    scores: [front-door, investigation]\n" + _RECORD_KEY)
    text = text.replace("limiting: [investigation]", "limiting: [investigation, proportionate-help]")
    text = text.replace("    scores: [proportionate-help, child-voice]", "    scores: [child-voice]")
    warnings = "\n".join(_warnings(text))
    assert "record point 'fingers'" not in warnings  # its own words make it
    assert "record point 'deaf': its own words (`says`) do not make it" in warnings
    assert "record point 'calm' argues for less protection than every option it belongs to" in warnings
    assert "wrong point 'greedy' would also catch the right point 'fingers'" in warnings
    assert "proportionate-help is limiting, but only over-intervention can count against it here" in warnings


def test_strict_validate_fails_on_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(MINI.read_text().replace("His mother lives nearby.", "Phone 07912 345678."))
    assert run(capsys, "validate", str(path))[0] == 0
    code, out, _ = run(capsys, "validate", "--strict", str(path))
    assert code == 1 and out.strip().endswith("no errors, but 1 warning, which --strict counts as problems")
    assert "no problems" not in out


def test_validate_keys_adds_a_key_line_per_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--keys", str(MINI))
    assert code == 0
    assert f"{MINI}: key: best outstanding, always least inadequate" in out
    assert "requires_improvement" not in out  # the grades as the debrief names them, not their ids
    assert out.splitlines()[0].endswith(": the key discriminates")


def test_new_gives_each_file_its_own_id_so_a_second_template_in_a_folder_loads_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "mine"
    for name in ("first.yaml", "second.yaml", "First!.yml", "vague-school-concern.yaml"):
        code, out, _ = run(capsys, "new", str(folder / name))
        assert code == 0, out
    ids = sorted(line.split()[1] for f in folder.iterdir() for line in f.read_text().splitlines()
                 if line.startswith("id: "))
    assert ids == ["first", "first-2", "second", "vague-school-concern-2"]  # a bundled case's id is taken too
    code, out, _ = run(capsys, "validate", "--strict", str(folder))
    assert code == 0 and out.strip().endswith("4 scenario files checked: no problems"), out


def test_new_refuses_a_name_the_library_would_never_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "new", str(tmp_path / "case.txt"))
    assert code == 1 and "reads only .yaml and .yml files" in err and "case.yaml" in err
    assert not (tmp_path / "case.txt").exists()


def test_validate_reports_a_file_that_takes_a_bundled_case_s_id_at_its_id_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The app's library lists the bundled case and not the trainer's, and sends the trainer to `validate`: which
    must say why, where the id is written."""
    target = tmp_path / "ethan.yaml"
    assert run(capsys, "new", str(target))[0] == 0
    lines = target.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("id: "))
    lines[at] = "id: vague-school-concern"
    target.write_text("\n".join(lines) + "\n")
    code, out, _ = run(capsys, "validate", "--strict", str(target))
    assert code == 1
    assert out.startswith(f"{target}:{at + 1}:5: error: scenario id 'vague-school-concern' is already used by the "
                          "bundled case "), out


def test_two_files_with_one_id_are_reported_at_the_second_s_id_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(MINI.read_text())
    at = next(i for i, line in enumerate(MINI.read_text().splitlines()) if line.startswith("id:")) + 1
    code, out, _ = run(capsys, "validate", str(tmp_path))
    assert code == 1
    assert f"{tmp_path / 'b.yaml'}:{at}:5: error: scenario id " in out, out


def test_show_by_id_names_the_trainer_file_that_could_not_be_loaded(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """'no scenario with id' alone sent a trainer looking among the bundled ids for a case whose file is only
    broken; and a folder given to check-key was called 'no such file'."""
    target = tmp_path / "first.yaml"
    assert run(capsys, "new", str(target))[0] == 0
    target.write_text(target.read_text().replace("\ntitle:", "\ntitel:", 1))
    for command in (["show", "first"], ["check-key", "first"]):
        code, out, err = run(capsys, "--scenarios", str(tmp_path), *command)
        said = out + err
        assert code == 1
        assert f"no scenario with id 'first' and no such file; {target} could not be loaded" in said, said
        assert f"{target}:" in said and "unknown key 'titel'" in said
    code, out, err = run(capsys, "check-key", str(tmp_path))
    assert code == 1 and "this is a folder, not a scenario" in out + err


def test_a_child_nothing_can_see_is_warned_about_at_their_line() -> None:
    """A sibling marked `child: true` that no action or option sees passed `validate --strict`, and the debrief
    then left them out of the child seen and heard without a word."""
    text = (HOUSEHOLD.read_text(encoding="utf-8")
            .replace("    - {id: dawn, name: Dawn Price, role: carer (not a relative), age: 44}",
                     "    - {id: dawn, name: Dawn Price, role: carer (not a relative), age: 44}\n"
                     "    - {id: kai, name: Kai Moss, role: brother, age: 4, child: true}"))
    [warning] = [w for w in _warnings(text) if "kai" in w]
    line = text[: text.index("id: kai")].count("\n") + 1
    assert warning.startswith(f"case.yaml:{line}:")
    assert "nothing in the case can see 'kai', a child of the case" in warning
    assert not [w for w in _warnings(HOUSEHOLD.read_text(encoding="utf-8")) if "can see" in w]
