"""Values derived from a scenario are cached by the object, never by its value; and the score sheet's combined
measures follow what is added after they were first asked for."""

from __future__ import annotations

import attrs
import pytest

from simulator.domain import memo
from simulator.domain.scoring.sheet import Measure, Sheet


@attrs.frozen
class _Thing:
    name: str


def test_a_value_is_computed_once_per_object_and_never_shared_between_equal_objects() -> None:
    calls: list[_Thing] = []

    @memo.per_object
    def upper(thing: _Thing) -> str:
        calls.append(thing)
        return thing.name.upper()

    first, twin = _Thing("a"), _Thing("a")
    assert first == twin and first is not twin
    assert upper(first) == upper(first) == "A"
    assert len(calls) == 1
    assert upper(twin) == "A"
    assert len(calls) == 2  # an equal object is another scenario (a reloaded file): its own value


def test_a_full_cache_starts_again_and_still_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo, "MAX_ENTRIES", 3)
    calls: list[_Thing] = []

    @memo.per_object
    def name_of(thing: _Thing) -> str:
        calls.append(thing)
        return thing.name

    things = [_Thing(str(i)) for i in range(5)]
    assert [name_of(t) for t in things] == ["0", "1", "2", "3", "4"]
    assert [name_of(t) for t in things[3:]] == ["3", "4"]
    assert len(calls) == 5  # the last two were kept after the cache started again


def test_the_sheet_combines_measures_added_after_it_was_first_asked() -> None:
    sheet = Sheet()
    sheet.add("front-door", Measure("decision", 1.0, 2.0, "right"))
    assert sheet.mean("front-door") == 1.0
    sheet.add("front-door", Measure("decision", 0.0, 2.0, "wrong"))
    assert sheet.combined("front-door") == [("decision", 0.5, 2.0)]
    assert sheet.mean("front-door") == 0.5
    sheet.add("front-door", Measure("record", 2.0, 1.0, "clamped to 1"))
    assert sheet.combined("front-door") == [("decision", 0.5, 2.0), ("record", 1.0, 1.0)]
