"""A table's header is drawn at the widths its rows were measured to, however early the screen painted it
(widgets/measured_table.py)."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region

from simulator.ui.widgets.measured_table import MeasuredTable
from simulator.ui.widgets.pointer import PointerTable
from tests.app.helpers import laid_out, pilot_test
from tests.app.history_helpers import until


class _Table(App[None]):
    CSS = "MeasuredTable { height: auto; }"  # one line high, its header, until rows arrive: as in the cohort view

    def compose(self) -> ComposeResult:
        yield MeasuredTable()

    def on_mount(self) -> None:
        self.query_one(MeasuredTable).add_columns("Criterion", "Sessions")


@pilot_test
async def test_a_header_painted_before_the_rows_were_measured_is_painted_again() -> None:
    app = _Table()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: laid_out(app.screen), "the empty table measured")
        table = app.query_one(MeasuredTable)
        table.clear()  # filled again, as the cohort view fills its tables at each read
        table.add_rows([(Text("A criterion with a long name"), Text("3"))])
        # A loaded machine: the screen paints the table before the table is idle and measures its new row.
        table.render_lines(Region(0, 0, table.size.width, table.size.height))
        await until(pilot, lambda: laid_out(app.screen), "the row measured")
        header, row = (strip.text for strip in table.render_lines(Region(0, 0, table.size.width, 2)))
        assert header.index("Sessions") == row.index("3"), (header, row)


def test_our_tables_with_a_pointer_are_measured_tables() -> None:
    """The library's and the history's tables (the cohort view's: test_cohort_screen.py)."""
    assert issubclass(PointerTable, MeasuredTable)


@pilot_test
async def test_a_heading_is_shown_as_written_not_read_as_markup() -> None:
    app = _Table()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(MeasuredTable)
        table.add_column("[b]Due[/b] :warning:")
        await until(pilot, lambda: laid_out(app.screen), "the heading measured")
        header = table.render_lines(Region(0, 0, table.size.width, 1))[0].text
        assert "[b]Due[/b] :warning:" in header, header
