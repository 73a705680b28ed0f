"""The one way author and trainee text reaches the screen.

Scenario files and what a trainee types are data, never markup. Everything
here builds plain ``Content`` (or Rich ``Text`` for the widgets that want
it) from the literal characters, so ``[@click=app.quit]`` stays a bracket
and a word, and ``[link=...]`` stays text. Escape sequences and control
characters are removed before anything else sees the string. Markdown is
rendered with links and raw HTML switched off, either to ``Content`` here
(fast: one widget, no blocks to mount) or by
``simulator.ui.widgets.safe_markdown.SafeMarkdown`` for long prose.

Anything that parses markup (``notify``, ``Static("...")``, a ``str`` cell in
a ``DataTable``, ``Matcher.highlight``, ``Hit.help``) must only ever get our
own strings, or the output of these functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual.content import Content, Span

# Markdown (markdown-it, and Textual's widget) loads on first use, off the start-up path.
if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from textual.command import Matcher
    from textual.dom import DOMNode

# ANSI escape sequences as a whole (CSI, OSC up to BEL or ST, and two-byte
# escapes), so no stray parameters are left behind to look like text.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL / ST (hyperlinks, titles)
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
# Control characters other than newline and tab, and the invisible format
# characters that reorder or hide text (bidi overrides, zero-width marks).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")

Severity = Literal["information", "warning", "error"]


def clean(text: object) -> str:
    """The text with escape sequences and control characters removed; tabs become spaces."""
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _ESCAPES.sub("", value)
    return _CONTROLS.sub("", value).expandtabs(4)


def one_line(text: object) -> str:
    """Clean text with all whitespace runs (newlines too) collapsed to one space."""
    return _SPACES.sub(" ", clean(text)).strip()


def plain(text: object, style: str = "") -> Content:
    """Literal text as Content: no markup is parsed."""
    return Content.styled(clean(text), style)


def line(text: object, style: str = "") -> Content:
    """Literal text on one line, for list entries and titles."""
    return Content.styled(one_line(text), style)


def cell(text: object, style: str = "") -> Text:
    """Literal text for a DataTable cell (a plain ``str`` cell would be parsed as markup)."""
    return Text(one_line(text), style=style, no_wrap=True, overflow="ellipsis", end="")


def join(parts: Iterable[Content], separator: str = "\n") -> Content:
    return Content(separator).join(parts)


def highlight(matcher: Matcher, candidate: str) -> Content:
    """``Matcher.highlight`` without its markup parsing, for the command palette."""
    text = one_line(candidate)
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    style = matcher.match_style
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content


PROBLEM_TIMEOUT = 20  # seconds a problem stays on screen: long enough to read a sentence about unsaved work


def notify(
    node: DOMNode, message: object, *, title: str = "", severity: Severity = "information", timeout: float | None = None
) -> None:
    """A notice whose message is shown literally, on ``node``'s screen (the screen on top when ``node`` is
    the app): see ``simulator.ui.notices``. An app of another kind gets a toast."""
    from textual.app import App
    from textual.screen import Screen

    from simulator.ui import notices

    app = node.app
    if getattr(type(app), "on_noticed", None) is None:
        app.notify(clean(message), title=one_line(title), severity=severity, timeout=timeout, markup=False)
        return
    screen: Screen[object] | None = None
    if isinstance(node, Screen):
        screen = node
    elif not isinstance(node, App) and node.is_attached:
        screen = node.screen
    notice = notices.make(plain(message), title=one_line(title), severity=severity, timeout=timeout)
    app.post_message(notices.Noticed(notice, screen))


# --- Markdown -------------------------------------------------------------

# Links, images and raw HTML are switched off in the parser itself, so a link
# in a scenario shows as the characters the author typed and nothing on the
# screen can be clicked through to a browser or an action.
_DISABLED_RULES = ["link", "image", "autolink", "linkify", "html_inline", "html_block", "reference"]


def markdown_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("gfm-like").disable(_DISABLED_RULES, ignoreInvalid=True)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return markdown_parser()


_INLINE_STYLES = {"strong_open": "bold", "em_open": "italic", "s_open": "strike"}


def _inline(token: Token) -> Content:
    text: list[str] = []
    spans: list[Span] = []
    open_styles: list[tuple[str, int]] = []
    position = 0

    def add(value: str) -> None:
        nonlocal position
        text.append(value)
        position += len(value)

    for child in token.children or ():
        kind = child.type
        if kind == "text":
            add(child.content)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            spans.append(Span(position, position + len(child.content), "reverse"))
            add(child.content)
        elif kind in _INLINE_STYLES:
            open_styles.append((_INLINE_STYLES[kind], position))
        elif kind.endswith("_close") and open_styles:
            style, start = open_styles.pop()
            spans.append(Span(start, position, style))
        elif child.content:
            add(child.content)
    return Content("".join(text), spans)


def markdown(source: object) -> Content:
    """Markdown rendered to one Content: paragraphs, headings, lists, quotes,
    code and tables, with inline bold, italic and code. Links stay literal."""
    tokens = _parser().parse(clean(source))
    lines: list[Content] = []
    lists: list[int | None] = []  # None for a bullet list, else the next number
    quote = 0
    heading = False
    pending: str | None = None  # the bullet waiting for its item's first line
    row: list[Content] = []
    in_cell = False

    def prefix() -> str:
        nonlocal pending
        indent = "  " * max(0, len(lists) - 1) + "│ " * quote
        if pending is not None:
            first, pending = indent + pending, None
            return first
        return indent + ("  " if lists else "")

    def blank() -> None:
        if lines and lines[-1].plain:
            lines.append(Content(""))

    for token in tokens:
        kind = token.type
        if kind == "bullet_list_open":
            lists.append(None)
        elif kind == "ordered_list_open":
            start = token.attrs.get("start", 1)
            lists.append(int(start) if isinstance(start, int | str) and str(start).isdigit() else 1)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists:
                blank()
        elif kind == "list_item_open" and lists:
            number = lists[-1]
            if number is None:
                pending = "• "
            else:
                pending = f"{number}. "
                lists[-1] = number + 1
        elif kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
            blank()
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
            blank()
        elif kind in ("th_open", "td_open"):
            in_cell = True
        elif kind in ("th_close", "td_close"):
            in_cell = False
        elif kind == "inline" and in_cell:
            row.append(_inline(token))
        elif kind == "inline":
            content = _inline(token)
            if heading:
                content = content.stylize("bold underline")
            for part in content.split("\n"):
                lines.append(Content.assemble(prefix(), part))
        elif kind == "paragraph_close" and not lists:
            blank()
        elif kind in ("fence", "code_block"):
            for code_line in token.content.rstrip("\n").split("\n"):
                lines.append(Content.assemble(prefix(), ("  " + code_line, "dim")))
            blank()
        elif kind == "hr":
            lines.append(Content("────────"))
            blank()
        elif kind == "tr_close":
            lines.append(Content.assemble(prefix(), Content(" │ ").join(row)))
            row = []
        elif kind == "table_close":
            blank()
    while lines and not lines[-1].plain:
        lines.pop()
    return Content("\n").join(lines)



def sentence(text: str) -> str:
    """A message (a store's, a loader's) as a sentence of its own: ended with a full stop unless it ends already."""
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."
