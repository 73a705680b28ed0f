"""Text as stemmed words in sentences and clauses, each word knowing whether a negation covers it.

Negation follows the NegEx idea, kept small: a cue ("no", "not", "never", "without" ...) covers the next few
words of its clause; a clause ends at punctuation or a turn such as "but" or "however". A few phrases only
look negative ("no doubt", "not only") and cover nothing, and double negatives that practice writes every day
("non-accidental injury cannot be excluded", "not ruled out") affirm what they name. Reported denial ("Dean
denies hitting her") is not the writer's negation, so "deny" is not a cue.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from typing import NamedTuple

import attrs
import snowballstemmer  # type: ignore[import-untyped]

_STEMMER = snowballstemmer.stemmer("english")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
# Where a sentence ends: a stop, a question or exclamation mark, a line break, or a list marker.
# (Each pattern first looks ahead for a character that can begin it, which lets the engine skip to the next
# such character instead of trying every alternative at every position: three times as fast.)
_SENTENCE_END = re.compile(r"(?=[.!?\n*•-])(?:[.!?]+(?=\s|$)|\n+|(?<=\s)[-*•](?=\s))")
_WORDED = re.compile(r"[A-Za-z0-9]")
# Quotation marks end a clause too; a straight single quote only when it is not an apostrophe.
_CLAUSE_END = re.compile(r"(?=[,;:()\"“”‘'’])(?:[,;:()\"“”‘]|(?<!\w)'|'(?!\w)|’(?!\w))")

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
_AFTER_CUE_OR_OUT = _AFTER_CUES | {"out"}  # "ruled out"
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

    @property
    def negated(self) -> bool:
        return self.negation > 0


@attrs.frozen
class Text:
    """A text read into words, with its sentences kept for quoting."""

    original: str
    words: tuple[Word, ...]
    sentences: tuple[tuple[int, int], ...]  # (start, end) of each sentence in ``original``
    # Each word as written and its stem, in order: what the readers of records and points go through.
    word_list: tuple[str, ...] = attrs.field(eq=False, repr=False)
    stem_list: tuple[str, ...] = attrs.field(eq=False, repr=False)

    def sentence_text(self, index: int) -> str:
        start, end = self.sentences[index]
        return " ".join(self.original[start:end].split()).lstrip("-*• ")  # a list item without its marker

    @functools.cached_property
    def stems(self) -> frozenset[str]:
        return frozenset(self.stem_list)


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


_new_word = functools.partial(tuple.__new__, Word)


@functools.lru_cache(maxsize=8192)
def read_text(text: str) -> Text:
    """Words, stems, sentences, clauses and negation for ``text``. Cached: a rationale is read once however
    many measures look at it. The text is cut into sentences and clauses first, and the words of each clause
    found at once, so that word by word work is left to ``map`` and ``itertools``: scoring reads thousands of
    records a second."""
    boundaries = sorted({0, len(text), *(m.end() for m in _SENTENCE_END.finditer(text))})
    # A list marker at the start of a line ends the line before it, and then would stand as a sentence of its own,
    # with no words, between a heading ("CIN plan:") and its first item: it belongs to the item.
    boundaries = [b for k, b in enumerate(boundaries)
                  if k in (0, len(boundaries) - 1) or _WORDED.search(text, boundaries[k - 1], b)]
    sentences: list[tuple[int, int]] = []
    texts: list[str] = []
    sentence_of: list[int] = []
    clause_of: list[int] = []
    clause = 0  # numbered through the whole text
    for start, end in itertools.pairwise(boundaries):
        piece = text[start:end]
        if not _WORDED.search(piece):
            continue
        for part in _CLAUSE_END.split(piece):
            found = list(itertools.chain.from_iterable(map(_split, _WORD.findall(part))))
            if found:
                texts += found
                sentence_of += [len(sentences)] * len(found)
                clause_of += [clause] * len(found)
            clause += 1
        clause -= 1  # a sentence's last clause runs on into the next sentence's first
        sentences.append((start, end))
    # A turn ("but", "however") starts a new clause of its own; "not yet" and "as yet" are about time, not a
    # turn in the argument.
    turns = list(map(_TURNS.__contains__, texts))
    for i in itertools.compress(range(len(texts)), turns):
        if texts[i] == "yet" and i and texts[i - 1] in ("not", "as"):
            turns[i] = False
    clause_of = list(map(operator.add, clause_of, itertools.accumulate(turns)))
    stems = list(map(stem, texts))
    negation = _negation(texts, stems, sentence_of, clause_of)
    words = tuple(map(_new_word, zip(texts, stems, sentence_of, clause_of, negation, strict=True)))
    return Text(text, words, tuple(sentences), tuple(texts), tuple(stems))


def _negation(texts: list[str], stems: list[str], sentence_of: list[int], clause_of: list[int]) -> list[int]:
    """For each word, 0 when no negation covers it, else how far it stands from the cue that does (1 for
    every word of a clause whose judging verb is negated)."""
    count = len(texts)
    negation = [0] * count
    before = list(itertools.compress(range(count), map(_NEGATION_CUES.__contains__, texts)))
    after = [i for i in itertools.compress(range(count), map(_AFTER_CUE_OR_OUT.__contains__, stems))
             if stems[i] != "out" or (i and stems[i - 1] == "rule")]
    if not before and not after:
        return negation
    neutral = _affirming_cues(stems)
    # Cues take effect left to right, and the first to cover a word decides how far it stands from one.
    for i in sorted(before + after):
        if i in neutral:
            continue
        if texts[i] in _NEGATION_CUES:
            if _pseudo(stems, i):
                continue
            judging = i + 1 < count and texts[i + 1] in _JUDGING
            for j in range(i + 1, min(count, i + 1 + NEGATION_REACH)):
                if clause_of[j] != clause_of[i] or sentence_of[j] != sentence_of[i] or texts[j] in _STATEMENT_STARTS:
                    break
                if j not in neutral and not negation[j]:
                    negation[j] = 1 if judging else j - i
        else:
            for j in range(i - 1, max(-1, i - 1 - NEGATION_REACH), -1):
                if clause_of[j] != clause_of[i] or sentence_of[j] != sentence_of[i]:
                    break
                if j not in neutral and not negation[j]:
                    negation[j] = i - j
    return negation


def _pseudo(stems: list[str], i: int) -> bool:
    return any(tuple(stems[i:i + len(p)]) == p for p in _PSEUDO)


def _affirming_cues(stems: list[str]) -> set[int]:
    """Positions of the words in double negatives ("cannot be excluded"): they affirm, so they neither
    negate nor count as negated."""
    found: set[int] = set()
    for i in itertools.compress(range(len(stems)), map(_AFFIRMING_FIRST.__contains__, stems)):
        for phrase in _AFFIRMING:
            if tuple(stems[i:i + len(phrase)]) == phrase:
                found.update(range(i, i + len(phrase)))
    return found
