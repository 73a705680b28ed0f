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

import attrs

from ..catalogue import Outcome
from ..engine import Decision, SessionState
from ..memo import per_object
from ..model import ActionKind, Evidence, EvidenceKind, Option, RecordPoint, Scenario, Stage
from ..reasoning.points import PointSet, parse_terms
from ..reasoning.record import ANY_CASE, Leaning, RecordReading, read_record, unsaid, vocabulary_of
from ..reasoning.words import read_text
from .decisions import decision_credit, scores_of
from .grades import RI_TOP
from .naming import decided_at, listed, named, plain, quoted
from .record_subject import about_someone_else
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


@attrs.frozen
class _CaseWords:
    """The words of a case, as stems, by where they are written."""

    case_file: frozenset[str]
    stages: dict[str, frozenset[str]]
    evidence: dict[str, frozenset[str]]  # each item's text, label and source
    evidence_named: dict[str, frozenset[str]]  # each item's short name alone


@per_object
def _case_words(scenario: Scenario) -> _CaseWords:
    case = scenario.case
    return _CaseWords(
        case_file=vocabulary_of((case.referral.text, case.referral.source, case.household,
                                 *(f"{p.name} {p.role} {p.notes}" for p in case.people),
                                 *(c.text for c in case.chronology), *(doc.text for doc in case.documents))),
        stages={s.id: vocabulary_of((s.narrative,)) for s in scenario.stages},
        evidence={e.id: vocabulary_of((e.text, e.label, e.source)) for e in scenario.evidence},
        evidence_named={e.id: vocabulary_of((e.short,)) for e in scenario.evidence},
    )


def case_vocabulary(scenario: Scenario, d: Decision) -> frozenset[str]:
    """The words of the case as the trainee knew it when deciding: the case file, the stage, and the evidence
    they had found."""
    words = _case_words(scenario)
    return words.case_file.union(words.stages[d.stage], *(words.evidence[e] for e in d.revealed_before))


@attrs.frozen
class _OptionPoints:
    """The points a record of choosing an option should make, those it should not, and both compiled."""

    points: tuple[RecordPoint, ...]
    wrong: tuple[RecordPoint, ...]
    matcher: PointSet


@per_object
def _option_points(scenario: Scenario) -> dict[str, _OptionPoints]:
    out = {}
    shared: dict[tuple[RecordPoint, ...], PointSet] = {}  # most options of a decision are held to the same points

    for option_id, decision in scenario.decision_of_option.items():
        points = tuple(p for p in decision.record.points if not p.options or option_id in p.options)
        wrong = tuple(p for p in decision.record.wrong if not p.options or option_id in p.options)
        matcher = shared.get(points + wrong)
        if matcher is None:
            matcher = shared[points + wrong] = PointSet(
                parse_terms(p.terms, scenario.key.synonyms) for p in points + wrong)
        out[option_id] = _OptionPoints(points, wrong, matcher)
    return out


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
    elsewhere = about_someone_else(scenario, scenario.decision_of_option[option.id], reading.text)
    if elsewhere:
        # Not a record of this decision: its words are another child's or another case's, so whatever it
        # shares with this case's words, and whatever of the key's points it seems to make, count for nothing.
        gist = f"The record at '{title}' {elsewhere}"
        value = (1 - SPECIFIC_BASE) * reading.quality_share * ANY_CASE
    elif not specific:
        gist = f"The record at '{title}' could be about any case: {_names_of_case(reading.specific)}"
    elif reading.words < ONE_LINE:
        gist = (f"The record at '{title}' is one line: it states the decision, not the reasons a "
                "reader could check.")
    points, wrong = _points(scenario, option, reading)
    if elsewhere:
        points, wrong = tuple(attrs.evolve(p, made=False, quote="") for p in points), ()
    if points:
        made = sum(p.made for p in points)
        value = 0.5 * value + 0.5 * made / len(points)
    value -= WRONG_POINT_COST * len(wrong)
    cited, unfound = _citations(scenario, d, title, stage, reading, notes)
    value *= cited
    value *= _serious_risks(scenario, d, stage, option, reading, notes)
    contradiction, for_more = _contradiction(reading, option)
    if contradiction:
        value = min(value, CONTRADICTION_CAP)
    qualities = tuple(QualityReview(q.name, q.label, q.present, q.quote) for q in reading.qualities)
    return RecordReview(round(max(0.0, min(1.0, value)), 4), reading.words, reading.specific, qualities, points,
                        wrong, contradiction, tuple(notes), gist, argues_for_more=for_more, elsewhere=elsewhere,
                        unfound=unfound)


def _contradiction(reading: RecordReading, option: Option) -> tuple[str, bool]:
    """The sentence in which the record argues against its decision, and whether it argues for more protection
    than the decision gives. A record that argues the other way as a whole, or states a decision that leans
    the other way ("Decision: section 47 enquiry" under a child-in-need plan). (An audit's record states the
    decision it reviews, not its own, so only its argument is read.)"""
    lean = leaning(option.outcome)
    argued = reading.argues_against(lean)
    if argued:
        return argued, lean is Leaning.DOWN
    if option.outcome.audit:
        return "", False
    return reading.names_other_decision(lean), reading.states_more_than(lean)


