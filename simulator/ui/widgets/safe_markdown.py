"""Textual's Markdown widget made safe for author text: cleaned by `safe`,
links parsed as plain text by `safe.markdown_parser`, and never opened."""

from __future__ import annotations

from textual.widgets import Markdown

from simulator.ui.safe import clean, markdown_parser


class SafeMarkdown(Markdown):
    def __init__(self, markdown: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(clean(markdown), id=id, classes=classes, parser_factory=markdown_parser, open_links=False)

    async def update_markdown(self, markdown: str) -> None:
        await self.update(clean(markdown))
