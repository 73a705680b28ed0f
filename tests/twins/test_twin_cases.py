"""Twin cases: text substituted per twin and nowhere else, lint holding twins to what they declare, and the
same events scoring the same on every twin."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.domain.engine import replay
from simulator.domain.scoring.debrief import score
from simulator.domain.strategies import random_play
from simulator.domain.twins import as_twin, fill, placeholders, text_fields
from simulator.scenarios.canonical import to_data
from simulator.scenarios.loader import Loaded, load_file

from .helpers import MINI, edited, problems, twin_mini


def test_placeholders_and_fill() -> None:
    assert placeholders("((a)) and (( b )) but not (c)") == ["a", "b"]
    assert fill("Ava ((surname)), ((unknown))", {"surname": "Hall"}) == "Ava Hall, ((unknown))"
    assert fill("no placeholder", {"x": "y"}) == "no placeholder"


def test_a_twin_tells_the_case_with_its_own_text() -> None:
    scenario = twin_mini().scenario
    hall, begum = as_twin(scenario, "hall"), as_twin(scenario, "begum")
    assert hall.case.people[1].name == "Kelly Hall"
    assert begum.case.people[1].name == "Rina Begum"
    assert begum.action_by_id["home-visit"].label == "Visit the Begum family at home"
    assert "Begum" in begum.endings[1].text
    for told in (hall, begum):
        assert not any(placeholders(text) for _, text, _ in text_fields(told))


def test_twins_differ_only_in_their_text() -> None:
    scenario = twin_mini().scenario
    hall, begum = to_data(as_twin(scenario, "hall")), to_data(as_twin(scenario, "begum"))
    differing = [path for path, a, b in _pairs(hall, begum) if a != b]
    # ids, references, the key and the structure are shared; only text a twin gives differs
    assert differing and all(path[-1] in {"text", "name", "notes", "label", "narrative"} for path in differing)


def _pairs(a: object, b: object, path: tuple[object, ...] = ()) -> list[tuple[tuple[object, ...], object, object]]:
    if isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys()
        return [p for k in a for p in _pairs(a[k], b[k], (*path, k))]
    if isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b)
        return [p for i, (x, y) in enumerate(zip(a, b, strict=True)) for p in _pairs(x, y, (*path, i))]
    return [(path, a, b)]


def test_no_twin_drawn_or_an_unknown_one_tells_the_first_twin() -> None:
    scenario = twin_mini().scenario
    first = as_twin(scenario, "hall")
    assert as_twin(scenario, "") == first
    assert as_twin(scenario, "nobody") == first
    mini = load_file(MINI)
    assert isinstance(mini, Loaded)
    assert as_twin(mini.scenario, "hall") is mini.scenario  # a case without twins is itself


@given(st.integers(min_value=0, max_value=10_000))
def test_the_same_events_score_the_same_on_every_twin(seed: int) -> None:
    scenario = twin_mini().scenario
    events = random_play(scenario, seed)
    debriefs = [score(replay(as_twin(scenario, t.id), events)) for t in scenario.twins.each]  # type: ignore[union-attr]
    grades = {(d.overall, tuple((c, r.grade, r.score) for c, r in d.criteria.items())) for d in debriefs}
    assert len(grades) == 1


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("text: {surname: Begum, mother: Rina Begum, home-language: Sylheti and English}",
     "text: {surname: Begum, mother: Rina Begum}",
     "twin 'begum' does not say what ((home-language)) stands for (hint: every twin gives the same keys)"),
    ("text: {surname: Begum, mother: Rina Begum, home-language: Sylheti and English}",
     "text: {surname: Begum, mother: Rina Begum, home-language: Sylheti, father: Jamal}",
     "only twin 'begum' gives ((father)) (hint: every twin gives the same keys)"),
    ("Ava eats three helpings", "Ava ((surnam)) eats three helpings",
     "no twin says what ((surnam)) stands for (hint: did you mean ((surname))?)"),
    ("id: hungry,", "id: hungry-((surname)),",
     "((surname)) is in a field that is the same in every twin ('id') (hint: twins may differ only in the text a "
     "trainee reads, so that they score alike; write the text itself here)"),
    ("title: Test case — a nursery's worry about Ava", "title: A worry about Ava ((surname))",
     "((surname)) is in a field that is the same in every twin ('title') (hint: twins may differ only in the text "
     "a trainee reads, so that they score alike; write the text itself here)"),
    ("Speaks ((home-language)) at home.", "Speaks a language at home.",
     "((home-language)) appears nowhere in the case's text (hint: use it where the twins differ, or remove it from "
     "every twin)"),
    ("text: {surname: Begum, mother: Rina Begum, home-language: Sylheti and English}",
     "text: {surname: Hall, mother: Kelly Hall, home-language: English}",
     "twin 'begum' says the same as twin 'hall' (hint: twins must differ in what they declare)"),
    ("- id: begum", "- id: hall",
     "twin id 'hall' is used twice (hint: give each one its own id)"),
    ("attribute: ethnicity", "attribute: ethnicty",
     "twins.attribute: this must be one of names, ethnicity, religion, language, family-structure, parent-gender, "
     "class-markers, but found 'ethnicty' (hint: did you mean 'ethnicity'?)"),
])
def test_lint_holds_twins_to_what_they_declare(old: str, new: str, expected: str) -> None:
    assert expected in problems(edited(old, new))


def test_a_single_twin_is_not_a_pair() -> None:
    start = "    - id: begum"
    text = edited("      text: {surname: Begum, mother: Rina Begum, home-language: Sylheti and English}\n", "")
    text = text.replace(start + "\n      label: British Bangladeshi family, the Begums\n", "")
    assert "twin cases need at least two twins (hint: add another twin, or remove `twins`)" in problems(text)


def test_placeholders_without_twins_are_an_error() -> None:
    text = edited("twins:\n", "unused:\n")
    text = text[:text.index("unused:")] + text[text.index("case:"):]
    assert "this text has ((surname)) but the case declares no `twins` (hint: declare `twins` with what each twin " \
           "says for it, or write the text itself)" in problems(text)


def test_twins_are_format_2() -> None:
    text = edited("format: 2", "format: 1")
    assert any("`twins` is a format 2 field" in p for p in problems(text))


@given(st.data())
def test_text_written_anywhere_is_what_text_fields_gives(data: st.DataObject) -> None:
    """The twin lint asks `written_anywhere` first, to pass over a case with no twins and no placeholder; it
    must find a needle exactly where walking every text field would."""
    from simulator.domain.twins import written_anywhere

    from ..bundled import bundled_library

    scenario = data.draw(st.sampled_from([loaded.scenario for loaded in bundled_library().scenarios]))
    texts = [text for _, text, _ in text_fields(scenario)]
    text = data.draw(st.sampled_from(texts))
    start = data.draw(st.integers(0, len(text)))
    needle = data.draw(st.one_of(st.just(text[start:start + data.draw(st.integers(1, 12))]),
                                 st.sampled_from(["((", "))", "zzqx", "introductory", "twins"]), st.text(max_size=3)))
    assert written_anywhere(scenario, needle) == any(needle in t for t in texts)
