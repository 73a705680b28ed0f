"""From bytes to plain data (str / list / dict) plus the composed node tree,
which keeps a line and column for every value.

Nodes are composed by libyaml's C parser with a resolver that knows no
implicit types, so every scalar stays text until the schema says otherwise
(`no` is not false) and any explicit tag stands out. Nothing is constructed,
so nothing in a file can run code.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import yaml
from yaml._yaml import CParser  # type: ignore[import-not-found]
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from .problems import Problem

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32
_MAX_CONTROL_REPORTS = 5
# libyaml's composer recurses in C; below this bound on nesting it is safe
# (measured: 10,000 levels compose, 200,000 crash the interpreter).
_SAFE_NESTING_BOUND = 5000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_DEFAULT_TAGS = frozenset({BaseResolver.DEFAULT_SCALAR_TAG, BaseResolver.DEFAULT_SEQUENCE_TAG,
                           BaseResolver.DEFAULT_MAPPING_TAG})
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0abtefvrN_LP])")


class _Loader(CParser, BaseResolver):  # type: ignore[misc]
    """The C parser with a resolver that resolves nothing implicitly."""

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        BaseResolver.__init__(self)


@attrs.frozen
class Document:
    path: str
    text: str
    data: Any
    root: Node | None


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _describe(ch: str) -> str:
    return {"\x1b": "an escape character (ESC)", "\r": "a carriage return", "\x00": "a NUL byte"}.get(
        ch, f"control character U+{ord(ch):04X}"
    )


_YAML_HINTS: tuple[tuple[str, str, str], ...] = (
    (
        "found character '\\t'",
        "a tab character cannot be used here",
        "YAML indents with spaces only; replace the tab with spaces",
    ),
    (
        "mapping values are not allowed",
        "a colon followed by a space is not allowed here",
        "text containing ': ' must be quoted or written as a block after `|` on its own line",
    ),
    (
        "could not find expected ':'",
        "a key is missing its colon, or a quoted text runs on",
        "check the line above for a missing `:` or an unclosed quote",
    ),
    (
        "did not find expected key",
        "the indentation does not line up",
        "keys of one mapping must start in the same column; check the indentation here and just above",
    ),
    (
        "did not find expected '-' indicator",
        "the indentation of this list does not line up",
        "every `- ` item of one list must start in the same column",
    ),
    (
        "expected <block end>",
        "the indentation does not line up",
        "keys of one mapping must start in the same column; check the indentation here and just above",
    ),
    (
        "found undefined tag handle",
        "YAML tags are not allowed",
        "remove the `!`-tag; write plain text",
    ),
    (
        "found unexpected end of stream",
        "the file ends in the middle of a value",
        "look for an unclosed quote or bracket",
    ),
)


# Where a value can begin on a line: after `key: `, after `- `, or inside `[ ... ]` / `{ ... }`.
_VALUE_START = re.compile(r"(?:^\s*(?:- )*|: |[\[{,]\s*)$")
_KEY_LINE = re.compile(r"^(\s*)((?:- )*)([A-Za-z_][\w-]*):(?:\s|$)")


def unclosed_quote(line: str) -> int | None:
    """The 0-based column of a quote that opens a value on ``line`` and is not closed on it, else None.
    (YAML lets quoted text run over lines; in a scenario file that is nearly always a missing quote mark.)"""
    index = 0
    while index < len(line):
        ch = line[index]
        if ch == "#" and (index == 0 or line[index - 1].isspace()):
            return None  # a comment
        if ch in "\"'" and _VALUE_START.search(line[:index]):
            close = _closing(line, index)
            if close is None:
                return index
            index = close + 1
            continue
        index += 1
    return None


def _closing(line: str, start: int) -> int | None:
    quote, index = line[start], start + 1
    while index < len(line):
        if quote == '"' and line[index] == "\\":
            index += 2
            continue
        if line[index] == quote:
            if quote == "'" and line[index + 1 : index + 2] == "'":
                index += 2  # '' is an apostrophe inside single quotes
                continue
            return index
        index += 1
    return None


def _unclosed_quote_before(lines: list[str], line: int) -> tuple[int, int] | None:
    """The last line at or before ``line`` (1-based) that opens a quote it does not close, with the column."""
    for number in range(min(line, len(lines)), 0, -1):
        column = unclosed_quote(lines[number - 1])
        if column is not None:
            return number, column + 1
    return None


def _closing_it_helps(lines: list[str], quoted: tuple[int, int], error_line: int) -> bool:
    """Whether closing the quote at ``quoted`` (line, column) on its own line gets the file past ``error_line``:
    then the open quote, not what libyaml stumbled on later, is the mistake."""
    number, column = quoted
    mended = list(lines)
    mended[number - 1] += mended[number - 1][column - 1]
    try:
        _Loader("\n".join(mended)).get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        return mark is not None and mark.line + 1 > error_line
    except yaml.YAMLError:
        return False
    return True


def _misindented_key(lines: list[str], line: int) -> Problem | None:
    """A mapping key indented differently from the keys of its mapping just above: libyaml reports it as a list
    or block that does not line up. Returns the problem (without a path) to report instead, or None."""
    if not 0 < line <= len(lines):
        return None
    here = _KEY_LINE.match(lines[line - 1])
    if here is None or here.group(2):
        return None  # not a plain `key:` line (a list item is what the list message is about)
    column = len(here.group(1))
    for number in range(line - 1, 0, -1):
        above = _KEY_LINE.match(lines[number - 1])
        if above is None:
            continue
        above_column = len(above.group(1)) + len(above.group(2))
        if above_column == column:
            return None
        if abs(above_column - column) <= 2:
            key, other = here.group(3), above.group(3)
            way = "less" if column < above_column else "more"
            return Problem("", line, column + 1,
                           f"`{key}:` is indented {way} than `{other}:` on line {number}, so it is not part of the "
                           "same item",
                           f"start `{key}:` in column {above_column + 1}, under `{other}:`")
        return None
    return None


def _yaml_problem(path: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    raw = " ".join(p for p in (error.context, error.problem) if p)
    lines = text.splitlines()
    quoted = _unclosed_quote_before(lines, line)
    if quoted is not None and "\t" not in raw and _closing_it_helps(lines, quoted, line):
        return Problem(path, *quoted, "this quoted text is not closed on its line",
                       "end it with the same quote mark it starts with, or remove the opening one; "
                       "text with an apostrophe needs no quotes")
    if ("expected '-' indicator" in raw or "expected <block end>" in raw or "expected key" in raw) and (
            found := _misindented_key(lines, line)) is not None:
        return attrs.evolve(found, path=path)
    # libyaml does not name the character; a tab in the line's indentation is the usual cause.
    source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or "character '\\t'" in raw:
        raw = "found character '\\t'"
    for needle, message, hint in _YAML_HINTS:
        if needle in raw:
            return Problem(path, line, col, message, hint)
    return Problem(path, line, col, f"this is not valid YAML: {raw}",
                   "compare with the template from `case-review new`")


def read(path: str, data: bytes) -> Document | list[Problem]:
    """Read one file's bytes; returns the document, or every problem found."""
    if len(data) > MAX_BYTES:
        return [Problem(path, 1, 1, f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,} (1 MiB)",
                        "split the case or shorten it")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = data[: err.start].decode("utf-8", "replace")
        line, col = _line_col(before, len(before))
        return [Problem(path, line, col, "the file is not UTF-8 text",
                        "save it as UTF-8 (in most editors: Save As, encoding UTF-8)")]
    if "\x00" in text:
        return [Problem(path, *_line_col(text, text.index("\x00")), "the file holds binary data (a NUL byte), not text",
                        "scenario files are plain text saved as UTF-8")]
    problems: list[Problem] = []
    for m in _CONTROL.finditer(text):
        if len(problems) == _MAX_CONTROL_REPORTS:
            problems.append(Problem(path, *_line_col(text, m.start()), "more control characters follow; "
                                    "only the first few are listed"))
            break
        problems.append(Problem(path, *_line_col(text, m.start()), f"{_describe(m.group())} is not allowed",
                                "only ordinary text, newlines and tabs may appear in a scenario file"))
    if problems:
        return problems
    if not text.strip():
        return [Problem(path, 1, 1, "the file is empty", "start from the template that `case-review new` writes")]
    if (where := _too_deep(text)) is not None:
        return [_too_deep_problem(path, where)]
    try:
        loader = _Loader(text)
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        if _NESTING_REFUSED in str(err) and (where := _too_deep_slowly(text)) is not None:
            return [_too_deep_problem(path, where)]
        return [_yaml_problem(path, text, err)]
    except yaml.YAMLError as err:
        return [Problem(path, 1, 1, f"this is not valid YAML: {err}")]
    if root is None:
        return [Problem(path, 1, 1, "the file holds no content",
                        "start from the template that `case-review new` writes")]
    converter = _Converter(path, text)
    value = converter.convert(root, 0)
    anchors = _anchors(path, text)
    if converter.problems or anchors:
        return sorted([*converter.problems, *anchors])
    return Document(path, text, value, root)


