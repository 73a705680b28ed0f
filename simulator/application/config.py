"""Where the trainee's files live, their config file and their settings (design.md, "Data and places").

Three files, each with its own environment variable:

- the **config file** (``config.toml``), which the user writes: the default trainee, the theme, where the
  history and exports go, and keys of their own. ``$CASE_REVIEW_CONFIG``, else the user config folder. It is
  read strictly: every mistake is a problem with its line, and a value with a mistake is not used (the rest
  is). docs/config.md describes it.
- the **settings** (``settings.json``), which the app writes: the name given in the app (ctrl+n) and the
  theme chosen there (ctrl+t). ``$CASE_REVIEW_SETTINGS``, else the user config folder. A missing or damaged
  settings file means defaults, never a crash: settings are a convenience, not a record.
- the **history database**: ``--db``, else ``$CASE_REVIEW_DB``, else the config file's ``[data] history``,
  else the user data folder.

The library's index, which can always be rebuilt from the scenario files, goes in ``$CASE_REVIEW_CACHE``,
else the user cache folder.

What the config file sets is what the app starts with; what the app remembers fills in what it leaves out.
An empty environment variable counts as not given. The app suggests exports in the user's documents unless
the config file names a folder.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import platformdirs

from simulator.application.files import write_whole
from simulator.store.backend import as_location, is_url, other_url, shown, url_problem

APP_NAME = "case-review"  # the folder name under the platform's config and data folders
CONFIG_ENV_VAR = "CASE_REVIEW_CONFIG"  # the config file, written by the user
SETTINGS_ENV_VAR = "CASE_REVIEW_SETTINGS"  # the settings, written by the app
DB_ENV_VAR = "CASE_REVIEW_DB"  # the history database
CACHE_ENV_VAR = "CASE_REVIEW_CACHE"  # the folder for what can be rebuilt: the library's index
CONFIG_FILE = "config.toml"
SETTINGS_FILE = "settings.json"
DB_FILE = "history.sqlite3"
MAX_NAME = 60
MAX_CONFIG_BYTES = 1 << 20  # a config file is a few lines; anything near this is not one


def _given(value: str | os.PathLike[str] | None) -> bool:
    return value is not None and str(value) != ""


# --- the history database ----------------------------------------------------


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DB_FILE


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None,
                    configured: str | os.PathLike[str] | None = None) -> Path | str:
    """``--db`` first, then ``$CASE_REVIEW_DB``, then the config file's ``[data] history`` (``configured``),
    then the user data folder: a file's path, or a ``postgresql://`` URL (kept as text) for a shared store.

    An empty value counts as not given, so ``CASE_REVIEW_DB= case-review`` falls
    back to the default rather than opening a file called "".
    """
    env = os.environ if environ is None else environ
    for value in (cli_value, env.get(DB_ENV_VAR), configured):
        if value is not None and _given(value):
            return as_location(value)
    return default_db_path()


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where the library's index is kept: ``$CASE_REVIEW_CACHE``, else the user cache folder."""
    value = (os.environ if environ is None else environ).get(CACHE_ENV_VAR)
    if value:
        return Path(value).expanduser()
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def default_export_dir() -> Path:
    """Where the app suggests writing exports: a folder of the trainee's documents."""
    return platformdirs.user_documents_path() / APP_NAME


def screenshot_dir(export_dir: Path | None = None) -> Path:
    """Where a screenshot goes: the Downloads folder when there is one, else the exports folder."""
    downloads = platformdirs.user_downloads_path()
    return downloads if downloads.is_dir() else (export_dir or default_export_dir())


# --- the settings (written by the app) -----------------------------------------


@attrs.frozen
class Settings:
    trainee: str = ""
    theme: str = ""
    twins: bool = True  # a twin case draws a twin at random for each session; a trainer may turn it off


def settings_path() -> Path:
    override = os.environ.get(SETTINGS_ENV_VAR)
    if override:
        return Path(override)
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / SETTINGS_FILE


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    return value if isinstance(value, str) else ""


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    return Settings(trainee=_text(data, "trainee")[:MAX_NAME], theme=_text(data, "theme"),
                    twins=data.get("twins") is not False)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Whole or not at all, owner-only: a half-written file must not lose the name."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_whole(path, json.dumps(attrs.asdict(settings), indent=2, ensure_ascii=False) + "\n")


# --- the config file (written by the user) -----------------------------------


