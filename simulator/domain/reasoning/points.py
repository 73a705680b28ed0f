"""A point a record should make, as terms, and whether a text makes it.

A point is a few ideas that must all be written near one another: each idea is a term with alternatives
(`bruise|bruising|mark`), each alternative a word or a phrase. The text makes the point when every idea
appears, not negated, in one sentence or two neighbouring ones. Alternatives grow from the built-in thesaurus
and the author's synonyms; words are compared by stem, and a long word may be misspelt by one letter.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Mapping

import attrs
from rapidfuzz.distance import OSA

from ..memo import per_object
from .lexicon import THESAURUS
from .words import FUZZY_FROM, Text, read_text, stem

# A point's ideas may spread over this many neighbouring sentences.
SENTENCE_WINDOW = 2
# Words a point set remembers the phrases of (``_Starting``) before it starts again.
WORDS_KEPT = 4096

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
    """The same word by stem, or a long word one slip of the keyboard away."""
    return stem == wanted_stem or one_slip_apart(text, wanted_text)


def one_slip_apart(text: str, wanted: str) -> bool:
    """Two long words that differ by at most one slip of the keyboard: a letter missing, extra, wrong, or two
    letters swapped."""
    return len(wanted) >= FUZZY_FROM and len(text) >= FUZZY_FROM and OSA.distance(text, wanted, score_cutoff=1) <= 1


class PointSet:
    """The terms of several points, indexed so that a text is read for all of them in one pass: each word is
    looked up among the phrases that could start at it, instead of each phrase being looked for in turn. A
    record is held to every point of its decision, each term has many phrases, and scoring reads thousands of
    records a second."""

    def __init__(self, points: Iterable[tuple[Term, ...]]) -> None:
        self.points = tuple(points)
        # Each phrase by its first word's stem, and for a long first word by the word as written too (a slip of
        # the keyboard changes the stem), as (the term it belongs to, the phrase).
        self._by_stem: dict[str, list[tuple[int, Phrase]]] = {}
        self._by_written: dict[str, list[tuple[int, Phrase]]] = {}
        term = 0
        for terms in self.points:
            for t in terms:
                for phrase in t.phrases:
                    first_stem, first = phrase[0]
                    self._by_stem.setdefault(first_stem, []).append((term, phrase))
                    if len(first) >= FUZZY_FROM:
                        self._by_written.setdefault(first, []).append((term, phrase))
                term += 1
        self._terms = term
        # The long first words by length: a word one slip away is at most one letter longer or shorter. (Not
        # every way of leaving a letter out of each, which held three quarters of a megabyte per scenario.)
        self._by_length: dict[int, list[str]] = {}
        for first in self._by_written:
            self._by_length.setdefault(len(first), []).append(first)
        self._starting = _Starting(self._starting_with)

    def _starting_with(self, word: str) -> tuple[tuple[int, Phrase], ...]:
        """The phrases that may start with ``word`` (as written): those whose first word has its stem, and for
        a long word those whose long first word is one slip of the keyboard from it."""
        entries = list(self._by_stem.get(stem(word), ()))
        if len(word) >= FUZZY_FROM:
            size = len(word)
            near = (f for n in (size - 1, size, size + 1) for f in self._by_length.get(n, ()))
            for first in sorted(f for f in near if one_slip_apart(word, f)):
                entries.extend(e for e in self._by_written[first] if e not in entries)
        return tuple(entries)

    def term_sentences(self, text: Text, unsaid: frozenset[int] = frozenset(), from_point: int = 0
                       ) -> list[set[int]]:
        """For each term, the sentences where one of its phrases is written and not negated; for the terms of
        the points from ``from_point`` on, a phrase that starts among ``unsaid`` words (not the writer's own
        claim) does not count."""
        found: list[set[int]] = [set() for _ in range(self._terms)]
        words = text.words
        count = len(words)
        starting = list(map(self._starting.__getitem__, text.word_list))
        held_from = sum(len(terms) for terms in self.points[:from_point])  # the first term unsaid words hold back
        for i in itertools.compress(range(count), starting):
            w = words[i]
            if w.negation:  # only the phrase's first word can be negated from outside it
                continue
            held = i in unsaid
            for term, phrase in starting[i]:
                if held and term >= held_from:
                    continue
                n = len(phrase)
                if n > 1 and (i + n > count or words[i + n - 1].sentence != w.sentence or not all(
                        # "cannot move" carries its own negation, so the phrase's other words may be negated.
                        o.stem == s or same_word(o.stem, o.text, s, t)
                        for o, (s, t) in zip(words[i + 1:i + n], phrase[1:], strict=True))):
                    continue
                found[term].add(w.sentence)
        return found

    def match(self, text: Text, unsaid: frozenset[int] = frozenset(), from_point: int = 0
              ) -> tuple[PointMatch, ...]:
        """Whether ``text`` makes each point, and the sentences that make it; ``unsaid``: words that are not the
        writer's own claim (see ``record.unsaid``), which make none of the points from ``from_point`` on."""
        sentences = self.term_sentences(text, unsaid, from_point)
        out = []
        term = 0
        for terms in self.points:
            out.append(_made(text, sentences[term:term + len(terms)]))
            term += len(terms)
        return tuple(out)


class _Starting(dict[str, tuple[tuple[int, Phrase], ...]]):
    """A point set's phrases by the word they may start with, filled as words are met: the same words come back
    in record after record."""

    def __init__(self, starting_with: Callable[[str], tuple[tuple[int, Phrase], ...]]) -> None:
        super().__init__()
        self._starting_with = starting_with

    def __missing__(self, word: str) -> tuple[tuple[int, Phrase], ...]:
        if len(self) >= WORDS_KEPT:  # the words of every record read: start again rather than grow
            self.clear()
        found = self[word] = self._starting_with(word)
        return found


_NOT_MADE = PointMatch(False)


def _made(text: Text, where: list[set[int]]) -> PointMatch:
    """A point is made when every term is written within ``SENTENCE_WINDOW`` neighbouring sentences."""
    if not where or not all(where):
        return _NOT_MADE
    for first in sorted(set().union(*where)):
        span = range(first, first + SENTENCE_WINDOW)
        if all(not found.isdisjoint(span) for found in where):
            used = [s for s in span if any(s in found for found in where)]
            return PointMatch(True, " ".join(text.sentence_text(s) for s in used))
    return _NOT_MADE


@per_object
def _one_point(terms: tuple[Term, ...]) -> PointSet:
    return PointSet((terms,))


def match_point(text: Text, terms: tuple[Term, ...]) -> PointMatch:
    """Whether ``text`` makes the point, and the sentences that make it. For several points of one decision,
    ``PointSet`` reads the text once for them all."""
    return _one_point(terms).match(text)[0]


def mentions(text: Text, words: Iterable[str]) -> bool:
    """Whether any of ``words`` (plain words, stemmed here) appears in ``text``, negated or not."""
    wanted = {stem(w.lower()) for w in words}
    return any(w.stem in wanted for w in text.words)
