"""Who is signed in, and what they may see, as the server hands it to each app process (application/centre.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.application.centre import (
    CENTRE_ENV_VAR,
    GROUP_ENV_VAR,
    ROLE_ENV_VAR,
    TRAINEE_ENV_VAR,
    Centre,
    CentreError,
    Identity,
    check_name,
    identity_from_env,
    load_centre,
    parse_centre,
)


def test_a_process_without_a_name_is_the_terminal_app() -> None:
    assert identity_from_env({}) is None
    assert identity_from_env({TRAINEE_ENV_VAR: "  ", ROLE_ENV_VAR: "trainer"}) is None


def test_the_name_and_role_come_from_the_environment() -> None:
    assert identity_from_env({TRAINEE_ENV_VAR: "Ann Smith", ROLE_ENV_VAR: "trainer"}) == Identity("Ann Smith", "trainer")
    assert identity_from_env({TRAINEE_ENV_VAR: "bo@x.org", ROLE_ENV_VAR: "trainee"}) == Identity("bo@x.org", "trainee")


@pytest.mark.parametrize("role", ["", "Trainer", "admin", "trainer "])
def test_a_role_that_is_not_known_is_a_trainees(role: str) -> None:
    found = identity_from_env({TRAINEE_ENV_VAR: "Ann", ROLE_ENV_VAR: role})
    assert found == Identity("Ann", "trainee") and not found.is_trainer


def test_an_identity_gives_a_process_its_environment() -> None:
    assert Identity("Ann", "trainer").environment() == {TRAINEE_ENV_VAR: "Ann", ROLE_ENV_VAR: "trainer"}
    grouped = Identity("Cy", "trainee", "Spring 2027")
    assert grouped.environment() == {TRAINEE_ENV_VAR: "Cy", ROLE_ENV_VAR: "trainee", GROUP_ENV_VAR: "Spring 2027"}
    assert identity_from_env(grouped.environment()) == grouped
    assert identity_from_env({TRAINEE_ENV_VAR: "Cy", GROUP_ENV_VAR: "bad\x1b"}) == Identity("Cy")


def test_groups_are_named_in_the_centre_config() -> None:
    centre = parse_centre('trainers = ["Tess"]\n[groups]\n"Spring 2027" = ["Cy", "Dee"]\nAutumn = ["Ed"]\n')
    assert centre.identity("Cy") == Identity("Cy", "trainee", "Spring 2027")
    assert centre.identity("Ed") == Identity("Ed", "trainee", "Autumn")
    assert centre.identity("Tess") == Identity("Tess", "trainer", "")


@pytest.mark.parametrize(("raw", "problem"), [
    ("", "empty"),
    ("x" * 121, "longer than 120"),
    ("Ann\nSmith", "control"),
    ("Ann\x1b[31m", "control"),
    ("Ann\u202eevil", "invisible"),
])
def test_a_name_that_cannot_be_shown_on_one_line_is_refused(raw: str, problem: str) -> None:
    with pytest.raises(CentreError, match=problem):
        check_name(raw)
    assert identity_from_env({TRAINEE_ENV_VAR: raw or " "}) is None


def test_trainers_are_named_in_the_centre_config() -> None:
    centre = parse_centre('# who trains here\ntrainers = ["Ann Smith", "bob@example.org"]\n')
    assert centre.identity("Ann Smith") == Identity("Ann Smith", "trainer")
    assert centre.identity(" bob@example.org ") == Identity("bob@example.org", "trainer")
    assert centre.identity("ann smith") == Identity("ann smith", "trainee")  # names compare exactly


@pytest.mark.parametrize(("text", "message"), [
    ("trainers = [", "not valid TOML"),
    ('trainer = ["Ann"]', "unknown key 'trainer'"),
    ('trainers = "Ann"', "must be a list of names"),
    ("trainers = [1]", "must be a list of names"),
    ('trainers = ["Ann", ""]', r"trainers\[1\]: the sign-in name is empty"),
    ('groups = ["Ann"]', "'groups' must be a table"),
    ('[groups]\nA = "Ann"', "groups.A: must be a list of names"),
    ('[groups]\nA = ["Ann"]\nB = ["Bo", "Ann"]', "Ann is in group A already"),
    ('[groups]\n"" = ["Ann"]', "the group's name is empty"),
    ('[groups]\nA = ["Ann\\u0007"]', r"groups.A\[0\]: the sign-in name holds a control"),
])
def test_a_config_that_cannot_be_used_says_why_in_one_line(text: str, message: str) -> None:
    with pytest.raises(CentreError, match=message) as caught:
        parse_centre(text, "centre.toml")
    assert caught.value.message.startswith("centre.toml: ") and "\n" not in caught.value.message


def test_the_config_file_is_found_by_option_then_environment(tmp_path: Path) -> None:
    given, from_env = tmp_path / "given.toml", tmp_path / "env.toml"
    given.write_text('trainers = ["Given"]\n', encoding="utf-8")
    from_env.write_text('trainers = ["FromEnv"]\n', encoding="utf-8")
    assert load_centre(given, {CENTRE_ENV_VAR: str(from_env)}).trainers == {"Given"}
    assert load_centre(None, {CENTRE_ENV_VAR: str(from_env)}).trainers == {"FromEnv"}
    assert load_centre(None, {}) == Centre()


def test_a_config_file_that_cannot_be_read_is_a_message(tmp_path: Path) -> None:
    with pytest.raises(CentreError, match="cannot read"):
        load_centre(tmp_path / "missing.toml", {})
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"trainers = ['\xff']\n")
    with pytest.raises(CentreError, match="not UTF-8"):
        load_centre(bad, {})


@pytest.mark.parametrize("role", ["", "Trainer", "admin", "trainer ", "trainer"])
def test_the_live_view_and_the_served_identity_read_the_role_alike(role: str) -> None:
    from simulator.application.roles import is_trainer

    env = {TRAINEE_ENV_VAR: "Ann", ROLE_ENV_VAR: role, GROUP_ENV_VAR: " Spring\x1b "}
    found = identity_from_env(env)
    assert found is not None and is_trainer(env) == found.is_trainer == (role == "trainer")


def test_the_live_view_and_the_served_identity_read_the_group_alike() -> None:
    from simulator.application.roles import group_from_env

    for raw in ("Spring 2027", "  Spring 2027 ", "bad\x1b", ""):
        env = {TRAINEE_ENV_VAR: "Ann", GROUP_ENV_VAR: raw}
        found = identity_from_env(env)
        assert found is not None and group_from_env(env) == found.group
