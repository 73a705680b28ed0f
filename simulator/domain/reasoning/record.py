"""What a decision record says, judged against domain.md §6: what is known and from whom, what is not yet known,
the risks and strengths weighed, the decision and the threshold it meets, the plan (who does what by when), and
what would change it; whether it is about this case at all; and which way it argues.

The reading is deliberately simple, so that it can be explained: each quality is present when its cue words
are written (see ``lexicon.py``), and the debrief quotes the sentence that showed it.
"""

from __future__ import annotations

import enum
import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterable

import attrs

from . import lexicon
from .stated import NOTHING_STATED, Stated, stated_decision
from .words import Text, read_text, stem

# A record this short that argues only one way argues that way as a whole.
SHORT_RECORD = 120
# Distinct words of this case a record needs before it reads as being about this case, not any case.
SPECIFIC_ENOUGH = 8
# The share of its qualities' worth a record earns when nothing in it is about this case.
ANY_CASE = 0.4


class Leaning(enum.Enum):
    """Which way a decision leans: towards protection (a section 47 enquiry or more), away from it (closing),
    or in the middle (early help, a child-in-need assessment, endorsing a plan)."""

    UP = "up"
    MIDDLE = "middle"
    DOWN = "down"

    @property
    def rank(self) -> int:
        return _LEANING_RANK[self.value]


_LEANING_RANK = {"down": 0, "middle": 1, "up": 2}


@attrs.frozen
class Quality:
    name: str  # known, unknown, weighed, threshold, plan, change
    label: str  # how the debrief names it
    weight: float
    present: bool
    quote: str = ""


QUALITY_LABELS: dict[str, tuple[str, float]] = {
    "known": ("what is known, and from whom", 0.25),
    "unknown": ("what is not yet known", 0.10),
    "weighed": ("the risks and the strengths weighed against each other", 0.20),
    "threshold": ("the decision and the threshold it meets", 0.20),
    "plan": ("the plan: who does what, by when", 0.15),
    "change": ("what would change the decision", 0.10),
}


@attrs.frozen
class RecordReading:
    text: Text
    words: int
    specific: tuple[str, ...]  # the case's own words the record uses (as written)
    qualities: tuple[Quality, ...]
    raises: int  # how often it argues for more protection
    lowers: int  # how often it argues for less
    written_lowers: int  # of those, phrases that argue for less as written ("no role", "out of proportion")
    no_help: int  # of those, phrases that argue against any help at all
    raise_quote: str
    lower_quote: str
    stated: Stated = NOTHING_STATED  # the decision it says it makes, in so many words

    @property
    def specificity(self) -> float:
        return min(1.0, len(self.specific) / SPECIFIC_ENOUGH)

    @property
    def quality_share(self) -> float:
        return sum(q.weight for q in self.qualities if q.present)

    @property
    def general(self) -> float:
        """The record judged on §6's general qualities alone, in [0, 1]: the share of the qualities it shows,
        counted fully only when it is about this case."""
        return self.quality_share * (ANY_CASE + (1 - ANY_CASE) * self.specificity)

    def argues_against(self, leaning: Leaning) -> str:
        """The sentence that argues the other way to a decision that leans ``leaning``, when the record as a
        whole does; "" when it does not. A decision in the middle (early help, a child-in-need assessment,
        endorsing a plan) is judged only when the record argues wholly one way."""
        # Single words ("safe", "fine") describe as often as they argue; a record argues the other way only when
        # it also says so in so many words ("no role", "out of proportion").
        if leaning is Leaning.UP and self.written_lowers and (
                (self.lowers >= 3 and self.raises * 3 <= self.lowers)
                or (self.lowers >= 2 and not self.raises and self.words <= SHORT_RECORD)):
            return self.lower_quote
        if leaning is Leaning.DOWN and self.raises >= 2 and (not self.lowers or self.lowers * 3 <= self.raises - 1):
            return self.raise_quote
        if leaning is Leaning.MIDDLE and self.no_help and self.lowers >= 3 and not self.raises:
            return self.lower_quote
        return ""

    def names_other_decision(self, leaning: Leaning) -> str:
        """The sentence stating a decision that leans another way than ``leaning`` ("Decision: section 47
        enquiry" under a child-in-need plan), when the record states one and none of the routes it names leans
        the way of the decision made; "" otherwise."""
        if self.stated.leanings and leaning.value not in self.stated.leanings:
            return self.stated.quote
        return ""

    def states_more_than(self, leaning: Leaning) -> bool:
        """Whether the decision the record states leans further towards protection than ``leaning``."""
        return bool(self.stated.leanings) and all(_LEANING_RANK[s] > leaning.rank for s in self.stated.leanings)