# Where an anchor could begin: an `&` at the start of a value, not inside text ("A&E", "Smith & Co").
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:?-])&[^\s\[\]{},]")


def _anchors(path: str, text: str) -> list[Problem]:
    """Anchors (`&name`) with no alias: composing drops the anchor's name silently, so `source: &Co Primary School`
    would read as "Primary School". Looked for in the events only when the text could hold one."""
    if _MAYBE_ANCHOR.search(text) is None:
        return []
    found = []
    parser = _Loader(text)
    while (event := parser.get_event()) is not None:
        anchor = getattr(event, "anchor", None)
        if anchor is not None and event.start_mark is not None:
            found.append(Problem(path, event.start_mark.line + 1, event.start_mark.column + 1,
                                 f"anchors and aliases (`&name`, `*name`) are not allowed: `&{anchor}` here is "
                                 "read as an anchor, and left out of the text",
                                 f"to write `&{anchor}` as text, put the whole value in quotes"))
    return found


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where the file first nests deeper than MAX_DEPTH, as (line, column); None when it does not.

    A cheap bound comes first (block depth <= line length, flow depth <= brackets). Above it the depth is
    counted exactly from an event stream, which does not recurse. libyaml from 0.2.6 (PyYAML 6.0.4) refuses
    deep flow nesting in its scanner before giving a single event, so when it does, PyYAML's own
    pure-Python parser counts instead: only such files pay for it, and the trainer sees the same message at
    the same place whichever libyaml is installed.
    """
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest < _SAFE_NESTING_BOUND and text.count("[") + text.count("{") < _SAFE_NESTING_BOUND:
        return None
    try:
        return _first_too_deep(_Loader(text))
    except yaml.YAMLError as err:
        if _NESTING_REFUSED not in str(err):
            return None  # the composer reports the syntax error itself
    return _too_deep_slowly(text)


def _too_deep_slowly(text: str) -> tuple[int, int] | None:
    try:
        return _first_too_deep(yaml.SafeLoader(text))
    except yaml.YAMLError:
        return None


def _too_deep_problem(path: str, where: tuple[int, int]) -> Problem:
    return Problem(path, *where, f"the file nests deeper than {MAX_DEPTH} levels",
                   "a scenario never needs such deep nesting")


# What libyaml >= 0.2.6 says when it refuses to nest further.
_NESTING_REFUSED = "exceeded maximum nesting depth"


def _first_too_deep(parser: Any) -> tuple[int, int] | None:
    depth = 0
    while (event := parser.get_event()) is not None:
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


_SIMPLE_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "e": "\x1b", "f": "\f", "v": "\v", "r": "\r",
                   "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}


def _unescape(body: str) -> str:
    return chr(int(body[1:], 16)) if body[0] in "xuU" else _SIMPLE_ESCAPES[body]


class _Converter:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def problem(self, node: Node, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, node.start_mark.line + 1, node.start_mark.column + 1, message, hint))

    def convert(self, node: Node, depth: int) -> Any:
        if id(node) in self.seen:
            self.problem(node, "anchors and aliases (`&name`, `*name`) are not allowed",
                         "write the text out in full where it is needed")
            return None
        self.seen.add(id(node))
        if node.tag not in _DEFAULT_TAGS:
            self.problem(node, f"YAML tags such as {node.tag.replace('tag:yaml.org,2002:', '!!')!r} are not allowed",
                         "remove the tag; values are read as the format says")
            return None
        if depth > MAX_DEPTH:
            self.problem(node, f"this nests deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            return [self.convert(item, depth + 1) for item in node.value]
        assert isinstance(node, MappingNode)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _DEFAULT_TAGS:
                self.problem(key_node, "a key must be plain text")
                continue
            key = key_node.value
            if key == "<<":
                self.problem(key_node, "merge keys (`<<`) are not allowed", "write the keys out in full")
                continue
            if key in out:
                self.problem(key_node, f"duplicate key {key!r}", "each key may appear once in a mapping; merge the two")
                continue
            out[key] = self.convert(value_node, depth + 1)
        return out

    def scalar(self, node: ScalarNode) -> str | None:
        value: str = node.value
        # The C composer marks a plain scalar with style '' where PyYAML's own uses None.
        if not node.style and value in _NULLS:
            return None
        if node.style == '"' and _CONTROL.search(value):
            # An escape such as "\x1b" produced a control character; name the line it is really on.
            segment = self.text[node.start_mark.index: node.end_mark.index]
            for m in _ESCAPE.finditer(segment):
                if not _CONTROL.search(_unescape(m.group(1))):
                    continue
                decoded = m.group()
                line, col = _line_col(self.text, node.start_mark.index + m.start())
                self.problems.append(Problem(self.path, line, col, f"the escape {decoded!r} makes a control character",
                                             "only ordinary text, newlines and tabs may appear in a scenario file"))
                break
            else:
                self.problem(node, "this text contains a control character")
        return value