@attrs.frozen
class KeyInfo:
    """One key binding the config file may change: its default keys, what it does, and where."""

    keys: str
    description: str  # its name in the footer and the palette
    where: str
    clashes_with: frozenset[str] = frozenset()  # the other ids active on the same screen
    does: str = ""  # what it does, in a sentence (its tooltip), when it has one


@attrs.frozen
class Vocabulary:
    """What the app can bind and show, for checking the config file. The shell that has the keys and the
    themes (the app) supplies it; without one, keys and themes are checked only for their form."""

    keys: Mapping[str, KeyInfo] | None  # None: binding ids are not checked (finding them all costs imports)
    themes: Collection[str]
    key_problem: Callable[[str], str | None]  # why one key (``ctrl+d``, ``f5``) cannot be bound, or None


@attrs.frozen
class Config:
    """What the config file sets; an empty value (or an empty ``keys``) is not set."""

    trainee: str = ""
    theme: str = ""
    history: str = ""  # the history database, as written (``~`` and relative paths resolved by `history_path`)
    exports: str = ""  # the folder exports are suggested in
    keys: Mapping[str, str] = attrs.field(factory=dict)  # binding id -> keys, comma-separated
    folder: Path | None = None  # the config file's folder: relative paths are relative to it

    def _path(self, value: str) -> Path | None:
        if not value:
            return None
        path = Path(value).expanduser()
        return path if path.is_absolute() or self.folder is None else self.folder / path

    @property
    def history_path(self) -> Path | str | None:
        """The history as a path, or a ``postgresql://`` URL as written."""
        return self.history if is_url(self.history) or other_url(self.history) else self._path(self.history)

    @property
    def export_dir(self) -> Path | None:
        return self._path(self.exports)


@attrs.frozen(order=True)
class ConfigProblem:
    path: str
    line: int
    col: int
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: error: {self.message}"


@attrs.frozen
class ConfigRead:
    config: Config
    problems: tuple[ConfigProblem, ...]
    found: bool  # whether there was a file to read


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    override = env.get(CONFIG_ENV_VAR)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / CONFIG_FILE


# What the file may hold: the top-level keys, and the tables with theirs.
_TOP = ("trainee", "theme", "data", "keys")
_DATA = ("history", "exports")
_BAD_MODIFIERS = ("alt", "meta", "super", "cmd", "command", "option", "hyper")


def load_config(path: Path | None = None, vocabulary: Vocabulary | None = None) -> ConfigRead:
    """Read the config file strictly: every problem is reported with its line, and a value with a problem is
    left out (so the app still opens, with the rest). A missing file is no problem: the defaults apply."""
    path = path or config_path()
    shown = str(path)
    try:
        raw = _read(path)
    except FileNotFoundError:
        return ConfigRead(Config(), (), found=False)
    except OSError as err:
        return ConfigRead(Config(), (ConfigProblem(shown, 1, 1, f"cannot read it: {err.strerror or err}"),),
                          found=True)
    if isinstance(raw, ConfigProblem):
        return ConfigRead(Config(), (attrs.evolve(raw, path=shown),), found=True)
    import tomllib  # here, not at the top: every command imports this module, few read the file

    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as err:
        line, col, message = _syntax_error(err)
        return ConfigRead(Config(), (ConfigProblem(shown, line, col, f"not valid TOML: {message}"),), found=True)
    checker = _Checker(shown, _Positions(raw), vocabulary)
    config = checker.check(data, path.parent)
    return ConfigRead(config, tuple(checker.problems), found=True)


def _read(path: Path) -> str | ConfigProblem:
    if path.is_dir():
        return ConfigProblem(str(path), 1, 1, "this is a folder; the config file is a file (config.toml)")
    with path.open("rb") as f:
        data = f.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        return ConfigProblem(str(path), 1, 1, "the file is over 1 MiB; a config file is a few lines")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return ConfigProblem(str(path), line, col, "the file is not UTF-8 text")


_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def _syntax_error(err: ValueError) -> tuple[int, int, str]:
    """(line, column, message) of a syntax error; newer Pythons give the place as attributes too."""
    message = str(err)
    line, col = 1, 1
    found = _AT.search(message)
    if found:
        line, col = int(found.group(1)), int(found.group(2))
        message = message[: found.start()]
    message = _AT_END.sub(" at the end of the file", message)
    return line, col, message[:1].lower() + message[1:]


