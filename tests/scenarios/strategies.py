"""Hypothesis strategies that build scenario models."""

from __future__ import annotations

from hypothesis import strategies as st

from simulator.domain.catalogue import CRITERION_IDS, FAILURE_POINT_IDS, Outcome
from simulator.domain.model import (
    Action,
    ActionKind,
    AnswerKey,
    CaseFile,
    ChronologyEntry,
    Difficulty,
    Document,
    Ending,
    Evidence,
    EvidenceKey,
    EvidenceKind,
    NeverEvent,
    Option,
    OptionKey,
    Person,
    Referral,
    Scenario,
    ScenarioKind,
    SeesChild,
    Stage,
    Verdict,
)

# Any printable text a trainer might type, newlines included; control
# characters are refused by the loader and so are left out here.
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff\x85")
    | st.sampled_from("\n\t :#-[]{}&*!|>'\"%@`"),
    max_size=40,
)
slug = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
slugs = st.lists(slug, max_size=3).map(tuple)
days = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)

evidence_key = st.builds(
    EvidenceKey, kind=st.sampled_from(EvidenceKind), category=slug, severity=st.integers(-5, 5),
    blocks_closure=st.booleans(), essential=st.lists(st.sampled_from(CRITERION_IDS), max_size=2).map(tuple),
    explanation=text,
)
option = st.builds(
    Option, id=slug, label=text, outcome=st.sampled_from(Outcome), next=slug, elapses=days,
    key=st.builds(OptionKey, verdict=st.none() | st.sampled_from(Verdict), votes=st.none() | st.integers(0, 20),
                  feedback=text),
)
stage = st.builds(
    Stage, id=slug, title=text, narrative=text, reveals=slugs, timescale=st.none() | slug,
    scores=st.lists(st.sampled_from(CRITERION_IDS), max_size=3).map(tuple),
    options=st.lists(option, max_size=3).map(tuple),
)
scenarios = st.builds(
    Scenario,
    format=st.integers(0, 3), id=slug, title=text, summary=text, kind=st.sampled_from(ScenarioKind),
    failure_points=st.lists(st.sampled_from(sorted(FAILURE_POINT_IDS)), max_size=3).map(tuple),
    difficulty=st.sampled_from(Difficulty), minutes=st.integers(-10, 500), author=text, rulebook=slug,
    levels=st.none() | st.lists(text, max_size=4).map(tuple),
    case=st.builds(
        CaseFile,
        referral=st.builds(Referral, source=text, received=text, text=text),
        people=st.lists(st.builds(Person, id=slug, name=text, role=text, age=text, notes=text), max_size=2).map(tuple),
        household=text,
        chronology=st.lists(st.builds(ChronologyEntry, date=text, text=text, source=text), max_size=2).map(tuple),
        documents=st.lists(st.builds(Document, id=slug, title=text, source=text, text=text), max_size=2).map(tuple),
    ),
    evidence=st.lists(st.builds(Evidence, id=slug, source=text, text=text, key=evidence_key, label=text),
                      max_size=3).map(tuple),
    actions=st.lists(st.builds(Action, id=slug, label=text, cost=days, reveals=slugs, stages=slugs,
                               kind=st.sampled_from(ActionKind), sees_child=st.sampled_from(SeesChild)),
                     max_size=3).map(tuple),
    stages=st.lists(stage, max_size=2).map(tuple),
    endings=st.lists(st.builds(Ending, id=slug, title=text, text=text), max_size=2).map(tuple),
    key=st.builds(
        AnswerKey,
        never_events=st.lists(st.builds(NeverEvent, id=slug, criterion=slug, message=text, if_chosen=slugs,
                                        if_revealed=slugs, unless_done=slugs), max_size=2).map(tuple),
        limiting=st.lists(st.sampled_from(CRITERION_IDS), max_size=2).map(tuple),
        feedback=st.dictionaries(st.sampled_from(CRITERION_IDS), text, max_size=2),
        reviewer=text,
    ),
)
