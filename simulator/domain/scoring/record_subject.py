"""Whose record it is. A record of a decision is about its case: it names the case's people, and at a decision
about one child (a route for each child), that child. A record in another case's words, or about the other
child, is not a record of this decision (domain.md §6; "each child in their own right", §6 several children),
however many of the case's common words it shares ("school", "breakfast", "teeth").

Told by names, and conservatively, since the finding costs the record almost everything. Names are capitalised
words: a person's name is the capitalised words of their `name` ("Jay (identified by police as Jason Pryce)"
gives Jay, Jason and Pryce), and a record names them when it writes one capitalised, or a long one a slip of the
keyboard away ("Mariamma"). A record in another case's words names nobody in this case, and names someone it
never mentions over and over, or three or more such: one duty manager named once, or two towns, is not another
case. Days, months, family words ("Mum") and the names of laws and agencies are not people. At a decision about
one child, a record is about another child when it names them twice or more and never names this child, nor
gives this child's age ("the 9-year-old").
"""

from __future__ import annotations

import re

import attrs

from ..memo import per_object
from ..model import Scenario, StageDecision
from ..reasoning.lexicon import GENERIC
from ..reasoning.points import one_slip_apart
from ..reasoning.words import FUZZY_FROM, Text
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
# A record that names nobody in its case, and this many people it never mentions, or one of them this often, is
# about someone else; at a decision about one child, one that names another this often and never that child.
STRANGERS = 3
STRANGER_AGAIN = 2
OTHER_CHILD_NAMED = 2


@attrs.frozen
class _People:
    """The names of a case's people (lower case), each child's own (not shared with another child) and age, and
    every word the case writes anywhere: a name from any of these is the case's own. A twin case's names are
    those of all its twins: a record is scored the same whichever twin it was written for."""

    names: frozenset[str]
    child_names: dict[str, frozenset[str]]
    child_ages: dict[str, str]
    written: frozenset[str]


def _name_parts(name: str) -> set[str]:
    return {m.group().lower() for m in _CAPITALISED.finditer(name)
            if len(m.group()) > 2 and m.group().lower() not in _TITLES}


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
    ages = {p.id: p.age.strip() for p in scenario.children if p.age.strip().isdigit()}
    return _People(frozenset(names), own, ages, frozenset(written))


def about_someone_else(scenario: Scenario, decision: StageDecision, text: Text) -> str:
    """What the record at ``decision`` is about instead of its subject, to follow "The record at '...'": the
    other child, when the decision is about one child and the record names another and never them; another
    case, when it names nobody in this one and people this case never mentions. "" when it is about its
    subject."""
    people = _people(scenario)
    capitalised = [m.group().lower() for m in _CAPITALISED.finditer(text.original)]
    subject = decision.about
    named_subject = subject is not None and (_names(capitalised, people.child_names.get(subject, frozenset()))
                                             or _aged(text, people.child_ages.get(subject)))
    if subject is not None and people.child_names.get(subject) and not named_subject:
        others = [name.capitalize() for cid, parts in people.child_names.items() if cid != subject
                  for name in sorted(parts) if capitalised.count(name) >= OTHER_CHILD_NAMED]
        if others:
            child = scenario.person_by_id[subject].name.split()[0]
            return f"is about {listed(others)}, not {child}: it never names {child}."
    if _names(capitalised, people.names):
        return ""
    strangers = _strangers(text.original, people.written)
    if len(set(strangers)) < STRANGERS and max(map(strangers.count, strangers), default=0) < STRANGER_AGAIN:
        return ""
    return f"is about another case: it names {listed(list(dict.fromkeys(strangers))[:4])}, and nobody in this one."


def _names(capitalised: list[str], names: frozenset[str]) -> bool:
    """Whether any of the record's capitalised words is one of ``names``, or a long one a slip away."""
    return any(w in names or (len(w) >= FUZZY_FROM and any(one_slip_apart(w, n) for n in names))
               for w in capitalised)


def _aged(text: Text, age: str | None) -> bool:
    """Whether the record gives the child's age as people write it ("the 9-year-old", "aged 9", "Mariama (9)")."""
    if not age:
        return False
    return re.search(rf"(?<!\d){age}(?:\s*-?\s*(?:year|yr)s?\b|\))|\baged?\s+{age}(?!\d)", text.original,
                     re.IGNORECASE) is not None


def _strangers(original: str, written: frozenset[str]) -> list[str]:
    """The people named inside sentences that the case never writes, in the order written, each time named: a
    run of capitalised words ("Sarah Jones", "Merthyr Tydfil") is one, and days, months, family words and
    agencies are none."""
    found: list[str] = []
    run: list[str] = []
    end = -1
    for m in _CAPITALISED.finditer(original):
        i = m.start() - 1
        while i >= 0 and original[i] in " \t":
            i -= 1
        word = re.split(r"['’]", m.group())[0]
        lower = word.lower()
        singular = lower[:-1] if lower.endswith("s") else lower  # "Saturdays"
        stranger = not (i < 0 or original[i] in _STARTS_BEFORE or lower in written or lower in GENERIC
                        or lower in _TITLES or _NOT_NAMES & {lower, singular})
        if run and (not stranger or original[end:m.start()].strip()):
            found.append(" ".join(run))
            run = []
        if stranger:
            run.append(word)
            end = m.end()
    if run:
        found.append(" ".join(run))
    return found
