"""The history's tables, their columns chosen for the width they have, sized again whenever it changes.

The sessions: the case first, wrapped rather than cut, then when it was started, the grade and the status;
from 110 columns the mode and the steps too. The criteria: each one's sessions, first and latest score, the
change and the latest grade; from 100 columns the mean too.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from simulator.reports.progress import CriterionSummary
from simulator.store.records import SessionRecord
from simulator.ui import safe
from simulator.ui.debrief_text import criterion_title
from simulator.ui.grade_words import SHORT_GRADES
from simulator.ui.history_words import MODE_WORDS, STATUS_WORDS, local_time, score_or_dash
from simulator.ui.widgets.pointer import NONE, FittedTable

WIDE = 110  # from this width the mode and the steps have columns
PADDING = 2
FRAME = 5  # the pointer column (its cell and padding) and room for a scrollbar
# Each fixed column: key, heading, width (the session number's: at least, as wide as the largest shown).
FIXED = (("id", "#", 4), ("started", "Started", 16), ("overall", "Overall", 16), ("status", "Status", 10))
MORE = (("mode", "Mode", 15), ("steps", "Steps", 5))


def _cell(text: str, style: str = "") -> Text:
    return Text(text, style=style, end="", no_wrap=True)


class SessionTable(FittedTable[SessionRecord]):
    _keys: tuple[str, ...] = ()  # the fixed columns of the layout in use
    _case_width = 16  # the case column's, in the layout in use
    _id_width = 4  # the session number's

    def fill(self, width: int) -> None:
        # Session numbers count every session in the store, a shared one's too: 5 digits and more are common.
        self._id_width = max(4, *(len(str(r.id)) for r in self.items)) if self.items else 4
        fixed = tuple((key, heading, self._id_width if key == "id" else w)
                      for key, heading, w in FIXED + (MORE if width >= WIDE else ()))
        used = sum(w + PADDING for _, _, w in fixed) + FRAME + PADDING
        longest = max((len(safe.one_line(r.scenario_title)) for r in self.items), default=20)
        self._case_width = max(16, min(longest, width - used))
        self.add_column("Case", key="case", width=self._case_width)
        for key, heading, column_width in fixed:
            self.add_column(heading, key=key, width=column_width)
        self._keys = tuple(key for key, _, _ in fixed)
        self._add(self.items)

    def extend(self, records: Sequence[SessionRecord]) -> None:
        """More rows after those shown (the next page of a long history), laid out as they are (or again, when a
        session number is longer than the column has room for)."""
        self.items.extend(records)
        if any(len(str(r.id)) > self._id_width for r in records):
            self._lay_out(self.cursor_row)
            return
        self._add(records)
        self.repoint()

    def _add(self, records: Sequence[SessionRecord]) -> None:
        console = self.app.console
        for r in records:
            cells: dict[str, Text] = {
                "id": _cell(str(r.id)), "started": _cell(local_time(r.started_at)),
                "overall": _cell(SHORT_GRADES[r.overall] if r.overall else "—", "bold" if r.overall else "dim"),
                "status": _cell(STATUS_WORDS[r.status]), "mode": _cell(MODE_WORDS[r.mode]),
                "steps": _cell(str(r.event_count)),
            }
            title = Text(safe.one_line(r.scenario_title), overflow="fold", end="")
            if r.parent_id is not None:
                title.append(f" (re-branch of #{r.parent_id})", style="dim")
            # The row's height from its wrapped title (the one cell that wraps), here: left to the table (height
            # None), it renders every cell of every row to measure it, a quarter of opening a long history.
            height = len(title.wrap(console, self._case_width))
            self.add_row(NONE, title, *(cells[key] for key in self._keys), height=max(1, height))


class CriteriaTable(FittedTable[CriterionSummary]):
    """A row per criterion, keyed by its id."""

    WIDE = 100  # from this width the mean has a column

    def fill(self, width: int) -> None:
        wide = width >= self.WIDE
        headings = ["Criterion", "Sessions", "First", "Latest", *(["Mean"] if wide else []), "Change",
                    "Latest grade" if wide else "Grade"]
        self.add_columns(*headings)
        for s in self.items:
            change = s.change
            cells = [safe.cell(criterion_title(s.criterion)), _cell(str(s.sessions)), _cell(score_or_dash(s.first)),
                     _cell(score_or_dash(s.latest)), *([_cell(score_or_dash(s.mean))] if wide else []),
                     _cell("—" if change is None else f"{change:+.2f}"),
                     _cell(SHORT_GRADES[s.latest_grade] if s.latest_grade else "—")]
            self.add_row(NONE, *cells, key=s.criterion)
