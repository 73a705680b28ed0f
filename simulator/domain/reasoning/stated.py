"""The decision a record states in so many words ("Decision: section 47 enquiry for both girls"), and which way
it leans: a record that names a different decision from the one made is the plainest case of a record that
argues the opposite way to it (domain.md §6).

Only a sentence that says it is the decision is read ("Decision: ...", "My decision is ...", "I have decided
to ..."), and in it only the routes named before any condition ("... ; if the medical finds an injury, a
strategy discussion") and not denied ("not a section 47"). A sentence naming routes of several leanings (close
to social care, step down to early help) states each of them.
"""

from __future__ import annotations

import functools
import itertools

import attrs

from .words import Text, read_text

# The routes a record may name, by which way they lean ("up", "middle", "down"; record.Leaning's values).
ROUTE_WORDS: dict[str, tuple[str, ...]] = {
    "up": (
        "section 47", "s47", "strategy discussion", "strategy meeting", "child protection enquiry",
        "child protection investigation", "joint enquiry", "joint investigation", "child protection conference",
        "initial child protection conference", "icpc", "child protection plan", "cp plan", "police protection",
        "emergency protection order", "epo", "care proceedings", "interim care order", "fgm protection order",
        "forced marriage protection order", "immediate protection", "abe interview",
    ),
    "middle": (
        "section 17", "s17", "child in need", "cin", "child and family assessment", "single assessment",
        "early help", "team around the family", "private fostering",
    ),
    "down": (
        "no further action", "nfa", "close", "closure", "closed", "universal services", "signpost",
    ),
}
# Words that say the sentence is the decision, as stems: "decision", "decided", "deciding".
_DECIDING = frozenset({"decis", "decid"})
# How far into its sentence the word saying so may come ("My decision is", "Today I have decided").
_DECIDING_WITHIN = 4
# Words that deny a route just named ("closure not agreed", "section 47 refused"), as stems, and how close after
# it they must come.
_DENIED_AFTER = frozenset({"not", "no", "never", "refus", "declin", "reject"})
_DENIED_WITHIN = 2
# Words after which a route is a condition or an alternative, not the decision.
_CONDITIONAL = frozenset({"if", "unless", "should", "would", "could", "otherwise", "until", "or", "when", "were"})


@attrs.frozen
class Stated:
    """The leanings of the routes a record's decision sentences name, and the first such sentence."""

    leanings: frozenset[str]
    quote: str


NOTHING_STATED = Stated(frozenset(), "")


@functools.lru_cache(maxsize=1)
def _route_phrases() -> dict[tuple[str, ...], str]:
    return {tuple(w.stem for w in read_text(route).words): leaning
            for leaning, routes in ROUTE_WORDS.items() for route in routes}


@functools.lru_cache(maxsize=1)
def _route_starts() -> frozenset[str]:
    return frozenset(phrase[0] for phrase in _route_phrases())


def stated_decision(text: Text) -> Stated:
    """What ``text`` states its decision to be, if it says so in so many words."""
    stems = text.stem_list
    if _DECIDING.isdisjoint(stems):
        return NOTHING_STATED
    words = text.words
    phrases = _route_phrases()
    longest = max(map(len, phrases))
    leanings: set[str] = set()
    quote = ""
    for cue in itertools.compress(range(len(stems)), map(_DECIDING.__contains__, stems)):
        sentence = words[cue].sentence
        start = cue
        while start > 0 and words[start - 1].sentence == sentence and cue - start < _DECIDING_WITHIN:
            start -= 1
        if (start > 0 and words[start - 1].sentence == sentence) or any(
                words[i].text in _CONDITIONAL for i in range(start, cue)):
            continue  # not where a sentence says what the decision is
        end = cue + 1
        while end < len(words) and words[end].sentence == sentence:
            end += 1
        named = _routes_named(text, list(range(cue + 1, end)), phrases, longest)
        if named:
            leanings |= named
            quote = quote or text.sentence_text(sentence)
    return Stated(frozenset(leanings), quote)


def _routes_named(text: Text, indices: list[int], phrases: dict[tuple[str, ...], str], longest: int) -> set[str]:
    """The leanings of the routes named in the words at ``indices``, up to the first condition; routes denied
    do not count."""
    stems = text.stem_list
    starts = _route_starts()
    named: set[str] = set()
    k = 0
    while k < len(indices):
        i = indices[k]
        if text.words[i].text in _CONDITIONAL:
            break
        if stems[i] not in starts:
            k += 1
            continue
        for n in range(min(longest, len(indices) - k), 0, -1):
            leaning = phrases.get(tuple(stems[i:i + n]))
            if leaning is not None:
                if not text.words[i].negated and not _denied_after(text, i + n):
                    named.add(leaning)
                k += n - 1
                break
        k += 1
    return named


def _denied_after(text: Text, after: int) -> bool:
    """Whether the words just after a route deny it, in its clause ("closure NOT agreed")."""
    words = text.words
    place = words[after - 1][2:4]  # (sentence, clause)
    return any(words[j].stem in _DENIED_AFTER
               for j in range(after, min(len(words), after + _DENIED_WITHIN)) if words[j][2:4] == place)
