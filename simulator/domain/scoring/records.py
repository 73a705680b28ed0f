"""The written record of each decision, judged for what it says (domain.md §6).

Every record is read for the general qualities of a defensible record (``reasoning.record``): what is known
and from whom, what is not, the risks and strengths weighed, the threshold, the plan, and what would change
it, counted fully only when the record is about this case. Where the key lists points for the decision, the
record is also held to them, and to the wrong points it should not make. A record that argues against its
own decision scores low whatever else it says. Citing evidence is necessary, not sufficient.

The record feeds management oversight at every decision, and the criteria whose good practice is a recorded
judgement when the stage scores them: the front-door decision, tools used with judgement, and a safe closure
or step-down.
"""

from __future__ import annotations

import functools

from ..catalogue import Outcome
from ..engine import Decision, SessionState
from ..model import EvidenceKind, Option, Scenario, Stage
from ..reasoning.points import match_point, parse_terms
from ..reasoning.record import Leaning, RecordReading, read_record, vocabulary_of
from ..reasoning.words import read_text
from .decisions import decision_credit, scores_of
from .grades import RI_TOP
from .naming import decided_at, named, plain, quoted
from .results import PointReview, QualityReview, RecordReview
from .sheet import Cap, Measure, Sheet

RECORD_WEIGHT = 1.0
MIN_WORDS = 3  # fewer words than this is no record at all
ONE_LINE = 15  # a record this short states a decision rather than reasons
SPECIFIC_BASE = 0.3  # what any record about this case earns before its qualities
WRONG_POINT_COST = 0.2
CONTRADICTION_CAP = 0.2
UNCITED_FACTOR = 0.9  # a record that cites no evidence
UNADDRESSED_FACTOR = 0.7  # closing while a known serious risk goes unanswered in the record
# Criteria a stage's record feeds besides management oversight, when the stage scores them: the ones whose good
# practice is a judgement written down (the route and its reasons, a tool's score overridden, why a case can
# close or stay open).
RECORD_CRITERIA = ("front-door", "tools-judgement", "safe-closure")
# A record scoring below this gives no reasons a reader could check: it holds what it feeds at requires
# improvement, and the case below good.
UNREASONED = 0.45


def leaning(outcome: Outcome) -> Leaning:
    if outcome in (Outcome.SECTION_47, Outcome.IMMEDIATE_PROTECTION, Outcome.RETURN_TO_WORKER, Outcome.ESCALATE):
        return Leaning.UP
    if outcome in (Outcome.CLOSE, Outcome.UNIVERSAL, Outcome.ENDORSE):
        return Leaning.DOWN
    return Leaning.MIDDLE


@functools.lru_cache(maxsize=4096)
def _vocabulary(texts: tuple[str, ...]) -> frozenset[str]:
    return vocabulary_of(texts)


def case_vocabulary(scenario: Scenario, d: Decision) -> frozenset[str]:
    """The words of the case as the trainee knew it when deciding: the case file, the stage, and the evidence
    they had found."""
    case = scenario.case
    parts = [_vocabulary((case.referral.text, case.referral.source, case.household,
                          *(f"{p.name} {p.role} {p.notes}" for p in case.people),
                          *(c.text for c in case.chronology), *(doc.text for doc in case.documents))),
             _vocabulary((scenario.stage_by_id[d.stage].narrative,))]
    evidence = scenario.evidence_by_id
    parts += [_vocabulary((evidence[e].text, evidence[e].label, evidence[e].source)) for e in sorted(d.revealed_before)]
    return frozenset().union(*parts)


def read_records(state: SessionState) -> tuple[RecordReview, ...]:
    scenario = state.scenario
    return tuple(review_record(scenario, d) for d in state.decisions)


def review_record(scenario: Scenario, d: Decision) -> RecordReview:
    stage, option = scenario.option_by_id[d.option]
    title = decided_at(scenario, stage, option.id)
    words = len(read_text(d.rationale).words)
    if words < MIN_WORDS:
        return RecordReview(0.0, words, (), (), (), (), "", (), _unrecorded(title, words))
    reading = read_record(d.rationale, case_vocabulary(scenario, d), len(d.cites))
    notes: list[str] = []
    gist = ""
    specific = len(reading.specific) >= 2
    value = (SPECIFIC_BASE if specific else 0.0) + (1 - SPECIFIC_BASE) * reading.general
    if not specific:
        gist = f"The record at '{title}' could be about any case: it names nothing of this one."
    elif reading.words < ONE_LINE:
        gist = (f"The record at '{title}' is one line: it states the decision, not the reasons a "
                "reader could check.")
    points = _points(scenario, stage, option, reading)
    if points:
        made = sum(p.made for p in points)
        value = 0.5 * value + 0.5 * made / len(points)
    wrong = _wrong(scenario, stage, option, reading)
    value -= WRONG_POINT_COST * len(wrong)
    value *= _citations(scenario, d, title, stage, notes)
    value *= _serious_risks(scenario, d, stage, option, reading, notes)
    contradiction = reading.argues_against(leaning(option.outcome))
    if contradiction:
        value = min(value, CONTRADICTION_CAP)
    qualities = tuple(QualityReview(q.name, q.label, q.present, q.quote) for q in reading.qualities)
    return RecordReview(round(max(0.0, min(1.0, value)), 4), reading.words, reading.specific, qualities, points,
                        wrong, contradiction, tuple(notes), gist)