class _Positions:
    """Where each key is written, as (line, column), found by reading the lines: tomllib gives positions
    only for syntax errors. Tables (``[data]``), dotted and quoted keys are followed; a key inside an inline
    table is found at its table's line."""

    _HEADER = re.compile(r"^\s*\[(?!\[)(.*?)\]\s*(#.*)?$")
    _NAME = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
    _KEY = re.compile(rf"^(\s*)({_NAME}(?:\s*\.\s*{_NAME})*)\s*=")
    _PART = re.compile(r"""[A-Za-z0-9_-]+|"((?:[^"\\]|\\.)*)"|'([^']*)'""")

    def __init__(self, text: str) -> None:
        self.found: dict[tuple[str, ...], tuple[int, int]] = {}
        table: tuple[str, ...] = ()
        in_multiline: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_multiline is not None:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            header = self._HEADER.match(line)
            if header:
                table = self._parts(header.group(1))
                self.found.setdefault(table, (number, line.index("[") + 1))
                continue
            key = self._KEY.match(line)
            if key:
                path = (*table, *self._parts(key.group(2)))
                self.found.setdefault(path, (number, len(key.group(1)) + 1))
                if path[0] == "keys" and len(path) > 2:  # a binding id written unquoted, or in [keys.case]
                    self.found.setdefault(("keys", ".".join(path[1:])), (number, len(key.group(1)) + 1))
                rest = line[key.end():]
                for quotes in ('"""', "'''"):
                    if rest.count(quotes) % 2 == 1:
                        in_multiline = quotes

    def _parts(self, dotted: str) -> tuple[str, ...]:
        parts = []
        for match in self._PART.finditer(dotted):
            if match.group(1) is not None:
                parts.append(match.group(1).encode("utf-8").decode("unicode_escape", errors="replace"))
            else:
                parts.append(match.group(2) if match.group(2) is not None else match.group(0))
        return tuple(parts)

    def of(self, *path: str) -> tuple[int, int]:
        """The place of the key at ``path``, else of the nearest table or key above it, else the top."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.found:
                return self.found[path[:end]]
        return 1, 1


def _did_you_mean(word: str, choices: Collection[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return "a date or time" if not isinstance(value, str) else "text"


class _Checker:
    def __init__(self, path: str, positions: _Positions, vocabulary: Vocabulary | None) -> None:
        self.path = path
        self.positions = positions
        self.vocabulary = vocabulary
        self.problems: list[ConfigProblem] = []

    def problem(self, where: tuple[str, ...], message: str) -> None:
        line, col = self.positions.of(*where)
        self.problems.append(ConfigProblem(self.path, line, col, message))

    def check(self, data: dict[str, Any], folder: Path) -> Config:
        self._unknown(data, _TOP, ())
        data_table = self._table(data, "data")
        keys_table = self._table(data, "keys")
        self._unknown(data_table, _DATA, ("data",))
        config = Config(trainee=self._trainee(data), theme=self._theme(data),
                        history=self._history(data_table),
                        exports=self._text(data_table, ("data", "exports"), "a folder path"),
                        keys=self._keys(keys_table), folder=folder)
        self.problems.sort()
        return config

    def _unknown(self, table: Mapping[str, Any], known: tuple[str, ...], where: tuple[str, ...]) -> None:
        for key in table:
            if key not in known:
                place = ".".join(where)
                inside = f" in [{place}]" if place else ""
                self.problem((*where, key), f"unknown setting {key!r}{inside}{_did_you_mean(key, known)}; "
                             f"the settings here are: {', '.join(known)}")

    def _table(self, data: Mapping[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key, {})
        if isinstance(value, dict):
            return value
        self.problem((key,), f"{key} must be a table, written [{key}] on a line of its own with its settings "
                             f"below it; it is {_kind(value)}")
        return {}

    def _text(self, table: Mapping[str, Any], where: tuple[str, ...], what: str) -> str:
        value = table.get(where[-1], "")
        if isinstance(value, str):
            return value
        self.problem(where, f"{where[-1]} must be text in quotes ({what}); it is {_kind(value)}")
        return ""

    def _history(self, table: Mapping[str, Any]) -> str:
        history = self._text(table, ("data", "history"), "a file path or a postgresql:// URL")
        problem = url_problem(history) if is_url(history) or other_url(history) else None
        if problem:
            # Kept as written: a history elsewhere than the one meant would split the trainee's sessions in two;
            # opening it says the same, and nothing is saved until it is mended.
            self.problem(("data", "history"), f"history: {problem}")
        return history

    def _trainee(self, data: Mapping[str, Any]) -> str:
        name = self._text(data, ("trainee",), "your name")
        if name != " ".join(name.split()) or any(not c.isprintable() for c in name):
            self.problem(("trainee",), "trainee must be a name on one line, without tabs or other control "
                                       "characters or spaces at either end")
            return ""
        if len(name) > MAX_NAME:
            self.problem(("trainee",), f"trainee is {len(name)} characters long; at most {MAX_NAME} are kept")
            return ""
        return name

    def _theme(self, data: Mapping[str, Any]) -> str:
        theme = self._text(data, ("theme",), "a theme's name")
        themes = self.vocabulary.themes if self.vocabulary is not None else ()
        if theme and themes and theme not in themes:
            self.problem(("theme",), f"there is no theme called {theme!r}{_did_you_mean(theme, themes)}; "
                                     "docs/config.md lists the themes")
            return ""
        return theme

    def _keys(self, table: Mapping[str, Any]) -> dict[str, str]:
        known = self.vocabulary.keys if self.vocabulary is not None else None
        chosen: dict[str, str] = {}
        for path, value in _flatten(table):
            binding_id = ".".join(path)
            where = ("keys", binding_id)
            if known is not None and binding_id not in known:
                self.problem(where, f"no key is called {binding_id!r}{_did_you_mean(binding_id, known)}; "
                                    "docs/config.md lists them, with what each does")
                continue
            if not isinstance(value, str):
                self.problem(where, f"{binding_id} must be text in quotes, such as \"ctrl+d\" or \"f5,d\"; it is "
                                    f"{_kind(value)}")
                continue
            keys = [k.strip() for k in value.split(",")]
            problems = [why for why in (self._key_problem(k) for k in keys) if why]
            if problems:
                self.problem(where, f"{binding_id}: {problems[0]}")
                continue
            chosen[binding_id] = ",".join(keys)
        if known is not None:
            for binding_id in self._clashes(chosen, known):
                del chosen[binding_id]
        return chosen

    def _key_problem(self, key: str) -> str | None:
        if not key:
            return "a key is empty (two commas, or a comma at an end?)"
        parts = key.split("+")
        if any(part.lower() in _BAD_MODIFIERS for part in parts[:-1]):
            return (f"{key!r}: terminals do not pass Alt, Option, Cmd or Meta to an app reliably; "
                    "use a letter, an F-key or ctrl+ instead")
        if key.lower() == "ctrl+space":
            return "'ctrl+space' does not reach the app in many terminals; use another key"
        if self.vocabulary is not None:
            return self.vocabulary.key_problem(key)
        return None

    def _clashes(self, chosen: Mapping[str, str], known: Mapping[str, KeyInfo]) -> list[str]:
        """The ids given a key another binding on the same screen has; each is reported."""
        clashing = []

        def keys_of(binding_id: str) -> set[str]:
            return {k.strip() for k in chosen.get(binding_id, known[binding_id].keys).split(",")}

        for binding_id in sorted(chosen):
            mine = keys_of(binding_id)
            for other in sorted(known[binding_id].clashes_with):
                shared = mine & keys_of(other)
                if shared and other != binding_id:
                    key = sorted(shared)[0]
                    self.problem(("keys", binding_id),
                                 f"{binding_id}: {key!r} is already {known[other].description!r} ({other}) "
                                 f"on {known[binding_id].where}; give that one another key too, or choose "
                                 "another here")
                    clashing.append(binding_id)
                    break
        return clashing


def _flatten(table: Mapping[str, Any], above: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """A binding id's dots make tables in TOML unless it is quoted (``case.decide = "D"`` is ``[keys.case]``
    ``decide = "D"``): both are read as the id ``case.decide``."""
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, (*above, key))
        else:
            yield (*above, key), value


def config_items(config: Config) -> Iterator[tuple[str, str]]:
    """What a config sets, as (setting, value) lines for `case-review config`."""
    for name in ("trainee", "theme"):
        value = getattr(config, name)
        if value:
            yield name, value
    if config.history_path is not None:
        yield "data.history", shown(config.history_path)  # a URL without its password
    if config.export_dir is not None:
        yield "data.exports", str(config.export_dir)
    for binding_id, keys in sorted(config.keys.items()):
        yield f"keys.{binding_id}", keys
