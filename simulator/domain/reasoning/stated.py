"""The decision a record states in so many words ("Decision: section 47 enquiry for both girls"), and which way
it leans: a record that names a different decision from the one made is the plainest case of a record that
argues the opposite way to it (domain.md §6).

Read conservatively, since the finding is the heaviest a record can get: only the writer's own statement of
their decision ("Decision: ...", "My decision: ...", "I have decided to ..."; not "the police decision was ...",
nor "the decision to close last year"), in the rest of its sentence (or, when the line stops at "Decision:", the
next line). A sentence that weighs, rejects or conditions a route anywhere ("not", "against", "or", "would",
"only if", "unnecessary", "instead") states nothing. One naming routes of several leanings (close to social care,
step down to early help) states each of them.
"""

from __future__ import annotations

import functools
import itertools

import attrs

from .words import Text, read_text

# The routes a record may name, by which way they lean ("up", "middle", "down"; record.Leaning's values).
ROUTE_WORDS: dict[str, tuple[str, ...]] = {
    "up": (
        "section 47", "s47", "s 47", "sec 47", "strategy discussion", "strategy meeting", "child protection enquiry",
        "child protection investigation", "cp enquiry", "joint enquiry", "joint investigation",
        "child protection conference", "initial child protection conference", "icpc", "child protection plan",
        "cp plan", "police protection", "emergency protection order", "epo", "care proceedings",
        "interim care order", "fgm protection order", "forced marriage protection order", "immediate protection",
        "abe interview",
    ),
    "middle": (
        "section 17", "s17", "s 17", "sec 17", "child in need", "cin", "child and family assessment",
        "single assessment", "early help", "team around the family", "private fostering",
    ),
    "down": (
        "no further action", "nfa", "close", "closure", "closed", "universal services", "signpost",
    ),
}
# Words that say the sentence is the decision, as stems: "decision", "decided", "deciding".
_DECIDING = frozenset({"decis", "decid"})
# The only words that may come before the cue: the writer's own decision ("My decision", "I have decided").
_OWN = frozenset({"my", "our", "i", "we", "have", "ve", "has", "final", "today", "so", "therefore"})
# Words that make a sentence weigh, reject or condition a route rather than state it.
_NOT_STATING = frozenset({
    "not", "no", "never", "nor", "without", "against", "instead", "rather", "than", "unnecessary", "unneeded",
    "disproportionate", "or", "whether", "if", "unless", "only", "would", "could", "should", "might", "may",
    "until", "when", "once", "otherwise", "decline", "declined", "refuse", "refused", "reject", "rejected",
    "considered", "consider", "was", "were", "wrong",
})


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
def _longest() -> int:
    return max(map(len, _route_phrases()))


def stated_decision(text: Text) -> Stated:
    """What ``text`` states its decision to be, if it says so in so many words."""
    stems = text.stem_list
    if _DECIDING.isdisjoint(stems):
        return NOTHING_STATED
    words = text.words
    leanings: set[str] = set()
    quote = ""
    for cue in itertools.compress(range(len(stems)), map(_DECIDING.__contains__, stems)):
        sentence = words[cue].sentence
        start = cue
        while start > 0 and words[start - 1].sentence == sentence:
            start -= 1
        if any(words[i].text not in _OWN for i in range(start, cue)):
            continue  # someone else's decision, or one spoken of ("the decision to close was wrong")
        stating = _stated_after(text, cue)
        if not stating or any(words[i].text in _NOT_STATING for i in stating):
            continue
        named = _routes_named(text, stating)
        if named:
            leanings |= named
            quote = quote or " ".join(dict.fromkeys(text.sentence_text(words[i].sentence)
                                                    for i in (cue, stating[0])))
    return Stated(frozenset(leanings), quote)


def _stated_after(text: Text, cue: int) -> list[int]:
    """The words that state the decision after the cue ("Decision: <this>", "I have decided <this>"): the rest
    of the cue's sentence, or, when the sentence ends at the cue ("Decision:" on a line of its own, then a
    bullet), the next sentence."""
    words = text.words
    after = cue + 1
    if after >= len(words):
        return []
    sentence = words[after].sentence
    return list(itertools.takewhile(lambda i: words[i].sentence == sentence, range(after, len(words))))


def _routes_named(text: Text, indices: list[int]) -> set[str]:
    """The leanings of the routes named in the words at ``indices``."""
    stems = text.stem_list
    phrases = _route_phrases()
    named: set[str] = set()
    k = 0
    while k < len(indices):
        i = indices[k]
        for n in range(min(_longest(), len(indices) - k), 0, -1):
            leaning = phrases.get(tuple(stems[i:i + n]))
            if leaning is not None:
                named.add(leaning)
                k += n - 1
                break
        k += 1
    return named
