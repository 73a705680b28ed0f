"""Text as stemmed words in sentences and clauses, each word knowing whether a negation covers it.

Negation follows the NegEx idea, kept small: a cue ("no", "not", "never", "without" ...) covers the next few
words of its clause; a clause ends at punctuation or a turn such as "but" or "however". A few phrases only
look negative ("no doubt", "not only") and cover nothing, and double negatives that practice writes every day
("non-accidental injury cannot be excluded", "not ruled out") affirm what they name. Reported denial ("Dean
denies hitting her") is not the writer's negation, so "deny" is not a cue.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from typing import NamedTuple

import attrs
import snowballstemmer  # type: ignore[import-untyped]

_STEMMER = snowballstemmer.stemmer("english")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
# Where a sentence ends: a stop, a question or exclamation mark, a line break, or a list marker.
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+|(?<=\s)[-*•](?=\s)")
# Quotation marks end a clause too; a straight single quote only when it is not an apostrophe.
_CLAUSE_END = re.compile(r"[,;:()\"“”‘]|(?<!\w)'|'(?!\w)|’(?!\w)")

# How far a negation cue reaches, in words, within its clause ("I do not think the children are suffering
# significant harm" needs seven).
NEGATION_REACH = 7
_NEGATION_CUES = frozenset({"no", "not", "never", "without", "nothing", "none", "nobody", "neither", "nor",
                            "absent", "absence"})
# Cues that negate the words just before them ("abuse was ruled out", "harm is unlikely"), as stems.
_AFTER_CUES = frozenset({"unlik", "exclud", "unfound"})
# Words that turn the sentence: they start a clause of their own.
_TURNS = frozenset({"but", "however", "although", "though", "yet", "except", "whereas", "while", "whilst",
                    "apart", "despite", "still"})
# "I do not think the children are suffering significant harm": a negated verb of judgement denies the whole
# clause after it, so every word there counts as close to the negation.
_JUDGING = frozenset({"think", "believe", "consider", "feel", "see", "accept", "agree", "know", "find"})
# Words that start a new statement: a negation does not reach past them.
_STATEMENT_STARTS = frozenset({"and", "so", "because", "as", "since", "which", "who", "when", "if", "then"})
# Phrases that look negative and negate nothing (first stems).
_PSEUDO = (("no", "doubt"), ("not", "onli"), ("not", "just"), ("no", "question"), ("without", "doubt"),
           ("noth", "but"), ("not", "necessarili"))
# Double negatives that affirm: these cue words neither negate nor are negated.
_AFFIRMING = (("can", "not", "be", "exclud"), ("can", "not", "exclud"), ("not", "be", "exclud"), ("not", "exclud"),
              ("not", "been", "exclud"), ("not", "been", "rule", "out"),
              ("can", "not", "rule", "out"), ("can", "not", "be", "rule", "out"), ("not", "rule", "out"),
              ("not", "be", "rule", "out"))
_AFFIRMING_FIRST = frozenset(p[0] for p in _AFFIRMING)
_CONTRACTIONS = {"can't": ("can", "not"), "cannot": ("can", "not"), "won't": ("will", "not"),
                 "shan't": ("shall", "not"), "ain't": ("is", "not")}


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of a lower-case word, cached: the same few thousand words come back all the time."""
    stemmed: str = _STEMMER.stemWord(word)
    return stemmed


# Words this long or longer match a word one slip of the keyboard away ("strangualtion"; reasoning/points.py).
FUZZY_FROM = 7


class Word(NamedTuple):
    """One word. A named tuple rather than an attrs class: a long record has hundreds, and scoring reads
    thousands of records a second."""

    text: str  # lower case, as written (contractions split)
    stem: str
    sentence: int
    clause: int
    negation: int  # 0 when not negated; else how many words after its negation cue it stands
    start: int  # where it is in the original text, to quote it

    @property
    def negated(self) -> bool:
        return self.negation > 0


