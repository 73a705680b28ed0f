"""Whose record it is. A record of a decision is about its case: it names the case's people, and at a decision
about one child (a route for each child), that child. A record in another case's words, or about the other
child, is not a record of this decision (domain.md §6; "each child in their own right", §6 several children),
however many of the case's common words it shares ("school", "breakfast", "teeth").

Told by names. A record names its case's people, by a first name or a surname; it may also name people the
case file does not (an officer the worker spoke to), but one that names nobody in the case and two or more
people it never mentions is about someone else. Only capitalised words inside a sentence are read as names;
days, months, family words ("Mum") and the names of laws and agencies are not names of people.
"""

from __future__ import annotations

import re

import attrs

from ..memo import per_object
from ..model import Scenario, StageDecision
from ..reasoning.lexicon import GENERIC
from ..reasoning.words import Text
from ..twins import as_twin, text_fields
from .naming import listed

# A capitalised word, with the characters that, just before it, mean it starts a sentence or a list item.
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:['’][a-z]+)?\b")
_STARTS_BEFORE = frozenset(".!?:;\n-*•\"“‘(")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "dc", "ds", "pc", "di", "sgt"})
# Capitalised words that are not people.
_NOT_NAMES_WORDS = """
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec easter christmas half term weekend
mum mummy dad daddy nan nana nanna gran granny grandma grandad grandpa grandmother grandfather auntie aunt uncle
act order orders section plan court police mechanism national referral modern slavery children services council
team health service hospital school academy primary nursery college department unit centre center protection
conference trust nhs mash agency authority local county city borough family youth justice board partnership
safeguarding early help social care emergency accident doctor nurse teacher head year reception class
"""
_NOT_NAMES = frozenset(_NOT_NAMES_WORDS.split())
# A record that names nobody in its case and at least this many people it never mentions is about someone else.
OTHERS_NAMED = 2


@attrs.frozen
class _People:
    """The names of a case's people (lower case), each child's own (not shared with another child), and every
    word the case writes anywhere: a name from any of these is the case's own. A twin case's names are those of
    all its twins: a record is scored the same whichever twin it was written for."""

    names: frozenset[str]
    child_names: dict[str, frozenset[str]]
    written: frozenset[str]


def _name_parts(name: str) -> set[str]:
    return {part for part in re.findall(r"[a-z]+", name.lower())
            if len(part) > 2 and part not in _TITLES and part not in GENERIC}


@per_object
def _people(scenario: Scenario) -> _People:
    told = [as_twin(scenario, t.id) for t in scenario.twins.each] if scenario.twins and scenario.twins.each \
        else [scenario]
    names: set[str] = set()
    child_names: dict[str, set[str]] = {p.id: set() for p in scenario.children}
    written: set[str] = set()
    for case in told:
        for person in case.case.people:
            names |= _name_parts(person.name)
            if person.id in child_names:
                child_names[person.id] |= _name_parts(person.name)
        for _, text, _ in text_fields(case):
            written.update(re.findall(r"[a-z]+", text.lower()))
    # A surname the children share names neither of them alone.
    own = {cid: frozenset(parts.difference(*(p for other, p in child_names.items() if other != cid)))
           for cid, parts in child_names.items()}
    return _People(frozenset(names), own, frozenset(written))


def about_someone_else(scenario: Scenario, decision: StageDecision, text: Text) -> str:
    """What the record at ``decision`` is about instead of its subject, to follow "The record at '...'": the
    other child, when the decision is about one child and the record names another and never them; another
    case, when it names nobody in this one and people this case never mentions. "" when it is about its
    subject."""
    people = _people(scenario)
    words = set(text.word_list)
    subject = decision.about
    if subject is not None and people.child_names.get(subject) and not words & people.child_names[subject]:
        others = [name.capitalize() for cid, parts in people.child_names.items() if cid != subject
                  for name in sorted(parts & words)]
        if others:
            child = scenario.person_by_id[subject].name.split()[0]
            return f"is about {listed(others)}, not {child}: it never names {child}."
    if words & people.names:
        return ""
    strangers = _strangers(text.original, people.written)
    if len(strangers) < OTHERS_NAMED:
        return ""
    return f"is about another case: it names {listed(list(strangers[:4]))}, and nobody in this one."


def _strangers(original: str, written: frozenset[str]) -> tuple[str, ...]:
    """The capitalised words inside sentences that the case never writes and that are not days, months,
    family words or agencies: people from somewhere else. In the order written, once each."""
    found: dict[str, None] = {}
    for m in _CAPITALISED.finditer(original):
        i = m.start() - 1
        while i >= 0 and original[i] in " \t":
            i -= 1
        if i < 0 or original[i] in _STARTS_BEFORE:
            continue
        word = re.split(r"['’]", m.group())[0]
        lower = word.lower()
        singular = lower[:-1] if lower.endswith("s") else lower  # "Saturdays"
        if lower in written or lower in GENERIC or lower in _TITLES or _NOT_NAMES & {lower, singular}:
            continue
        found.setdefault(word, None)
    return tuple(found)
