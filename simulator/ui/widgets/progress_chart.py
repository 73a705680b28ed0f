"""A small bar chart of scores in [0, 1], drawn with block characters.

Hand-drawn rather than Textual's Sparkline, because a Sparkline scales its
bars between the lowest and highest value shown: two scores of 0.61 and 0.62
would look like nothing and everything. Here the scale is always 0 to 1, the
axis is labelled, each bar is numbered, and the screen puts a table of the
same numbers beside it, so nothing is told by bar height or colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from simulator.domain.scoring.grades import grade_for
from simulator.reports.progress import Bar
from simulator.ui.words import GRADE_STYLES

EIGHTHS = " ▁▂▃▄▅▆▇█"
AXIS = 5  # "1.0 ┤"
BAR_WIDTH = 2


def chart_lines(bars: Sequence[Bar], rows: int) -> list[Content]:
    """The chart as lines of Content: ``rows`` rows of bars, the axis, the bar numbers."""
    lines = []
    for row in range(rows, 0, -1):
        label = {rows: "1.0", (rows + 1) // 2: "0.5", 1: "0.0"}.get(row, "")
        parts: list[Content | tuple[str, str] | str] = [f"{label:>3} ┤"]
        for bar in bars:
            filled = bar.value * rows * 8 - (row - 1) * 8  # eighths of this row covered
            cell = EIGHTHS[max(0, min(8, round(filled)))]
            # The bottom row always shows a sliver, so a score of 0 is not mistaken for no session.
            if row == 1 and cell == " ":
                cell = "▁"
            parts.append((cell * BAR_WIDTH, GRADE_STYLES[grade_for(bar.value)].removeprefix("bold ")))
            parts.append(" ")
        lines.append(Content.assemble(*parts))
    lines.append(Content("    └" + "─" * ((BAR_WIDTH + 1) * len(bars))))
    lines.append(Content("     " + "".join(f"{bar.number:<{BAR_WIDTH + 1}}" for bar in bars)))
    return lines


class ProgressChart(Widget):
    """Bars numbered 1, 2, ... left to right, oldest first."""

    DEFAULT_CSS = """
    ProgressChart {
        height: auto;
        width: auto;
    }
    """

    bars: reactive[tuple[Bar, ...]] = reactive((), layout=True)

    def __init__(self, rows: int = 8, *, empty: str = "No finished sessions yet.", id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows
        self.empty = empty

    def render(self) -> Content:
        if not self.bars:
            return Content.styled(self.empty, "italic")
        return Content("\n").join(chart_lines(self.bars, self.rows))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        if not self.bars:
            return len(self.empty)
        return AXIS + (BAR_WIDTH + 1) * len(self.bars)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1 if not self.bars else self.rows + 2
