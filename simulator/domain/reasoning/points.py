"""A point a record should make, as terms, and whether a text makes it.

A point is a few ideas that must all be written near one another: each idea is a term with alternatives
(`bruise|bruising|mark`), each alternative a word or a phrase. The text makes the point when every idea
appears, not negated, in one sentence or two neighbouring ones. Alternatives grow from the built-in thesaurus
and the author's synonyms; words are compared by stem, and a long word may be misspelt by one letter.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import attrs
from rapidfuzz.distance import OSA

from .lexicon import THESAURUS
from .words import FUZZY_FROM, Text, Word, one_letter_out, read_text, stem

# A point's ideas may spread over this many neighbouring sentences.
SENTENCE_WINDOW = 2

Phrase = tuple[tuple[str, str], ...]  # (stem, word as written) for each word


@attrs.frozen
class Term:
    """One idea: any of its phrases will do."""

    written: str  # as the author wrote it, for messages
    phrases: tuple[Phrase, ...]


@attrs.frozen
class PointMatch:
    made: bool
    quote: str = ""  # the trainee's own sentence(s) that made it


@functools.lru_cache(maxsize=65536)
def phrase_of(text: str) -> Phrase:
    """A term's words as (stem, as written). Cached apart from ``read_text``, whose cache holds the records read:
    the library's few thousand terms are never pushed out by them."""
    return tuple((w.stem, w.text) for w in read_text(text).words)


def parse_terms(terms: Iterable[str], synonyms: Mapping[str, Iterable[str]] | None = None) -> tuple[Term, ...]:
    """Terms from the key's `terms:` entries (`a|b|c`), each alternative widened by the thesaurus and by
    ``synonyms`` (the author's own, keyed by a word or phrase). Cached: every record read at a decision is
    matched against the same few points."""
    extra = tuple((k.strip().lower(), tuple(v)) for k, v in (synonyms or {}).items())
    return _parse_terms(tuple(terms), extra)


@functools.lru_cache(maxsize=4096)
def _parse_terms(terms: tuple[str, ...], synonyms: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[Term, ...]:
    extra = dict(synonyms)
    out = []
    for written in terms:
        alternatives: dict[Phrase, None] = {}
        for alt in written.split("|"):
            alt = alt.strip().lower()
            if not alt:
                continue
            for variant in (alt, *THESAURUS.get(alt, ()), *extra.get(alt, ())):
                phrase = phrase_of(variant)
                if phrase:
                    alternatives[phrase] = None
        if alternatives:
            out.append(Term(written, tuple(alternatives)))
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def same_word(stem: str, text: str, wanted_stem: str, wanted_text: str) -> bool:
    """The same word by stem, or a long word one slip of the keyboard away (a letter missing, extra, wrong, or
    two letters swapped)."""
    if stem == wanted_stem:
        return True
    return len(wanted_text) >= FUZZY_FROM and len(text) >= FUZZY_FROM and \
        OSA.distance(text, wanted_text, score_cutoff=1) <= 1


def _starts(text: Text, stem: str, written: str) -> list[int]:
    """Where a phrase whose first word is (``stem``, ``written``) may start: that stem, and for a long word a
    long word one slip away."""
    seen = text.starts_seen
    found = seen.get((stem, written))
    if found is None:
        places = list(text.by_stem.get(stem, ()))
        if len(written) >= FUZZY_FROM:
            variants = text.long_word_variants
            near = {k for variant in one_letter_out(written) for k in variants.get(variant, ())}
            for k in near:
                other_stem, other, where = text.long_words[k]
                if other_stem != stem and same_word(other_stem, other, stem, written):
                    places.extend(where)
        found = seen[stem, written] = sorted(places)
    return found


def occurrences(text: Text, phrase: Phrase) -> list[int]:
    """Sentence indices where ``phrase`` is written and not negated, in the order written."""
    words = text.words
    n = len(phrase)
    rest = phrase[1:]
    found = []
    for i in _starts(text, *phrase[0]):
        window: tuple[Word, ...] = words[i:i + n]
        # Only the phrase's first word can be negated from outside it; "cannot move" carries its own.
        if len(window) == n and not window[0].negated and window[0].sentence == window[-1].sentence and all(
                same_word(w.stem, w.text, s, t) for w, (s, t) in zip(window[1:], rest, strict=True)):
            found.append(window[0].sentence)
    return found


def term_sentences(text: Text, term: Term) -> set[int]:
    return {s for phrase in term.phrases for s in occurrences(text, phrase)}


def match_point(text: Text, terms: tuple[Term, ...]) -> PointMatch:
    """Whether ``text`` makes the point, and the sentences that make it."""
    if not terms:
        return PointMatch(False)
    where = []
    for term in terms:  # every term must be there: stop at the first that is not
        sentences = term_sentences(text, term)
        if not sentences:
            return PointMatch(False)
        where.append(sentences)
    for first in sorted(set().union(*where)):
        span = range(first, first + SENTENCE_WINDOW)
        if all(any(s in span for s in found) for found in where):
            used = sorted({s for found in where for s in found if s in span})
            return PointMatch(True, " ".join(text.sentence_text(s) for s in used))
    return PointMatch(False)


def mentions(text: Text, words: Iterable[str]) -> bool:
    """Whether any of ``words`` (plain words, stemmed here) appears in ``text``, negated or not."""
    wanted = {stem(w.lower()) for w in words}
    return any(w.stem in wanted for w in text.words)
