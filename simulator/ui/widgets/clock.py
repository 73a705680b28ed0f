"""The simulated clock against the statutory timescale: a bar, a status word
and a sentence with the numbers, so it reads the same without colour."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from simulator.application.session import StageClock
from simulator.ui.words import CLOCK_STYLES, CLOCK_WORDS, bar, clock_summary


class ClockBar(Widget):
    DEFAULT_CSS = """
    ClockBar { height: auto; }
    """

    clock: reactive[StageClock | None] = reactive(None, layout=True)

    def __init__(self, clock: StageClock | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(ClockBar.clock, clock)

    def render(self) -> Content:
        clock = self.clock
        if clock is None:
            return Content("")
        status = clock.status
        style = CLOCK_STYLES[status]
        parts: list[Content | tuple[str, str] | str] = [(f" {CLOCK_WORDS[status]} ", f"{style} reverse"), "  "]
        if clock.limit:
            share = clock.used / clock.limit
            width = max(10, min(30, self.size.width // 4))
            parts += [(bar(share, width), style), f" {share:.0%}  "]
        parts.append((f"Day {clock.day:.2f} of the case", "bold"))
        return Content.assemble(*parts, "\n", clock_summary(clock))