Hit = tuple[int, int, int]  # (word index, length, negation) of a cue phrase written in a text
# The lexicons a record is read for, by name.
LEXICONS: dict[str, tuple[str, ...]] = {
    "SOURCES": lexicon.SOURCES, "UNKNOWNS": lexicon.UNKNOWNS, "WEIGHING": lexicon.WEIGHING, "TURNS": lexicon.TURNS,
    "ROUTES": lexicon.ROUTES, "REASONS": lexicon.REASONS, "PLAN_ACTS": lexicon.PLAN_ACTS, "TIMES": lexicon.TIMES,
    "CONDITIONS": lexicon.CONDITIONS, "CONSEQUENCES": lexicon.CONSEQUENCES, "RAISES": lexicon.RAISES,
    "LOWERS": lexicon.LOWERS, "RAISES_AS_WRITTEN": lexicon.RAISES_AS_WRITTEN,
    "LOWERS_AS_WRITTEN": lexicon.LOWERS_AS_WRITTEN, "NO_HELP": lexicon.NO_HELP,
}


# A trie of cue phrases by stem: each node is (what follows, by the next stem; the lexicons whose phrases end here).
_Node = tuple[dict[str, "_Node"], tuple[str, ...]]


@functools.lru_cache(maxsize=1)
def _cue_trie() -> dict[str, _Node]:
    """Every lexicon's cue phrases as stems, in one trie: the text is read once for all the lexicons, and a word
    is compared only with the cues that could go on from it."""
    ends: dict[tuple[str, ...], set[str]] = {}
    for name, cues in LEXICONS.items():
        for cue in cues:
            phrase = tuple(w.stem for w in read_text(cue).words)
            if phrase:
                ends.setdefault(phrase, set()).add(name)
    root: dict[str, _Node] = {}
    for phrase in sorted(ends, key=len):
        children = root
        for k, word in enumerate(phrase):
            names = tuple(sorted(ends[phrase])) if k == len(phrase) - 1 else ()
            node = children.get(word)
            if node is None:
                node = children[word] = ({}, names)
            elif names:
                node = children[word] = (node[0], names)
            children = node[0]
    return root


def _cues_written(text: Text) -> dict[str, list[tuple[int, tuple[int, ...]]]]:
    """For each lexicon, where one of its cue phrases is written: (word index, the lengths of the phrases that
    start there, longest first), left to right."""
    root = _cue_trie()
    stems = text.stem_list
    count = len(stems)
    found: dict[str, list[tuple[int, tuple[int, ...]]]] = {name: [] for name in LEXICONS}
    for i in itertools.compress(range(count), map(root.__contains__, stems)):
        children, names = root[stems[i]]
        if not children:  # a cue of one word, and none longer starts with it: most cues
            for name in names:
                found[name].append((i, (1,)))
            continue
        ends = [(1, names)] if names else []
        n = 1
        while i + n < count and (node := children.get(stems[i + n])) is not None:
            children, names = node
            n += 1
            if names:
                ends.append((n, names))
        if len(ends) == 1:
            n, names = ends[0]
            for name in names:
                found[name].append((i, (n,)))
        elif ends:
            lengths: dict[str, list[int]] = {}
            for n, names in reversed(ends):
                for name in names:
                    lengths.setdefault(name, []).append(n)
            for name, ns in lengths.items():
                found[name].append((i, tuple(ns)))
    return found


def _take(text: Text, written: list[tuple[int, tuple[int, ...]]], skip: frozenset[int] = frozenset()) -> list[Hit]:
    """The cue phrases of one lexicon written in ``text``, left to right, not overlapping one another or
    ``skip``: at each place, the longest that fits."""
    found: list[Hit] = []
    taken: set[int] = set(skip)
    for i, lengths in written:
        if i in taken:
            continue
        for n in lengths:
            if taken.isdisjoint(range(i, i + n)):
                found.append((i, n, text.words[i].negation))
                taken.update(range(i, i + n))
                break
    return found


def _sentences(text: Text, hits: Iterable[Hit]) -> list[int]:
    return sorted({text.words[i].sentence for i, _, _ in hits})


def _quote(text: Text, sentences: list[int]) -> str:
    return text.sentence_text(sentences[0]) if sentences else ""


