"""Conditions a scenario can put on actions, options, text and never-events (format 2): a list of terms, all of
which must hold. A term is a fact id (the fact is set), `not FACT`, `chose OPTION` (that option was chosen
earlier in the case) or `not chose OPTION`."""

from __future__ import annotations

from collections.abc import Iterable

import attrs


@attrs.frozen
class Term:
    negated: bool
    chose: bool  # an option chosen, rather than a fact set
    id: str

    def holds(self, facts: frozenset[str], chosen: frozenset[str]) -> bool:
        found = self.id in (chosen if self.chose else facts)
        return found != self.negated


def parse(term: str) -> Term:
    words = term.split()
    negated = bool(words) and words[0] == "not"
    if negated:
        words = words[1:]
    chose = bool(words) and words[0] == "chose"
    if chose:
        words = words[1:]
    return Term(negated, chose, " ".join(words))


def holds(conditions: Iterable[str], facts: frozenset[str], chosen: frozenset[str]) -> bool:
    return all(parse(c).holds(facts, chosen) for c in conditions)
