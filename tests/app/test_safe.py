"""The safe-text helper on its own: nothing in author or trainee text may
become markup, a link, an escape sequence or a control character."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.command import Matcher
from textual.content import Content
from textual.markup import MarkupError
from textual.widgets import Markdown

from simulator.ui import safe
from simulator.ui.widgets.safe_markdown import SafeMarkdown
from tests.app.helpers import LINK_MARKUP, QUIT_MARKUP

HOSTILE = f"{QUIT_MARKUP} {LINK_MARKUP} \x1b[2J end"


def test_clean_removes_escape_sequences_and_controls() -> None:
    text = "a\x1b[2Jb\x1b]8;;https://example.org\x07link\x1b]8;;\x07c\x07d\x00e\u202ef\x9b2Jg\r\n\tnext"
    assert safe.clean(text) == "ablinkcdefg\n    next"


def test_clean_keeps_brackets_and_newlines() -> None:
    assert safe.clean(f"{QUIT_MARKUP}\n{LINK_MARKUP}") == f"{QUIT_MARKUP}\n{LINK_MARKUP}"


def test_plain_is_literal_text_with_no_actions_or_links() -> None:
    content = safe.plain(HOSTILE)
    assert content.plain == f"{QUIT_MARKUP} {LINK_MARKUP}  end"
    assert content.spans == []


def test_markup_parsing_would_have_made_it_live() -> None:
    """What the helper prevents: read as markup, the text becomes an action,
    a link, or an error that would stop the app."""
    assert Content.from_markup(QUIT_MARKUP).plain == "x"
    assert "@click" in str(Content.from_markup(QUIT_MARKUP).spans[0].style)
    with pytest.raises(MarkupError):
        Content.from_markup(LINK_MARKUP)
    assert Text.from_markup(LINK_MARKUP).spans[0].style == "link https://example.org"


def test_line_collapses_whitespace() -> None:
    assert safe.one_line("  two\n\nlines\t here ") == "two lines here"
    assert safe.line(QUIT_MARKUP).plain == QUIT_MARKUP


def test_cell_is_rich_text_without_markup() -> None:
    cell = safe.cell(HOSTILE)
    assert cell.plain == f"{QUIT_MARKUP} {LINK_MARKUP} end"
    assert not cell.spans


def test_markdown_renders_formatting_but_keeps_links_literal() -> None:
    source = f"# Title\n\nSome **bold** text, [a link](https://example.org), <b>html</b>, {QUIT_MARKUP}.\n\n- one\n- two\n"
    content = safe.markdown(source + "\x1b[2J")
    text = content.plain
    assert "Title" in text and "Some bold text" in text
    assert "[a link](https://example.org)" in text
    assert "<b>html</b>" in text
    assert QUIT_MARKUP in text
    assert "• one\n• two" in text
    assert "\x1b" not in text
    assert all("@click" not in str(span.style) and "link" not in str(span.style) for span in content.spans)


def test_safe_markdown_widget_has_links_off() -> None:
    widget = SafeMarkdown(f"[a link](https://example.org) {QUIT_MARKUP}\x1b[2J")
    assert isinstance(widget, Markdown)
    assert widget._open_links is False
    tokens = safe.markdown_parser().parse("[a link](https://example.org) https://example.org")
    kinds = {child.type for token in tokens for child in token.children or ()}
    assert "link_open" not in kinds


def test_highlight_does_not_parse_markup() -> None:
    matcher = Matcher("quit")
    content = safe.highlight(matcher, f"Open case: {QUIT_MARKUP}")
    assert content.plain == f"Open case: {QUIT_MARKUP}"
    assert all("@click" not in str(span.style) for span in content.spans)