def _points(scenario: Scenario, option: Option, reading: RecordReading) -> tuple[tuple[PointReview, ...],
                                                                           tuple[PointReview, ...]]:
    """The key's points for choosing ``option``, each made or not; and the wrong points the record makes."""
    expected = _option_points(scenario)[option.id]
    # A wrong point is held against the record only where the writer claims it: not where it is conceded,
    # quoted or reported as another's view, to be answered.
    held = unsaid(reading.text) if expected.wrong else frozenset()
    matches = expected.matcher.match(reading.text, held, from_point=len(expected.points))
    mine, others = matches[:len(expected.points)], matches[len(expected.points):]
    points = tuple(PointReview(p.id, plain(p.says), m.made, m.quote)
                   for p, m in zip(expected.points, mine, strict=True))
    wrong = tuple(PointReview(p.id, plain(p.says), True, m.quote)
                  for p, m in zip(expected.wrong, others, strict=True) if m.made)
    return points, wrong


def _citations(scenario: Scenario, d: Decision, title: str, stage: Stage, reading: RecordReading,
               notes: list[str]) -> tuple[float, tuple[str, ...]]:
    """What the record's citations make of it (a factor), and the items it cited that had not been found."""
    if not d.cites:
        notes.append(f"The record at '{title}' cites no evidence.")
        return UNCITED_FACTOR, ()
    relevant = 0
    unfound: list[str] = []
    for cid in d.cites:
        e = scenario.evidence_by_id[cid]
        if cid not in d.revealed_before:
            notes.append(f"At '{title}' you cited {named(e)}, which you had not found.")
            unfound.append(named(e))
        elif e.key.kind is EvidenceKind.NEUTRAL and not _bears_on(scenario, e, stage, reading):
            notes.append(f"At '{title}' you cited {named(e)}, which does not bear on that decision.")
        else:
            relevant += 1
    return UNCITED_FACTOR + (1 - UNCITED_FACTOR) * relevant / len(d.cites), tuple(unfound)


def _bears_on(scenario: Scenario, e: Evidence, stage: Stage, reading: RecordReading) -> bool:
    """Whether a neutral item bears on a decision: the key says so (its `bears_on`, or it is essential to a
    criterion), it is what one of this stage's own history or partner checks found (domain.md §3: the front
    door's "checks made with partners and history"), or the record itself reasons with it, naming it. Neutral
    is neither risk nor strength, not beside the point: the history check that found nothing, or the
    presenting concern, is cited rightly."""
    return stage.id in e.key.bears_on or bool(e.key.essential) or e.id in _checked_at(scenario).get(stage.id, ()) \
        or bool(_case_words(scenario).evidence_named[e.id] & reading.text.stems)


@per_object
def _checked_at(scenario: Scenario) -> dict[str, frozenset[str]]:
    """By stage, what its history and partner checks reveal."""
    checks = [a for a in scenario.actions if a.kind in (ActionKind.RECORDS, ActionKind.PARTNER)]
    return {stage.id: frozenset(e for a in checks if not a.stages or stage.id in a.stages for e in a.reveals)
            for stage in scenario.stages}


def _serious_risks(scenario: Scenario, d: Decision, stage: Stage, option: Option, reading: RecordReading,
                   notes: list[str]) -> float:
    """A closure cannot rest on silence about a serious risk it knew of: the record must name it."""
    if not option.outcome.steps_down:
        return 1.0
    known = [scenario.evidence_by_id[e] for e in sorted(d.revealed_before)]
    serious = [e for e in known if e.key.kind is EvidenceKind.RISK and (e.key.severity >= 3 or e.key.blocks_closure)
               and not set(e.key.resolved_by) & d.revealed_before]
    stems = reading.text.stems
    short_words = _case_words(scenario).evidence_named
    unanswered = [e for e in serious if e.id not in d.cites and not short_words[e.id] & stems]
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
            if judged and not record.argues_for_more and decision_credit(option, stage)[1] != "over":
                sheet.cap("risk-recognition", Cap(RI_TOP, why, source="record"))
        elif record.score < UNREASONED:
            # A record that only restates the decision is not oversight (domain.md §6).
            for cid in dict.fromkeys(targets):
                sheet.cap(cid, Cap(RI_TOP, said, source="record"))
        elif record.unfound:
            # A record that rests on what nobody had found states facts nobody gathered: it cannot be relied on.
            why = f"Your record at '{title}' relies on what you had not found: {listed(list(record.unfound))}."
            for cid in dict.fromkeys(targets):
                sheet.cap(cid, Cap(RI_TOP, why, source="record"))


def _unrecorded(title: str, words: int) -> str:
    if not words:
        return f"No rationale was recorded for the decision at '{title}'."
    return f"The record at '{title}' is too short to give any reasons ({words} word{'s' if words > 1 else ''})."


def _summary(title: str, record: RecordReview) -> str:
    if not record.words or record.words < MIN_WORDS:
        return _unrecorded(title, record.words)
    if record.contradiction:
        return f"Your record at '{title}' argues against your own decision: {quoted(record.contradiction)}"
    if record.elsewhere:
        return f"Your record at '{title}' {record.elsewhere}"
    if record.filler:
        return f"Your record at '{title}' could be about any case: {_names_of_case(record.specific_terms)}"
    missing = [q.label for q in record.qualities if not q.present]
    missed_points = [p for p in record.points if not p.made]
    if not missing and not missed_points:
        return f"Your record at '{title}' says what a defensible record says."
    parts = []
    if missing:
        parts.append("does not say " + listed(missing, "or"))
    if missed_points:
        parts.append(f"misses {len(missed_points)} of the {len(record.points)} points the key expects")
    return f"Your record at '{title}' " + " and ".join(parts) + "."


def _names_of_case(specific: tuple[str, ...]) -> str:
    """What a record too general to be about this case names of it (fewer than two of its words)."""
    return "it names nothing of this one." if not specific else "it names next to nothing of this one."
