"""Who is at the keyboard when the simulator is served to a training centre (`case-review serve`), in one place
for every shell: the app reads it, and so does the trainer's view of the cohort.

The server names each browser session's trainee from the header the centre's sign-in proxy sets, and gives each
app process that name, its role and its group through the environment: ``CASE_REVIEW_TRAINEE``,
``CASE_REVIEW_ROLE`` (``trainee`` or ``trainer``) and ``CASE_REVIEW_GROUP`` (a cohort or course, for the
trainer's view to filter by; none if the centre names none). Trainers and groups are named in the centre's
config file (TOML, ``--centre FILE`` or ``CASE_REVIEW_CENTRE``)::

    # The names the sign-in sends for the centre's trainers: they also see the cohort.
    trainers = ["Ann Smith", "bob@example.org"]

    # Optional: each group and the names in it (a name in one group at most).
    [groups]
    "Spring 2027" = ["cy@example.org", "dee@example.org"]

A name is a sign-in name, compared exactly. A process with no name in its environment is the terminal app, used by
one person who types their own name: it has no identity here (``identity_from_env`` gives None).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import attrs

TRAINEE_ENV_VAR = "CASE_REVIEW_TRAINEE"
ROLE_ENV_VAR = "CASE_REVIEW_ROLE"
GROUP_ENV_VAR = "CASE_REVIEW_GROUP"
CENTRE_ENV_VAR = "CASE_REVIEW_CENTRE"
IDENTITY_ENV_VARS = (TRAINEE_ENV_VAR, ROLE_ENV_VAR, GROUP_ENV_VAR)

Role = Literal["trainee", "trainer"]
TRAINEE: Role = "trainee"
TRAINER: Role = "trainer"
ROLES: tuple[Role, ...] = (TRAINEE, TRAINER)

MAX_IDENTITY = 120  # a sign-in name (an e-mail address, a directory name): longer is refused, not cut
MAX_CENTRE_FILE = 1024 * 1024
# Anything that is not a printable character on one line: control characters, and the invisible ones that
# reorder or hide text (bidi overrides, zero-width marks), so that one name cannot pass for another.
_NOT_PRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


class CentreError(Exception):
    """A centre config file or a sign-in name that cannot be used, with a one-line message."""

    title = "Centre configuration"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@attrs.frozen
class Identity:
    """A signed-in person: the name the sign-in gave, what they may see, and their group ('' for none)."""

    name: str
    role: Role = TRAINEE
    group: str = ""

    @property
    def is_trainer(self) -> bool:
        return self.role == TRAINER

    def environment(self) -> dict[str, str]:
        """The variables that give an app process this identity."""
        env = {TRAINEE_ENV_VAR: self.name, ROLE_ENV_VAR: self.role}
        if self.group:
            env[GROUP_ENV_VAR] = self.group
        return env


def check_name(raw: str, what: str = "sign-in name") -> str:
    """A sign-in name (or a group's) as the simulator keeps it (spaces at either end dropped). Raises CentreError
    for one that is empty, too long, or holds characters that are not printable on one line."""
    name = raw.strip()
    if not name:
        raise CentreError(f"the {what} is empty")
    if len(name) > MAX_IDENTITY:
        raise CentreError(f"the {what} is longer than {MAX_IDENTITY} characters")
    if _NOT_PRINTABLE.search(name):
        raise CentreError(f"the {what} holds a control or invisible character")
    return name


def role_named(raw: str) -> Role:
    """The role ``CASE_REVIEW_ROLE`` names: ``trainer``, exactly as the server writes it, or else a trainee's,
    so that a process is never given more than it was meant to have."""
    return TRAINER if raw == TRAINER else TRAINEE


def group_named(raw: str) -> str:
    """The group ``CASE_REVIEW_GROUP`` names, its spaces folded as the store keeps groups ('' for none, or for
    one ``check_name`` would refuse)."""
    try:
        return check_name(" ".join(raw.split()), "group")
    except CentreError:
        return ""


def identity_from_env(environ: Mapping[str, str] | None = None) -> Identity | None:
    """The identity the server gave this process, or None for the terminal app."""
    env = os.environ if environ is None else environ
    raw = env.get(TRAINEE_ENV_VAR, "")
    if not raw.strip():
        return None
    try:
        name = check_name(raw)
    except CentreError:
        return None
    return Identity(name, role_named(env.get(ROLE_ENV_VAR, "")), group_named(env.get(GROUP_ENV_VAR, "")))


# --- the centre's config file -------------------------------------------------


@attrs.frozen
class Centre:
    """What the centre says about its people: who its trainers are, and who is in which group."""

    trainers: frozenset[str] = frozenset()
    groups: Mapping[str, str] = attrs.field(factory=dict)  # a person's name -> their group

    def role_of(self, name: str) -> Role:
        return TRAINER if name in self.trainers else TRAINEE

    def identity(self, name: str) -> Identity:
        """The identity of the person signed in as ``name`` (checked as ``check_name`` does)."""
        checked = check_name(name)
        return Identity(checked, self.role_of(checked), self.groups.get(checked, ""))


KNOWN_KEYS = ("trainers", "groups")


def parse_centre(text: str, source: str = "centre config") -> Centre:
    """The centre from the text of its config file. Raises CentreError naming ``source`` for a file that is not
    TOML, a key that is not known, or trainers that are not a list of names."""
    import tomllib  # here, not at the top: the app imports this module before its first frame, to know who it serves

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise CentreError(f"{source}: not valid TOML: {err}") from None
    unknown = sorted(set(data) - set(KNOWN_KEYS))
    if unknown:
        raise CentreError(f"{source}: unknown key {unknown[0]!r} (known: {', '.join(KNOWN_KEYS)})")
    trainers = data.get("trainers", [])
    if not isinstance(trainers, list) or not all(isinstance(t, str) for t in trainers):
        raise CentreError(f"{source}: 'trainers' must be a list of names in quotes, such as "
                          "trainers = [\"Ann Smith\"]")
    names = []
    for index, raw in enumerate(trainers):
        try:
            names.append(check_name(raw))
        except CentreError as err:
            raise CentreError(f"{source}: trainers[{index}]: {err.message}") from None
    return Centre(frozenset(names), _groups(data.get("groups", {}), source))


def _groups(table: object, source: str) -> dict[str, str]:
    """``[groups]``: each group's name and the names in it -> each name's group."""
    if not isinstance(table, dict):
        raise CentreError(f"{source}: 'groups' must be a table: a line [groups], then one line a group, such as "
                          "\"Spring 2027\" = [\"Ann Smith\"]")
    found: dict[str, str] = {}
    for raw_group, members in table.items():
        try:
            group = check_name(" ".join(raw_group.split()), "group's name")  # as group_named folds it
        except CentreError as err:
            raise CentreError(f"{source}: groups: {err.message}") from None
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise CentreError(f"{source}: groups.{group}: must be a list of names in quotes")
        for index, raw in enumerate(members):
            try:
                name = check_name(raw)
            except CentreError as err:
                raise CentreError(f"{source}: groups.{group}[{index}]: {err.message}") from None
            if name in found and found[name] != group:
                raise CentreError(f"{source}: groups.{group}: {name} is in group {found[name]} already; a person "
                                  "is in one group at most")
            found[name] = group
    return found


def load_centre(path: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None) -> Centre:
    """The centre config from ``path``, else ``$CASE_REVIEW_CENTRE``; no file named means no trainers. Raises
    CentreError for a file that cannot be read or used."""
    env = os.environ if environ is None else environ
    chosen = path if path is not None and str(path) != "" else env.get(CENTRE_ENV_VAR) or None
    if chosen is None:
        return Centre()
    where = Path(chosen).expanduser()
    try:
        if where.stat().st_size > MAX_CENTRE_FILE:
            raise CentreError(f"{where}: larger than 1 MiB; a centre config is a few lines")
        text = where.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise CentreError(f"{where}: not UTF-8 text") from None
    except OSError as err:
        raise CentreError(f"{where}: cannot read: {err.strerror or err}") from None
    return parse_centre(text, str(where))