def _points(scenario: Scenario, stage: Stage, option: Option, reading: RecordReading) -> tuple[PointReview, ...]:
    out = []
    for p in scenario.decision_of_option[option.id].record.points:
        if p.options and option.id not in p.options:
            continue
        match = match_point(reading.text, parse_terms(p.terms, scenario.key.synonyms))
        out.append(PointReview(p.id, plain(p.says), match.made, match.quote))
    return tuple(out)


def _wrong(scenario: Scenario, stage: Stage, option: Option, reading: RecordReading) -> tuple[PointReview, ...]:
    out = []
    for p in scenario.decision_of_option[option.id].record.wrong:
        if p.options and option.id not in p.options:
            continue
        match = match_point(reading.text, parse_terms(p.terms, scenario.key.synonyms))
        if match.made:
            out.append(PointReview(p.id, plain(p.says), True, match.quote))
    return tuple(out)


def _citations(scenario: Scenario, d: Decision, title: str, stage: Stage, notes: list[str]) -> float:
    if not d.cites:
        notes.append(f"The record at '{title}' cites no evidence.")
        return UNCITED_FACTOR
    relevant = 0
    for cid in d.cites:
        e = scenario.evidence_by_id[cid]
        if cid not in d.revealed_before:
            notes.append(f"At '{title}' you cited {named(e)}, which you had not found.")
        elif e.key.kind is EvidenceKind.NEUTRAL and stage.id not in e.key.bears_on:
            notes.append(f"At '{title}' you cited {named(e)}, which does not bear on that decision.")
        else:
            relevant += 1
    return UNCITED_FACTOR + (1 - UNCITED_FACTOR) * relevant / len(d.cites)


def _serious_risks(scenario: Scenario, d: Decision, stage: Stage, option: Option, reading: RecordReading,
                   notes: list[str]) -> float:
    """A closure cannot rest on silence about a serious risk it knew of: the record must name it."""
    if not option.outcome.steps_down:
        return 1.0
    known = [scenario.evidence_by_id[e] for e in sorted(d.revealed_before)]
    serious = [e for e in known if e.key.kind is EvidenceKind.RISK and (e.key.severity >= 3 or e.key.blocks_closure)
               and not set(e.key.resolved_by) & d.revealed_before]
    stems = reading.text.stems
    unanswered = [e for e in serious if e.id not in d.cites and not vocabulary_of((e.short,)) & stems]
    if unanswered:
        notes.append(f"The record for '{plain(option.label)}' does not address {named(unanswered[0])}, "
                     "which was known.")
        return UNADDRESSED_FACTOR
    return 1.0


def add_records(state: SessionState, sheet: Sheet, records: tuple[RecordReview, ...]) -> None:
    scenario = state.scenario
    for d, record in zip(state.decisions, records, strict=True):
        stage, option = scenario.option_by_id[d.option]
        title = decided_at(scenario, stage, option.id)
        said = _summary(title, record)
        scores = scores_of(stage, option)
        targets = ["management-oversight", *(c for c in RECORD_CRITERIA if c in scores)]
        for cid in dict.fromkeys(targets):
            sheet.add(cid, Measure("record", record.score, RECORD_WEIGHT, said))
            for note in record.notes:
                sheet.note(cid, note)
        if record.contradiction:
            why = (f"Your record at '{title}' argues against your own decision: "
                   f"{quoted(record.contradiction)}")
            for cid in dict.fromkeys(targets):
                sheet.cap(cid, Cap(CONTRADICTION_CAP, why, source="record"))
            # A record that argues the risks away has not recognised them, whatever the flags say. Format 1 keys
            # name risk recognition among a stage's scores where it is at stake; format 2's default scores never
            # do, as recognition is read from flags and records throughout. (One that escalated further than
            # needed while saying why less would do saw the risk, and more.)
            judged = "risk-recognition" in scores or scenario.format >= 2
            if judged and leaning(option.outcome) is not Leaning.DOWN and decision_credit(option, stage)[1] != "over":
                sheet.cap("risk-recognition", Cap(RI_TOP, why, source="record"))
        elif record.score < UNREASONED:
            # A record that only restates the decision is not oversight (domain.md §6).
            for cid in dict.fromkeys(targets):
                sheet.cap(cid, Cap(RI_TOP, said, source="record"))


def _unrecorded(title: str, words: int) -> str:
    if not words:
        return f"No rationale was recorded for the decision at '{title}'."
    return f"The record at '{title}' is too short to give any reasons ({words} word{'s' if words > 1 else ''})."


def _summary(title: str, record: RecordReview) -> str:
    if not record.words or record.words < MIN_WORDS:
        return _unrecorded(title, record.words)
    if record.contradiction:
        return f"Your record at '{title}' argues against your own decision: {quoted(record.contradiction)}"
    if record.filler:
        return f"Your record at '{title}' could be about any case: it names nothing of this one."
    missing = [q.label for q in record.qualities if not q.present]
    missed_points = [p for p in record.points if not p.made]
    if not missing and not missed_points:
        return f"Your record at '{title}' says what a defensible record says."
    parts = []
    if missing:
        parts.append("does not say " + _join(missing))
    if missed_points:
        parts.append(f"misses {len(missed_points)} of the {len(record.points)} points the key expects")
    return f"Your record at '{title}' " + " and ".join(parts) + "."


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