@attrs.frozen
class _Reading:
    """What a record says whatever the case: all but the words of the case it names."""

    text: Text
    candidates: tuple[tuple[str, str], ...]  # (stem, as written) of each word that could be a word of the case
    sources: tuple[Hit, ...]
    qualities: tuple[Quality, ...]  # all but "known", which needs the case
    raises: int
    lowers: int
    written_lowers: int
    no_help: int
    raise_quote: str
    lower_quote: str
    stated: Stated


def read_record(rationale: str, vocabulary: frozenset[str], cites: int = 0) -> RecordReading:
    """Read ``rationale``; ``vocabulary`` is the stems of what the trainee could know of the case when deciding
    (the case file, the evidence found, the stage), ``cites`` how many evidence items the record cites."""
    reading = _read(rationale)
    text = reading.text
    specific = tuple(written for stem_, written in reading.candidates if stem_ in vocabulary)
    label, weight = QUALITY_LABELS["known"]
    present = len(specific) >= 3 and (bool(reading.sources) or cites > 0)
    known = Quality("known", label, weight, present, _quote(text, _sentences(text, reading.sources)) if present else "")
    return RecordReading(
        text=text, words=len(text.words), specific=specific, qualities=(known, *reading.qualities),
        raises=reading.raises, lowers=reading.lowers, written_lowers=reading.written_lowers, no_help=reading.no_help,
        raise_quote=reading.raise_quote, lower_quote=reading.lower_quote, stated=reading.stated,
    )


@functools.lru_cache(maxsize=8192)
def _read(rationale: str) -> _Reading:
    """The part of a reading that does not depend on the case. Cached: a record is read again whenever its
    session is scored, and the case's words are known only then."""
    text = read_text(rationale)
    generic = _generic_stems()
    candidates: dict[str, str] = {}
    for w in text.words:
        if w.stem not in generic and not w.text.isdigit() and len(w.text) > 2:
            candidates.setdefault(w.stem, w.text)
    cues = _cues_written(text)

    def find(name: str, skip: frozenset[int] = frozenset()) -> list[Hit]:
        return _take(text, cues[name], skip)

    qualities = []

    def quality(name: str, hits: list[Hit], present: bool) -> None:
        label, weight = QUALITY_LABELS[name]
        qualities.append(Quality(name, label, weight, present, _quote(text, _sentences(text, hits)) if present else ""))

    unknowns = find("UNKNOWNS")
    quality("unknown", unknowns, bool(unknowns))
    raise_hits, lower_hits, written = _direction(text, find)
    weighing = find("WEIGHING")
    turns = find("TURNS")
    weighed = bool(weighing) or bool(turns and raise_hits and lower_hits)
    quality("weighed", weighing or turns, weighed)
    routes = find("ROUTES")
    reasons = find("REASONS")
    quality("threshold", routes, bool(routes and reasons))
    acts = find("PLAN_ACTS")
    times = find("TIMES")
    quality("plan", acts, bool(acts and times) or len(acts) >= 3)
    conditions = find("CONDITIONS")
    consequences = find("CONSEQUENCES")
    quality("change", conditions, bool(conditions and consequences))
    return _Reading(
        text=text, candidates=tuple(candidates.items()), sources=tuple(find("SOURCES")), qualities=tuple(qualities),
        raises=len(raise_hits), lowers=len(lower_hits), written_lowers=len(written),
        no_help=len(find("NO_HELP", frozenset(_spanned(raise_hits)))),
        raise_quote=_densest(text, raise_hits), lower_quote=_densest(text, lower_hits),
        stated=stated_decision(text),
    )


# Text in quotation marks: straight or curly double quotes, or curly single ones (a straight single quote is
# too often an apostrophe).
_QUOTED = re.compile(r'"[^"\n]{1,400}"|“[^”\n]{1,400}”|‘[^’\n]{1,400}’')
# A view the writer reports as someone else's: "my manager's view is that", "the school's position was".
_ATTRIBUTED = re.compile(r"\b\w+['’]s\s+(?:view|views|position|opinion)\s+(?:is|was|are|were)\b|\baccording to\b",
                         re.IGNORECASE)


def unsaid(text: Text) -> frozenset[int]:
    """The words of ``text`` that are not the writer's own claim: clauses conceded before the record turns
    ("the teeth were the visible problem, but ..."), words in quotation marks (someone else's), and sentences
    that report another's view ("my manager's view is that ..."). A record is not held to have made a wrong
    point there: it is weighing it, quoting it or answering it."""
    return _unsaid(text.original)


