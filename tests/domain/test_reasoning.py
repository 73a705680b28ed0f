"""Reading a decision record: negation, stems, misspellings, the key's points, the qualities of a defensible
record, and which way a record argues. Deterministic, and never fails on any text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.domain.reasoning import lexicon
from simulator.domain.reasoning.points import PointSet, Term, match_point, parse_terms, same_word
from simulator.domain.reasoning.record import Leaning, _conceded, read_record, vocabulary_of
from simulator.domain.reasoning.words import Text, read_text


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
    # The route with the ground it is taken on (an educator: the neglect thin work states its threshold).
    ("Section 47 and an initial conference for neglect.", "threshold"),
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
    # A closure in the front door's own words, quoting the referral's concern first, argues for closing
    # (an educator's failure transcript was told it argued against its own decision).
    ("School concern re Leo: a mark, and they have written home twice. This is a family under pressure, not a "
     "safeguarding matter. Doesn't meet the threshold. NFA; a letter advising an urgent GP appointment. School to "
     "re-refer if the concerns continue.", Leaning.DOWN, False),
    ("Not a safeguarding matter and it does not meet the threshold: NFA.", Leaning.UP, True),
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


_LETTERS = "abcdeirst"
_WORDS = st.text(alphabet=_LETTERS, min_size=2, max_size=9)


@st.composite
def _slipped(draw: st.DrawFn, words: st.SearchStrategy[str]) -> str:
    """A word, often with one slip of the keyboard (a letter dropped, added, changed, or two swapped)."""
    word = draw(words)
    at = draw(st.integers(0, len(word) - 1))
    letter = draw(st.sampled_from(_LETTERS))
    slip = draw(st.sampled_from(["none", "drop", "add", "change", "swap"]))
    if slip == "drop":
        return word[:at] + word[at + 1:] or word
    if slip == "add":
        return word[:at] + letter + word[at:]
    if slip == "change":
        return word[:at] + letter + word[at + 1:]
    if slip == "swap" and at + 1 < len(word):
        return word[:at] + word[at + 1] + word[at] + word[at + 2:]
    return word


@st.composite
def _text_and_points(draw: st.DrawFn) -> tuple[str, list[list[str]]]:
    """A text of a few words, negations and sentence breaks; and points whose terms are phrases of those words,
    often slipped, so that near matches are many, as well as the misses."""
    vocabulary = draw(st.lists(_WORDS, min_size=1, max_size=8, unique=True))
    pieces = draw(st.lists(st.one_of(st.sampled_from(vocabulary), _slipped(st.sampled_from(vocabulary)),
                                     st.sampled_from(["no", "not", ".", ",", "but"])), max_size=40))
    text = " ".join(pieces).replace(" .", ".").replace(" ,", ",")
    phrase = st.lists(_slipped(st.sampled_from(vocabulary)), min_size=1, max_size=3).map(" ".join)
    term = st.lists(phrase, min_size=1, max_size=3).map("|".join)
    points = draw(st.lists(st.lists(term, min_size=1, max_size=3), min_size=1, max_size=4))
    return text, points


def _scanned(text: Text, term: Term) -> set[int]:
    """The sentences where a term is written, found the plain way: every phrase compared, word by word, at every
    place in the text."""
    words = text.words
    found = set()
    for phrase in term.phrases:
        for i in range(len(words) - len(phrase) + 1):
            window = words[i:i + len(phrase)]
            if not window[0].negated and window[0].sentence == window[-1].sentence and all(
                    same_word(w.stem, w.text, s, t) for w, (s, t) in zip(window, phrase, strict=True)):
                found.add(window[0].sentence)
    return found


@given(_text_and_points())
def test_a_point_set_finds_each_term_where_comparing_every_phrase_everywhere_finds_it(
        drawn: tuple[str, list[list[str]]]) -> None:
    """The point set reads a text once, looking up each word among the phrases that may start with it (by stem,
    or one slip of the keyboard away); what it finds is what a comparison of every phrase at every place finds."""
    text, points = drawn
    read = read_text(text)
    parsed = [parse_terms(p) for p in points]
    point_set = PointSet(parsed)
    terms = [t for p in parsed for t in p]
    assert point_set.term_sentences(read) == [_scanned(read, t) for t in terms]
    for terms_of_point, match in zip(parsed, point_set.match(read), strict=True):
        assert match == match_point(read, terms_of_point)
        assert match.made <= all(_scanned(read, t) for t in terms_of_point)


_CLAUSE_PIECES = st.sampled_from(["although", "though", "while", "even", "but", "however", "yet", "still", "she",
                                  "is", "safe", "at", "risk", ".", ",", ";", "\n", "not"])


@given(st.lists(_CLAUSE_PIECES, max_size=40).map(" ".join))
def test_conceded_words_are_those_of_the_clauses_conceded_word_by_word(text: str) -> None:
    """The reader skips a record in which no clause can begin with a conceding or turning word; reading every
    record word by word, as the rule is stated, agrees."""
    read = read_text(text)
    firsts: dict[tuple[int, int], str] = {}
    for w in read.words:
        firsts.setdefault((w.sentence, w.clause), w.text)
    conceded: set[tuple[int, int]] = set()
    for (sentence, clause), first in firsts.items():
        if first in lexicon.CONCEDING:
            conceded.add((sentence, clause))
        if first in lexicon.TURNING_BACK:
            conceded.update(k for k in firsts if k[0] == sentence and k[1] < clause)
    assert _conceded(read) == {i for i, w in enumerate(read.words) if (w.sentence, w.clause) in conceded}


@given(st.text(max_size=400))
def test_the_words_not_claimed_are_found_in_any_text_without_failing(text: str) -> None:
    from simulator.domain.reasoning.record import unsaid

    read = read_text(text)
    assert unsaid(read) <= frozenset(range(len(read.words)))


def test_quoted_reported_and_conceded_words_are_not_the_writer_s_claim() -> None:
    from simulator.domain.reasoning.record import unsaid

    text = read_text("Mum says \"it was an accident\". My manager's view is that we should issue. "
                     "It looks minor, but the mark is finger-shaped. I will see Leo alone.")
    words = text.word_list
    claimed = [w for i, w in enumerate(words) if i not in unsaid(text)]
    assert "accident" not in claimed and "issue" not in claimed and "minor" not in claimed
    assert {"mum", "says", "mark", "finger", "shaped", "see", "leo", "alone"} <= set(claimed)


@pytest.mark.parametrize(("text", "leaning", "names_other"), [
    # A record that states a decision leaning another way argues against the one made (domain.md §6).
    ("Mariama is likely to suffer significant harm. Decision: section 47 enquiry for both girls.", Leaning.MIDDLE,
     True),
    ("Leo's mark is explained. Decision: child-in-need plan (section 17).", Leaning.UP, True),
    ("I have decided to close the case: the school will keep an eye.", Leaning.MIDDLE, True),
    # The decision made, in the record's own words.
    ("Decision: strategy discussion today; child protection medical this afternoon.", Leaning.UP, False),
    ("Decision: child-in-need assessment; if the medical finds an injury, a strategy discussion.", Leaning.MIDDLE,
     False),
    # Closing to social care while stepping down to early help names both.
    ("Decision: close to social care and step down to early help, with the school as lead.", Leaning.MIDDLE, False),
    # A route denied, before or after it, is not the decision.
    ("Decision: not a section 47; a child in need assessment.", Leaning.MIDDLE, False),
    ("Decision: closure NOT agreed. The case stays open to the team.", Leaning.UP, False),
    # No stated decision, or a sentence that only mentions deciding: nothing to compare.
    ("Decision made after considering all the information available.", Leaning.UP, False),
    ("If anything changes, the decision would be a strategy discussion.", Leaning.MIDDLE, False),
    # An educator's good records told they argued against themselves: a route ruled out, weighed, conditioned, or
    # someone else's decision, or one spoken of, is not the decision the record states.
    ("I have decided that a strategy discussion or a child-in-need plan is not needed, and the case can close "
     "with no further action.", Leaning.DOWN, False),
    ("I decided against a strategy discussion. Accepted for a section 17 assessment.", Leaning.MIDDLE, False),
    ("My decision: a strategy discussion would be out of proportion; a section 17 assessment instead.",
     Leaning.MIDDLE, False),
    ("Decision: strategy discussion unnecessary.", Leaning.MIDDLE, False),
    ("Decision: decline a strategy discussion.", Leaning.MIDDLE, False),
    ("Decision: a strategy discussion only if the hospital raises concerns; for now a section 17 assessment.",
     Leaning.MIDDLE, False),
    ("The police decision on the February episode was no further action.", Leaning.UP, False),
    ("The decision to close February's missing episode that way was wrong.", Leaning.UP, False),
    ("Decision: Jade stays at Dawn's and I visit her within 7 working days; she may be a witness in Tyler's "
     "section 47 enquiry.", Leaning.MIDDLE, False),
    # Laid out as records are: the decision on the line after its heading, a plain hyphen, "s.47".
    ("Decision:\n- strategy discussion today with police and health.", Leaning.MIDDLE, True),
    ("Decision - S47 strategy discussion today with police.", Leaning.MIDDLE, True),
    ("Decision: s.47 enquiry today.", Leaning.MIDDLE, True),
])
def test_a_record_stating_a_decision_that_leans_another_way_names_another_decision(
        text: str, leaning: Leaning, names_other: bool) -> None:
    assert bool(read_record(text, VOCAB).names_other_decision(leaning)) is names_other


@given(st.text(max_size=400), st.sampled_from(list(Leaning)))
def test_a_stated_decision_is_read_from_any_text_and_quotes_the_trainee(text: str, leaning: Leaning) -> None:
    reading = read_record(text, VOCAB)
    quote = reading.names_other_decision(leaning)
    assert not quote or quote in " ".join(text.split())
    if reading.states_more_than(leaning):
        assert quote


def test_a_list_marker_belongs_to_its_item_so_a_heading_and_its_first_item_are_neighbours() -> None:
    """The tooth-decay good practice's "CIN plan, agreed with Rachel and Mark:" and its bulleted first need were
    two sentences apart, a marker standing as a wordless sentence between them, so 'a plan for each need' was
    missed."""
    text = read_text("CIN plan, agreed:\n- Teeth: extractions booked.\n  * After school: grandmother collects.")
    assert [text.sentence_text(i) for i in range(len(text.sentences))] == [
        "CIN plan, agreed:", "Teeth: extractions booked.", "After school: grandmother collects."]
    assert match_point(text, parse_terms(["plan", "extraction"])).made


@given(st.text(max_size=200))
def test_every_sentence_has_words(text: str) -> None:
    read = read_text(text)
    assert {w.sentence for w in read.words} == set(range(len(read.sentences)))
