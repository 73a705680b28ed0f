"""What a decision record says, judged against domain.md §6: what is known and from whom, what is not yet known,
the risks and strengths weighed, the decision and the threshold it meets, the plan (who does what by when), and
what would change it; whether it is about this case at all; and which way it argues.

The reading is deliberately simple, so that it can be explained: each quality is present when its cue words
are written (see ``lexicon.py``), and the debrief quotes the sentence that showed it.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable

import attrs

from . import lexicon
from .words import Text, read_text, stem

# A record this short that argues only one way argues that way as a whole.
SHORT_RECORD = 120
# Distinct words of this case a record needs before it reads as being about this case, not any case.
SPECIFIC_ENOUGH = 8


class Leaning(enum.Enum):
    """Which way a decision leans: towards protection (a section 47 enquiry or more), away from it (closing),
    or in the middle (early help, a child-in-need assessment, endorsing a plan)."""

    UP = "up"
    MIDDLE = "middle"
    DOWN = "down"


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
        return self.quality_share * (0.4 + 0.6 * self.specificity)

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


@functools.lru_cache(maxsize=256)
def _index(cues: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Cue phrases as stems, by their first stem, longest first: a word is only compared with the cues that
    could start at it."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for cue in cues:
        phrase = tuple(w.stem for w in read_text(cue).words)
        if phrase:
            index.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(sorted(set(ps), key=len, reverse=True)) for first, ps in index.items()}


def _find(text: Text, cues: tuple[str, ...], skip: frozenset[int] = frozenset()) -> list[tuple[int, int, int]]:
    """Every (word index, length, negation) where a cue phrase is written, left to right, not overlapping;
    negation as ``Word.negation``: 0, or how far the cue stands from its negation."""
    index = _index(cues)
    by_stem = text.by_stem
    # Only where a cue's first word stands can a cue start: those places, left to right.
    starts = sorted(i for first in index.keys() & by_stem.keys() for i in by_stem[first])
    stems = text.stem_list
    found: list[tuple[int, int, int]] = []
    taken: set[int] = set(skip)
    for i in starts:
        if i in taken:
            continue
        for phrase in index[stems[i]]:
            n = len(phrase)
            if stems[i:i + n] == phrase and not taken.intersection(range(i, i + n)):
                found.append((i, n, text.words[i].negation))
                taken.update(range(i, i + n))
                break
    return found


def _sentences(text: Text, hits: Iterable[tuple[int, int, int]]) -> list[int]:
    return sorted({text.words[i].sentence for i, _, _ in hits})


def _quote(text: Text, sentences: list[int]) -> str:
    return text.sentence_text(sentences[0]) if sentences else ""


@functools.lru_cache(maxsize=4096)
def read_record(rationale: str, vocabulary: frozenset[str], cites: int = 0) -> RecordReading:
    """Read ``rationale``; ``vocabulary`` is the stems of what the trainee could know of the case when deciding
    (the case file, the evidence found, the stage), ``cites`` how many evidence items the record cites."""
    text = read_text(rationale)
    generic = _generic_stems()
    specific: dict[str, str] = {}
    for w in text.words:
        if w.stem in vocabulary and w.stem not in generic and not w.text.isdigit() and len(w.text) > 2:
            specific.setdefault(w.stem, w.text)
    sources = _find(text, lexicon.SOURCES)
    qualities = []

    def quality(name: str, hits: list[tuple[int, int, int]], present: bool) -> None:
        label, weight = QUALITY_LABELS[name]
        qualities.append(Quality(name, label, weight, present, _quote(text, _sentences(text, hits)) if present else ""))

    quality("known", sources, len(specific) >= 3 and (bool(sources) or cites > 0))
    unknowns = _find(text, lexicon.UNKNOWNS)
    quality("unknown", unknowns, bool(unknowns))
    raise_hits, lower_hits, written = _direction(text)
    weighing = _find(text, lexicon.WEIGHING)
    turns = _find(text, lexicon.TURNS)
    weighed = bool(weighing) or bool(turns and raise_hits and lower_hits)
    quality("weighed", weighing or turns, weighed)
    routes = _find(text, lexicon.ROUTES)
    reasons = _find(text, lexicon.REASONS)
    quality("threshold", routes, bool(routes and reasons))
    acts = _find(text, lexicon.PLAN_ACTS)
    times = _find(text, lexicon.TIMES)
    quality("plan", acts, bool(acts and times) or len(acts) >= 3)
    conditions = _find(text, lexicon.CONDITIONS)
    consequences = _find(text, lexicon.CONSEQUENCES)
    quality("change", conditions, bool(conditions and consequences))
    return RecordReading(
        text=text, words=len(text.words), specific=tuple(specific.values()), qualities=tuple(qualities),
        raises=len(raise_hits), lowers=len(lower_hits), written_lowers=len(written),
        no_help=len(_find(text, lexicon.NO_HELP, frozenset(_spanned(raise_hits)))),
        raise_quote=_densest(text, raise_hits), lower_quote=_densest(text, lower_hits),
    )


def _conceded(text: Text) -> frozenset[int]:
    """Words in clauses the writer concedes before turning ("it looks reassuring, but ...", "although she is
    engaging, ..."): what they say is not the record's argument."""
    words = text.words
    firsts: dict[tuple[int, int], str] = {}
    for w in words:
        firsts.setdefault((w.sentence, w.clause), w.text)
    conceded: set[tuple[int, int]] = set()
    for (sentence, clause), first in firsts.items():
        if first in lexicon.CONCEDING:
            conceded.add((sentence, clause))
        if first in lexicon.TURNING_BACK:
            conceded.update(k for k in firsts if k[0] == sentence and k[1] < clause)
    return frozenset(i for i, w in enumerate(words) if (w.sentence, w.clause) in conceded)


def _direction(text: Text) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]],
                                   list[tuple[int, int, int]]]:
    """Where the record argues for more protection and where for less. Phrases that carry their own negation
    count as written; single cues under a negation count the other way; conceded clauses do not count."""
    conceded = _conceded(text)
    raise_written = _find(text, lexicon.RAISES_AS_WRITTEN, conceded)
    lower_written = _find(text, lexicon.LOWERS_AS_WRITTEN, conceded | frozenset(_spanned(raise_written)))
    used = frozenset(_spanned(raise_written) | _spanned(lower_written)) | conceded
    raises, lowers = list(raise_written), list(lower_written)
    for hit in _find(text, lexicon.RAISES, used):
        _sort(hit, raises, lowers)
    for hit in _find(text, lexicon.LOWERS, used | frozenset(_spanned(raises + lowers))):
        _sort(hit, lowers, raises)
    return raises, lowers, lower_written


# A negation turns a cue round only from close by ("no concerns", "not at risk"); further off it usually
# denies something else in the clause ("I don't think the risk has reduced"), and the cue then counts for neither.
TURNED_WITHIN = 3


def _sort(hit: tuple[int, int, int], same: list[tuple[int, int, int]], other: list[tuple[int, int, int]]) -> None:
    negation = hit[2]
    if not negation:
        same.append(hit)
    elif negation <= TURNED_WITHIN:
        other.append(hit)


def _spanned(hits: Iterable[tuple[int, int, int]]) -> set[int]:
    return {j for i, n, _ in hits for j in range(i, i + n)}


def _densest(text: Text, hits: list[tuple[int, int, int]]) -> str:
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
