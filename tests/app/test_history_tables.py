"""The history's session table gives each row the height of its wrapped title itself (widgets/history_tables.py):
the same heights as the table's own measuring, which renders every cell of every row."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region

from simulator.store.records import SessionMode, SessionRecord, SessionStatus
from simulator.ui.widgets.history_tables import SessionTable
from tests.app.helpers import laid_out, pilot_test
from tests.app.history_helpers import until

TITLES = ["Lily, 9: 'Dean hit me with his belt'", "A" * 90, "Kayla, 14: the third missing episode this month " * 3,
          "Ollie 奥利 eight years old: 'normal food' 🍞 at home, and a word that goes on: " + "x" * 40, "Short"]


class _Measured(SessionTable):
    """The table as it was: each row measured by the table (height None)."""

    def add_row(self, *cells: object, height: int | None = 1, key: str | None = None,  # type: ignore[override]
                label: object = None) -> object:
        return super().add_row(*cells, height=None, key=key)


def _record(n: int, title: str) -> SessionRecord:
    at = datetime(2026, 3, 5, 14, n % 60, tzinfo=UTC)
    return SessionRecord(id=n, uuid=str(n), profile_id=1, profile="Sam", scenario_id="s", scenario_title=title,
                         scenario_digest="d", scenario_path="p", mode=SessionMode.STANDARD,
                         status=SessionStatus.FINISHED, started_at=at, updated_at=at, finished_at=at,
                         parent_id=n - 1 if n % 2 else None)


class _Both(App[None]):
    def compose(self) -> ComposeResult:
        yield SessionTable(id="ours")
        yield _Measured(id="measured")


@pytest.mark.parametrize("width", [80, 120])
@pilot_test
async def test_each_row_is_as_high_as_the_table_would_measure_it(width: int) -> None:
    app = _Both()
    async with app.run_test(size=(width, 60)) as pilot:
        records = [_record(n, title) for n, title in enumerate(TITLES)]
        for table in app.query(SessionTable):
            table.show(records)
        await until(pilot, lambda: laid_out(app.screen), "both tables measured")
        ours, measured = ([row.height for row in table.rows.values()] for table in app.query(SessionTable))
        assert ours == measured
        assert max(ours) > 1  # some titles wrap


class _One(App[None]):
    def compose(self) -> ComposeResult:
        yield SessionTable()


def _shown(table: SessionTable) -> str:
    return "\n".join(strip.text for strip in table.render_lines(Region(0, 0, table.size.width, table.size.height)))


@pilot_test
async def test_a_session_number_is_shown_whole_however_many_sessions_the_store_holds() -> None:
    """Numbers count every session in the store (a shared one's too): 49999 was shown as 4999."""
    app = _One()
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one(SessionTable)
        table.show([_record(n, "Lily") for n in (49999, 49998)])
        await until(pilot, lambda: laid_out(app.screen), "the first page measured")
        assert "49999" in _shown(table)
        table.extend([_record(1234567, "An older session, numbered later")])  # the next page
        await until(pilot, lambda: laid_out(app.screen), "the next page measured")
        assert "1234567" in _shown(table) and "49999" in _shown(table)
        assert table.row_count == 3 and table.cursor_row == 0