@attrs.frozen
class Text:
    """A text read into words, with its sentences kept for quoting."""

    original: str
    words: tuple[Word, ...]
    sentences: tuple[tuple[int, int], ...]  # (start, end) of each sentence in ``original``

    def sentence_text(self, index: int) -> str:
        start, end = self.sentences[index]
        return " ".join(self.original[start:end].split())

    @functools.cached_property
    def stems(self) -> frozenset[str]:
        return frozenset(w.stem for w in self.words)

    @functools.cached_property
    def stem_list(self) -> tuple[str, ...]:
        return tuple(w.stem for w in self.words)

    @functools.cached_property
    def starts_seen(self) -> dict[tuple[str, str], list[int]]:
        """Where phrases beginning with a given word may start, as reasoning/points.py found them: the key's
        terms share first words, and one record is matched against them all."""
        return {}

    @functools.cached_property
    def by_stem(self) -> dict[str, tuple[int, ...]]:
        """Where each stem stands: a phrase is looked for only where its first word is."""
        found: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            found.setdefault(w.stem, []).append(i)
        return {k: tuple(v) for k, v in found.items()}

    @functools.cached_property
    def long_words(self) -> tuple[tuple[str, str, tuple[int, ...]], ...]:
        """Each distinct word of ``FUZZY_FROM`` letters or more (stem, as written, where it stands): the words a
        slip of the keyboard may have written for a long word looked for."""
        found: dict[tuple[str, str], list[int]] = {}
        for i, w in enumerate(self.words):
            if len(w.text) >= FUZZY_FROM:
                found.setdefault((w.stem, w.text), []).append(i)
        return tuple((stem, text, tuple(places)) for (stem, text), places in found.items())

    @functools.cached_property
    def long_word_variants(self) -> dict[str, tuple[int, ...]]:
        """Each long word under itself and under each way of leaving one letter out (by its place in
        ``long_words``). Two words one slip apart (a letter missing, extra, wrong, or two swapped) share one of
        these, so a word looked for is compared only with the few long words that share one with it, not
        with them all."""
        found: dict[str, list[int]] = {}
        for k, (_, text, _) in enumerate(self.long_words):
            for variant in one_letter_out(text):
                found.setdefault(variant, []).append(k)
        return {variant: tuple(ks) for variant, ks in found.items()}


@functools.lru_cache(maxsize=65536)
def one_letter_out(word: str) -> frozenset[str]:
    """``word``, and ``word`` with each one of its letters left out."""
    return frozenset((word, *(word[:i] + word[i + 1:] for i in range(len(word)))))


@functools.lru_cache(maxsize=65536)
def _split(word: str) -> tuple[str, ...]:
    lower = word.lower().replace("’", "'")
    if lower in _CONTRACTIONS:
        return _CONTRACTIONS[lower]
    if lower.endswith("n't"):
        return (lower[:-3], "not")
    if "'" in lower:
        return (lower.split("'")[0],)  # "mum's" -> "mum"; "she'd" -> "she"
    return (lower,)


@functools.lru_cache(maxsize=4096)
def read_text(text: str) -> Text:
    """Words, stems, sentences, clauses and negation for ``text``. Cached: a rationale is read once however
    many measures look at it."""
    boundaries = sorted({0, len(text), *(m.end() for m in _SENTENCE_END.finditer(text))})
    sentences = [(a, b) for a, b in itertools.pairwise(boundaries) if text[a:b].strip()]
    clause_breaks = [m.start() for m in _CLAUSE_END.finditer(text)]
    raw: list[tuple[str, int, int, int]] = []  # word, sentence, clause, start
    si = 0
    for m in _WORD.finditer(text):
        while si < len(sentences) - 1 and m.start() >= sentences[si][1]:
            si += 1
        clause = bisect.bisect_left(clause_breaks, m.start())
        for part in _split(m.group()):
            raw.append((part, si, clause, m.start()))
    stems = [stem(w) for w, *_ in raw]
    # A turn ("but", "however") starts a new clause of its own.
    clauses: list[tuple[int, int]] = []
    shift = 0
    texts = [w for w, *_ in raw]
    for i, (_, sentence, clause, _) in enumerate(raw):
        # "not yet" and "as yet" are about time, not a turn in the argument.
        if texts[i] in _TURNS and not (texts[i] == "yet" and i and texts[i - 1] in ("not", "as")):
            shift += 1
        clauses.append((sentence, clause + shift))
    neutral = _affirming_cues(stems)
    negation = [0] * len(raw)
    for i, s in enumerate(stems):
        if i in neutral:
            continue
        if texts[i] in _NEGATION_CUES and not _pseudo(stems, i):
            judging = i + 1 < len(raw) and texts[i + 1] in _JUDGING
            for j in range(i + 1, min(len(raw), i + 1 + NEGATION_REACH)):
                if clauses[j] != clauses[i] or texts[j] in _STATEMENT_STARTS:
                    break
                if j not in neutral and not negation[j]:
                    negation[j] = 1 if judging else j - i
        elif s in _AFTER_CUES or (s == "out" and i and stems[i - 1] == "rule"):
            for j in range(i - 1, max(-1, i - 1 - NEGATION_REACH), -1):
                if clauses[j] != clauses[i]:
                    break
                if j not in neutral and not negation[j]:
                    negation[j] = i - j
    words = tuple(Word(w, stems[i], sentence, clauses[i][1], negation[i], start)
                  for i, (w, sentence, _, start) in enumerate(raw))
    return Text(text, words, tuple(sentences))


def _pseudo(stems: list[str], i: int) -> bool:
    return any(tuple(stems[i:i + len(p)]) == p for p in _PSEUDO)


def _affirming_cues(stems: list[str]) -> set[int]:
    """Positions of the words in double negatives ("cannot be excluded"): they affirm, so they neither
    negate nor count as negated."""
    found: set[int] = set()
    for i, first in enumerate(stems):
        if first not in _AFFIRMING_FIRST:
            continue
        for phrase in _AFFIRMING:
            if tuple(stems[i:i + len(phrase)]) == phrase:
                found.update(range(i, i + len(phrase)))
    return found
