"""The config file (docs/config.md): read strictly, every mistake with its line, a mistake's value left out and
the rest kept; and `case-review config --path` / `--check`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from simulator.application.config import (
    CONFIG_ENV_VAR,
    DB_ENV_VAR,
    Config,
    config_path,
    load_config,
    resolve_db_path,
    screenshot_dir,
)
from simulator.cli.main import main
from simulator.store.database import Store
from simulator.ui.keymap import WHERE, all_bindings, key_problem, vocabulary

GOOD = """\
# Sam's config
trainee = "Sam Taylor"
theme = "ansi-dark"

[data]
history = "~/training/history.sqlite3"
exports = "exports"

[keys]
"case.decide" = "f5"
case.notes = "N"
"""


def _lines(path: Path, text: str) -> list[str]:
    path.write_text(text, encoding="utf-8")
    return [p.format() for p in load_config(path, vocabulary()).problems]


def test_a_good_file_sets_everything(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD, encoding="utf-8")
    read = load_config(path, vocabulary())
    assert read.problems == () and read.found
    config = read.config
    assert (config.trainee, config.theme) == ("Sam Taylor", "ansi-dark")
    assert config.keys == {"case.decide": "f5", "case.notes": "N"}
    assert config.history_path == Path("~/training/history.sqlite3").expanduser()
    assert config.export_dir == tmp_path / "exports"  # relative to the config file's folder


def test_no_file_is_no_problem(tmp_path: Path) -> None:
    read = load_config(tmp_path / "none.toml", vocabulary())
    assert read == type(read)(Config(), (), found=False)


@pytest.mark.parametrize(("text", "expected"), [
    ('them = "nord"\n', "1:1: error: unknown setting 'them' (did you mean 'theme'?)"),
    ('trainee = "Sam"\ntheme = 3\n', "2:1: error: theme must be text in quotes (a theme's name); it is a number"),
    ('theme = "nrd"\n', "1:1: error: there is no theme called 'nrd' (did you mean 'nord'?)"),
    ('[data]\n\n  exprts = "x"\n', "3:3: error: unknown setting 'exprts' in [data] (did you mean 'exports'?)"),
    ('data = "x"\n', "1:1: error: data must be a table"),
    ('[keys]\n"case.decde" = "x"\n', "2:1: error: no key is called 'case.decde' (did you mean 'case.decide'?)"),
    ('[keys]\ncase.decide = "alt+d"\n', "2:1: error: case.decide: 'alt+d': terminals do not pass Alt"),
    ('[keys]\n[keys.case]\ndecide = "fn"\n', "3:1: error: case.decide: 'fn' is not a key name"),
    ('[keys]\n"case.decide" = 5\n', "2:1: error: case.decide must be text in quotes"),
    ('[keys]\n"case.decide" = "d,,e"\n', "2:1: error: case.decide: a key is empty"),
    ('[keys]\n"case.decide" = "e"\n', "2:1: error: case.decide: 'e' is already 'Evidence' (case.evidence) on the "
                                      "case screen"),
    ('trainee = "  Sam"\n', "1:1: error: trainee must be a name on one line"),
    ('trainee = "Sam\n', "1:15: error: not valid TOML: illegal character"),
    ("a = 1\na = 2\n", "2:6: error: not valid TOML: cannot overwrite a value"),
    ('[data]\nhistory = "postgresql://ann:pw@db:port/centre"\n',
     "2:1: error: history: this is not a URL that can be read"),
])
def test_each_mistake_is_reported_at_its_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "config.toml"
    problems = _lines(path, text)
    assert problems and problems[0].startswith(f"{path}:{expected}"), problems


def test_a_mistake_leaves_out_only_its_own_value(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('trainee = "Sam"\ntheme = "nrd"\n[keys]\n"case.decide" = "e"\n"case.notes" = "N"\n',
                    encoding="utf-8")
    read = load_config(path, vocabulary())
    assert len(read.problems) == 2
    assert (read.config.trainee, read.config.theme, dict(read.config.keys)) == ("Sam", "", {"case.notes": "N"})


def test_a_history_url_that_cannot_be_read_is_kept_as_written(tmp_path: Path) -> None:
    """Not swapped for the default history: that would split the trainee's sessions between two stores. Opening
    it says what is wrong, and the message never shows the password."""
    path = tmp_path / "config.toml"
    path.write_text('[data]\nhistory = "postgresql://ann:pw@[db/centre"\n', encoding="utf-8")
    read = load_config(path, vocabulary())
    assert read.config.history == "postgresql://ann:pw@[db/centre"
    assert all("pw" not in p.format() for p in read.problems)


def test_moving_both_keys_of_a_clash_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert _lines(path, '[keys]\n"case.decide" = "e"\n"case.evidence" = "v"\n') == []


def test_bytes_that_are_not_utf8_are_placed(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'trainee = "Sam"\ntheme = "\xff"\n')
    assert [p.format() for p in load_config(path).problems] == [f"{path}:2:10: error: the file is not UTF-8 text"]


def test_a_folder_or_a_huge_file_is_refused_whole(tmp_path: Path) -> None:
    assert "this is a folder" in load_config(tmp_path).problems[0].message
    huge = tmp_path / "config.toml"
    huge.write_text("# " + "x" * (1 << 20), encoding="utf-8")
    assert "over 1 MiB" in load_config(huge).problems[0].message


def test_without_a_vocabulary_ids_and_themes_are_not_judged(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "anything"\n[keys]\n"no.such" = "x"\n', encoding="utf-8")
    read = load_config(path)
    assert read.problems == () and read.config.theme == "anything"


def test_key_names() -> None:
    for good in ("d", "D", "?", "question_mark", "f5", "ctrl+d", "shift+tab", "enter", "space", "pageup", "slash"):
        assert key_problem(good) is None, good
    for bad in ("fn", "hyper+d", "ctrl+", " "):
        assert key_problem(bad) is not None, bad


def test_every_binding_has_an_id_and_no_id_means_two_things() -> None:
    actions: dict[str, str] = {}
    count = 0
    for cls, binding in all_bindings():
        count += 1
        assert binding.id, f"{cls.__name__}: {binding.key} -> {binding.action} has no id"
        assert binding.id.split(".")[0] in WHERE, f"{binding.id}: say where it works in ui/keymap.py WHERE"
        assert actions.setdefault(binding.id, binding.action) == binding.action, binding.id
    assert count > 50


def test_the_db_path_follows_cli_then_env_then_config(tmp_path: Path) -> None:
    configured = tmp_path / "configured.sqlite3"
    assert resolve_db_path(None, {}, configured) == configured
    assert resolve_db_path(None, {DB_ENV_VAR: "env.sqlite3"}, configured) == Path("env.sqlite3")
    assert resolve_db_path("cli.sqlite3", {DB_ENV_VAR: "env.sqlite3"}, configured) == Path("cli.sqlite3")


def test_screenshots_go_to_the_exports_folder_when_there_is_no_downloads(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: tmp_path / "no-downloads")
    assert screenshot_dir(tmp_path / "exports") == tmp_path / "exports"
    (tmp_path / "no-downloads").mkdir()
    assert screenshot_dir(tmp_path / "exports") == tmp_path / "no-downloads"


# --- the command ---------------------------------------------------------------


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "conf" / "config.toml"
    monkeypatch.setenv(CONFIG_ENV_VAR, str(path))
    return path


def test_config_path_prints_where_it_is(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--path"]) == 0
    assert capsys.readouterr().out == f"{config_file}\n"
    assert config_path() == config_file
    assert config_path({}) != config_file and config_path({}).name == "config.toml"


def test_config_check(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--check"]) == 0
    assert "no config file at" in capsys.readouterr().out
    config_file.parent.mkdir()
    config_file.write_text(GOOD, encoding="utf-8")
    assert main(["config", "--check"]) == 0
    assert capsys.readouterr().out == f"{config_file}: no problems\n"
    config_file.write_text('theme = "nrd"\n[keys]\n"case.decide" = "alt+d"\n', encoding="utf-8")
    assert main(["config", "--check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{config_file}:1:1: error: there is no theme called 'nrd'")
    assert out[1].startswith(f"{config_file}:3:1: error: case.decide: 'alt+d'")
    assert out[2] == f"2 problems in {config_file}; what they set is not used"


def test_config_shows_what_it_sets(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config_file.parent.mkdir()
    config_file.write_text(GOOD, encoding="utf-8")
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "trainee = Sam Taylor" in out and "keys.case.decide = f5" in out
    assert f"data.exports = {config_file.parent / 'exports'}" in out


@pytest.mark.parametrize("command", [["history"], ["compare", "1", "2"], ["export", "1"]])
def test_history_commands_use_the_configured_database(config_file: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.delenv(DB_ENV_VAR, raising=False)
    config_file.parent.mkdir()
    db = tmp_path / "configured.sqlite3"
    config_file.write_text(f'[data]\nhistory = "{db}"\n', encoding="utf-8")
    assert main(command) == 1  # named, and not there: more likely mistyped than empty
    assert str(db) in capsys.readouterr().err  # compare read the default history, whatever the config said
    assert not os.path.exists(db)  # listing never creates a database


def test_the_documented_keys_are_the_apps() -> None:
    doc = (Path(__file__).parent.parent / "docs" / "config.md").read_text(encoding="utf-8")
    start = doc.index("<!-- keys-table")
    start = doc.index("\n", start) + 1
    end = doc.index("<!-- /keys-table -->")
    from simulator.ui.keymap import keys_table

    assert doc[start:end].strip() == keys_table(), "docs/config.md's key table is out of date: paste keys_table()"


def test_the_documented_example_is_right(tmp_path: Path) -> None:
    doc = (Path(__file__).parent.parent / "docs" / "config.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "config.toml"
    path.write_text(example, encoding="utf-8")
    read = load_config(path, vocabulary())
    assert read.problems == ()
    assert read.config.keys == {"case.decide": "f5", "case.notes": "N", "home.history": "h,f9"}


def test_a_command_warns_of_a_config_file_s_problems_without_a_count_that_config_check_would_contradict(
        config_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands read the file without the app's key bindings: they said '4 problem(s)' where `config --check`
    listed 5 (an unknown key id counted only there)."""
    monkeypatch.delenv(DB_ENV_VAR, raising=False)
    config_file.parent.mkdir()
    db = tmp_path / "h.sqlite3"
    Store.open(db).close()
    config_file.write_text(f'hisotry = "x"\n[data]\nhistory = "{db}"\n[keys]\n"case.nope" = "f5"\n', encoding="utf-8")
    assert main(["config", "--check"]) == 1
    assert "2 problems in" in capsys.readouterr().out
    assert main(["history"]) == 0
    err = capsys.readouterr().err
    assert "warning: your config file has problems; `case-review config --check` lists them" in err
    assert "problem(s)" not in err
