"""The command line as a shell user meets it: help for every command and argument, completion scripts and a man
page made from the parser, and a plain message for a folder that is not there."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from simulator.cli.main import build_parser, main
from simulator.cli.shell import commands, completion, man_page

ROOT = Path(__file__).resolve().parent.parent


def test_every_command_and_argument_has_help() -> None:
    found = commands(build_parser())
    assert {"validate", "list", "show", "score", "history", "export", "config", "completion", "man"} <= {
        c.name for c in found}
    for command in found:
        assert command.help and command.description, command.name or "case-review"
        for argument in command.arguments:
            assert argument.help, (command.name, argument.flags or argument.metavar)


def test_the_readme_lists_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in commands(build_parser())[1:]:
        assert f"`case-review {command.name}" in readme, command.name


def test_a_missing_scenarios_folder_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "typo"
    for argv in (["--scenarios", str(missing), "list"], ["list", "--scenarios", str(missing)],
                 ["--scenarios", str(missing)]):
        assert main(argv) == 2  # a usage error: argparse's exit, returned rather than raised (cli/main.py)
        assert f"--scenarios {missing}: no such folder" in capsys.readouterr().err


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_know_every_command(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for command in commands(build_parser())[1:]:
        assert command.name in script
    assert "scenarios" in script and "xapi" in script


def _bash_complete(words: list[str]) -> list[str]:
    script = completion(build_parser(), "bash")
    driver = (f"{script}\nCOMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
              "_case_review; printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    out = subprocess.run(["bash", "-c", driver], capture_output=True, text=True, check=True)
    return out.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completion_completes() -> None:
    assert _bash_complete(["case-review", "val"]) == ["validate"]
    assert _bash_complete(["case-review", "export", "--format", "x"]) == ["xapi"]
    assert _bash_complete(["case-review", "config", "--c"]) == ["--check"]
    assert _bash_complete(["case-review", "completion", "f"]) == ["fish"]


def test_the_man_page_is_made_from_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["man"]) == 0
    page = capsys.readouterr().out
    assert page.startswith(".TH CASE\\-REVIEW 1 ")
    for command in commands(build_parser())[1:]:
        assert f".SS {command.name.replace('-', chr(92) + '-')}" in page
    assert "CASE_REVIEW_CONFIG" in page and "\\-\\-check" in page
    # No line starts with a control character by accident: every line is a macro or text.
    for line in page.splitlines():
        assert not line.startswith("'"), line


@pytest.mark.skipif(shutil.which("groff") is None, reason="needs groff")
def test_the_man_page_renders_without_warnings() -> None:
    out = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z"], input=man_page(build_parser()),
                         capture_output=True, text=True, check=True)
    assert out.stderr == ""