@functools.lru_cache(maxsize=8192)
def _unsaid(original: str) -> frozenset[int]:
    """Cached by the text as written (a string's hash is kept; a read text's would be worked out every time)."""
    text = read_text(original)
    found = set(_conceded(text))

    # Pieces of the text are read uncached: they would only crowd whole records out of read_text's cache.
    def count(piece: str) -> int:
        return len(read_text.__wrapped__(piece).words)

    def words_before(at: int) -> int:  # the index of the word that starts at ``at``
        return count(original[:at])

    for m in _QUOTED.finditer(original):
        start = words_before(m.start())
        found.update(range(start, start + count(m.group())))
    attributed = {text.words[i].sentence for m in _ATTRIBUTED.finditer(original)
                  if (i := words_before(m.start())) < len(text.words)}
    found.update(i for i, w in enumerate(text.words) if w.sentence in attributed)
    return frozenset(found)


_CONCEDING_OR_TURNING = lexicon.CONCEDING | lexicon.TURNING_BACK
_PLACE = operator.itemgetter(2, 3)  # a word's (sentence, clause)


def _conceded(text: Text) -> frozenset[int]:
    """Words in clauses the writer concedes before turning ("it looks reassuring, but ...", "although she is
    engaging, ..."): what they say is not the record's argument. A clause's words are written together, so it
    is found by where it starts and ends, not word by word."""
    written = text.word_list
    if _CONCEDING_OR_TURNING.isdisjoint(written):
        return frozenset()
    places = list(map(_PLACE, text.words))
    starts = [0, *itertools.compress(range(1, len(places)), map(operator.ne, places[1:], places))]
    ends = [*starts[1:], len(places)]
    conceded: set[int] = set()  # the clauses conceded, by their place in ``starts``
    for k, start in enumerate(starts):
        first = written[start]
        if first in lexicon.CONCEDING:
            conceded.add(k)
        if first in lexicon.TURNING_BACK:
            sentence = places[start][0]
            conceded.update(j for j in range(k) if places[starts[j]][0] == sentence)
    return frozenset(itertools.chain.from_iterable(range(starts[k], ends[k]) for k in conceded))


def _direction(text: Text, find: Callable[[str, frozenset[int]], list[Hit]]) -> tuple[list[Hit], list[Hit], list[Hit]]:
    """Where the record argues for more protection and where for less. Phrases that carry their own negation
    count as written; single cues under a negation count the other way; conceded clauses do not count."""
    conceded = _conceded(text)
    raise_written = find("RAISES_AS_WRITTEN", conceded)
    lower_written = find("LOWERS_AS_WRITTEN", conceded | frozenset(_spanned(raise_written)))
    used = frozenset(_spanned(raise_written) | _spanned(lower_written)) | conceded
    raises, lowers = list(raise_written), list(lower_written)
    for hit in find("RAISES", used):
        _sort(hit, raises, lowers)
    for hit in find("LOWERS", used | frozenset(_spanned(raises + lowers))):
        _sort(hit, lowers, raises)
    return raises, lowers, lower_written


# A negation turns a cue round only from close by ("no concerns", "not at risk"); further off it usually
# denies something else in the clause ("I don't think the risk has reduced"), and the cue then counts for neither.
TURNED_WITHIN = 3


def _sort(hit: Hit, same: list[Hit], other: list[Hit]) -> None:
    negation = hit[2]
    if not negation:
        same.append(hit)
    elif negation <= TURNED_WITHIN:
        other.append(hit)


def _spanned(hits: Iterable[Hit]) -> set[int]:
    return {j for i, n, _ in hits for j in range(i, i + n)}


def _densest(text: Text, hits: list[Hit]) -> str:
    if not hits:
        return ""
    counts: dict[int, int] = {}
    for i, _, _ in hits:
        s = text.words[i].sentence
        counts[s] = counts.get(s, 0) + 1
    return text.sentence_text(max(counts, key=lambda s: (counts[s], -s)))


@functools.lru_cache(maxsize=1)
def _generic_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in lexicon.GENERIC)


def vocabulary_of(texts: Iterable[str]) -> frozenset[str]:
    """The stems of ``texts``, less the generic ones: what counts as a word of this case."""
    generic = _generic_stems()
    return frozenset(w.stem for t in texts for w in read_text(t).words if w.stem not in generic)
