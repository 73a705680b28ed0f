"""Reading a decision record: negation, stems, misspellings, the key's points, the qualities of a defensible
record, and which way a record argues. Deterministic, and never fails on any text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.domain.reasoning.points import match_point, parse_terms
from simulator.domain.reasoning.record import Leaning, read_record, vocabulary_of
from simulator.domain.reasoning.words import read_text


def negated(text: str) -> set[str]:
    return {w.text for w in read_text(text).words if w.negated}


@pytest.mark.parametrize(("text", "negated_words", "plain_words"), [
    ("There are no concerns about the bruise.", {"concerns", "bruise"}, set()),
    ("No concerns about attendance, but the bruise is suspicious.", {"concerns", "attendance"}, {"bruise"}),
    ("Non-accidental injury cannot be excluded.", set(), {"injury", "excluded"}),
    ("NAI is not ruled out.", set(), {"nai", "ruled"}),
    ("Non-accidental injury has not been excluded.", set(), {"injury", "excluded"}),
    ("There is no doubt the bruise is suspicious.", set(), {"bruise", "suspicious"}),
    ("I do not think the children are suffering significant harm.", {"significant", "harm"}, set()),
    ("Abuse was ruled out by the paediatrician.", {"abuse"}, {"paediatrician"}),
    ("Dean denies hitting her.", set(), {"hitting"}),  # reported denial is not the writer's negation
    ("He didn't go missing and he came home.", {"go", "missing"}, {"came", "home"}),
])
def test_negation_covers_what_it_should_and_no_more(text: str, negated_words: set[str], plain_words: set[str]) -> None:
    found = negated(text)
    assert negated_words <= found, found
    assert not plain_words & found, found


def test_a_point_needs_every_idea_near_one_another_and_not_negated() -> None:
    terms = parse_terms(["bruise", "non-mobile"])
    assert match_point(read_text("Mason is 4 months old and not yet rolling. He has a bruise on his cheek."),
                       terms).made
    assert match_point(read_text("He has bruising. He cannot move independently."), terms).made
    assert not match_point(read_text("No bruise was seen on the non-mobile baby."), terms).made
    far = "Mason has a bruise. The toy was red. Tyler is two. Mason is not yet rolling."
    assert not match_point(read_text(far), terms).made


def test_stems_synonyms_and_one_slip_of_the_keyboard_count() -> None:
    terms = parse_terms(["strangulation", "threat to kill|threats to kill"], {"strangulation": ["hands round"]})
    assert match_point(read_text("He strangled her and made threats to kill."), terms).made
    assert match_point(read_text("Strangualtion, and threats to kill her."), terms).made
    assert match_point(read_text("He put his hands round her neck; threats to kill."), terms).made


def test_the_quote_is_the_trainee_s_own_sentence() -> None:
    match = match_point(read_text("First line. Any bruise on a baby who cannot move is suspicious."),
                        parse_terms(["bruise", "non-mobile|cannot move"]))
    assert match.quote == "Any bruise on a baby who cannot move is suspicious."


VOCAB = vocabulary_of(["Leo has a finger-shaped mark on his arm. Sam has a police caution for assault. "
                       "His grandmother sees him daily."])


@pytest.mark.parametrize(("text", "quality"), [
    ("School report a finger mark on Leo's arm and police hold a caution for Sam.", "known"),
    ("We do not yet know what happened at home.", "unknown"),
    ("His grandmother is a strength, but the mark outweighs it.", "weighed"),
    ("This meets the threshold for section 47 because of the mark and the caution.", "threshold"),
    ("I will see Leo alone at school tomorrow.", "plan"),
    ("If Leo's account explains the mark, I would step down.", "change"),
])
def test_each_quality_of_a_defensible_record_is_recognised(text: str, quality: str) -> None:
    reading = read_record(text, VOCAB, 1)
    assert {q.name for q in reading.qualities if q.present} >= {quality}


def test_filler_names_nothing_of_the_case() -> None:
    reading = read_record("Decision made after considering all the information. See evidence. Will review.", VOCAB)
    assert reading.specific == ()
    assert reading.general < 0.2


@pytest.mark.parametrize(("text", "leaning", "against"), [
    ("There are no real concerns. Leo is fine and the family are coping; there is no role for us.", Leaning.UP, True),
    ("I remain worried: Leo is at risk and the mark is suspicious. The risk has not reduced.", Leaning.DOWN, True),
    ("The explanation looks reassuring, but the mark is suspicious and Leo is at risk.", Leaning.UP, False),
    ("Leo is at risk of significant harm: the mark and the caution are serious.", Leaning.UP, False),
    ("The mark is explained and Leo is safe with his grandmother; the risk has reduced.", Leaning.DOWN, False),
    # Describing what is safe is not arguing against an enquiry; saying there is no role for us is.
    ("Leo is safe at school, the house is fine and his grandmother is safe to supervise.", Leaning.UP, False),
    ("Leo is safe and fine; there is no role for children's services here.", Leaning.UP, True),
    # Early help whose record says what is not significant harm argues for early help, not against it.
    ("No significant harm: the hunger is explained, he is fine and safe; he needs breakfast club.", Leaning.MIDDLE,
     False),
    ("He is fine, safe and coping; there is nothing for us to do.", Leaning.MIDDLE, True),
])
def test_which_way_a_record_argues(text: str, leaning: Leaning, against: bool) -> None:
    assert bool(read_record(text, VOCAB).argues_against(leaning)) is against


@given(st.text(max_size=400))
def test_any_text_is_read_without_failing_and_the_same_way_twice(text: str) -> None:
    first = read_record(text, VOCAB, 2)
    assert first == read_record(text, VOCAB, 2)
    assert 0.0 <= first.general <= 1.0
    for leaning in Leaning:
        first.argues_against(leaning)
    match_point(read_text(text), parse_terms(["mark|bruise", "arm"]))


@pytest.mark.parametrize("text", ["Mum is not coping well and nobody has checked.", "Her fears are not exaggerated."])
def test_a_cue_that_argues_a_concern_away_turns_round_under_its_negation(text: str) -> None:
    reading = read_record(text, frozenset())
    assert (reading.lowers, reading.written_lowers) == (0, 0) and reading.raises == 1


_LETTERS = st.text(alphabet="abcdeirst", min_size=5, max_size=10)


@st.composite
def _text_and_wanted(draw: st.DrawFn) -> tuple[list[str], str]:
    """Words, and a word looked for: often one of them with one slip (a letter dropped, added, changed, or
    two swapped), so that the near matches are many, as well as the misses."""
    words = draw(st.lists(_LETTERS, min_size=1, max_size=30))
    wanted = draw(st.one_of(_LETTERS, st.sampled_from(words)))
    at = draw(st.integers(0, len(wanted) - 1))
    letter = draw(st.sampled_from("abcdeirst"))
    slip = draw(st.sampled_from(["none", "drop", "add", "change", "swap"]))
    if slip == "drop":
        wanted = wanted[:at] + wanted[at + 1:]
    elif slip == "add":
        wanted = wanted[:at] + letter + wanted[at:]
    elif slip == "change":
        wanted = wanted[:at] + letter + wanted[at + 1:]
    elif slip == "swap" and at + 1 < len(wanted):
        wanted = wanted[:at] + wanted[at + 1] + wanted[at] + wanted[at + 2:]
    return words, wanted


@given(_text_and_wanted())
def test_a_long_word_one_slip_away_is_found_as_a_scan_of_every_long_word_finds_it(
        drawn: tuple[list[str], str]) -> None:
    """Where a phrase may start is looked up by the words one letter out of the wanted one; the answer is the
    one a comparison with every long word of the text gives."""
    from simulator.domain.reasoning.points import _starts, same_word
    from simulator.domain.reasoning.words import FUZZY_FROM

    words, wanted = drawn
    text = read_text(" ".join(words))
    written = read_text(wanted).words[0]
    scanned = list(text.by_stem.get(written.stem, ()))
    if len(written.text) >= FUZZY_FROM:
        for other_stem, other, where in text.long_words:
            if other_stem != written.stem and same_word(other_stem, other, written.stem, written.text):
                scanned.extend(where)
    assert _starts(text, written.stem, written.text) == sorted(scanned)
