"""Values derived from a scenario are cached by the object, never by its value; and the score sheet's combined
measures follow what is added after they were first asked for."""

from __future__ import annotations

import gc

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


def test_a_value_goes_with_its_object() -> None:
    """The author preview makes a new scenario at every save: what was derived from the old one must not be
    kept alive by the cache."""
    @memo.per_object
    def upper(thing: _Thing) -> str:
        return thing.name.upper()

    things = [_Thing(str(i)) for i in range(50)]
    assert [upper(t) for t in things] == [str(i) for i in range(50)]
    assert upper.cache_size() == 50  # type: ignore[attr-defined]
    kept = things[:10]
    del things
    gc.collect()
    assert upper.cache_size() == 10  # type: ignore[attr-defined]
    assert [upper(t) for t in kept] == [str(i) for i in range(10)]


def test_objects_that_cannot_be_referred_to_weakly_are_held_within_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo, "MAX_HELD", 3)
    calls: list[tuple[str, ...]] = []

    @memo.per_object
    def joined(words: tuple[str, ...]) -> str:
        calls.append(words)
        return " ".join(words)

    tuples = [(str(i), "x") for i in range(5)]
    assert [joined(t) for t in tuples] == [f"{i} x" for i in range(5)]
    assert [joined(t) for t in tuples[3:]] == ["3 x", "4 x"]
    assert len(calls) == 5  # the last two were kept after the cache started again
    assert joined.cache_size() <= 3  # type: ignore[attr-defined]


def test_the_sheet_combines_measures_added_after_it_was_first_asked() -> None:
    sheet = Sheet()
    sheet.add("front-door", Measure("decision", 1.0, 2.0, "right"))
    assert sheet.mean("front-door") == 1.0
    sheet.add("front-door", Measure("decision", 0.0, 2.0, "wrong"))
    assert sheet.combined("front-door") == (("decision", 0.5, 2.0),)
    assert sheet.mean("front-door") == 0.5
    sheet.add("front-door", Measure("record", 2.0, 1.0, "clamped to 1"))
    assert sheet.combined("front-door") == (("decision", 0.5, 2.0), ("record", 1.0, 1.0))


def test_a_scenario_scored_and_dropped_leaves_nothing_in_the_caches() -> None:
    """What scoring derives from a scenario (its best path, the case's words, each option's points) goes when the
    scenario goes, as in the author preview, where every save loads the file again."""
    from simulator.domain.engine import replay
    from simulator.domain.scoring import reach, records
    from simulator.domain.scoring.debrief import score
    from simulator.domain.strategies import reference_play

    from ..conftest import load_mini

    gc.collect()
    before = (reach.reference_stages.cache_size(), records._case_words.cache_size(),  # type: ignore[attr-defined]
              records._option_points.cache_size())  # type: ignore[attr-defined]
    for _ in range(3):
        scenario = load_mini()
        score(replay(scenario, reference_play(scenario)))
    del scenario
    gc.collect()
    assert (reach.reference_stages.cache_size(), records._case_words.cache_size(),  # type: ignore[attr-defined]
            records._option_points.cache_size()) == before  # type: ignore[attr-defined]


def test_options_held_to_the_same_points_share_one_compiled_point_set() -> None:
    """A library's key check keeps every scenario's compiled points while the scenarios are loaded: one point
    set per option, each indexed afresh, held over a megabyte per scenario (700 MB for 500 files)."""
    from simulator.domain.scoring.records import _option_points

    from ..bundled import bundled_library

    shared = 0
    for loaded in bundled_library().scenarios:
        compiled = _option_points(loaded.scenario)
        by_points: dict[tuple[object, ...], object] = {}
        for option in compiled.values():
            held_to = option.points + option.wrong
            if held_to in by_points:
                assert option.matcher is by_points[held_to]
                shared += 1
            by_points.setdefault(held_to, option.matcher)
    assert shared > 0
