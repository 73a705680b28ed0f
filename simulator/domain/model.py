"""The scenario as frozen attrs classes.

Field docs (``metadata["doc"]``) feed the JSON Schema and the format guide,
so they are written for trainers.
"""

from __future__ import annotations

import enum
import functools
from typing import Any

import attrs

from .catalogue import Difficulty, Outcome

# The formats this version reads, oldest first; the last is the newest. A format 1 file is read by format 1's
# rules, whatever a later format adds (docs/scenario-format.md says what each adds).
FORMAT_VERSIONS = (1, 2)
FORMAT_VERSION = FORMAT_VERSIONS[-1]


def field(doc: str, **kwargs: Any) -> Any:
    return attrs.field(metadata={"doc": doc}, **kwargs)


class ScenarioKind(enum.StrEnum):
    REFERRAL = "referral"
    CASE_AUDIT = "case-audit"


class EvidenceKind(enum.StrEnum):
    RISK = "risk"
    PROTECTIVE = "protective"
    NEUTRAL = "neutral"
    # A legal status ("this is private fostering"): neither risk nor strength, it changes what the law requires.
    STATUS = "status"


class SeenBy(enum.StrEnum):
    SOCIAL_WORKER = "social-worker"
    OTHER_PROFESSIONAL = "other-professional"


class SeesChild(enum.StrEnum):
    NO = "no"
    WITH_CARER = "with-carer"
    ALONE = "alone"


class ActionKind(enum.StrEnum):
    PARTNER = "partner"
    RECORDS = "records"
    FAMILY = "family"
    CHILD = "child"
    MANAGEMENT = "management"
    TOOL = "tool"
    OTHER = "other"


class Verdict(enum.StrEnum):
    BEST = "best"
    ACCEPTABLE = "acceptable"
    POOR = "poor"
    WRONG = "wrong"

    @property
    def credit(self) -> float:
        return _VERDICT_CREDIT[self]


# Each verdict's credit sits in the grade band it names: best outstanding, acceptable good, poor requires
# improvement, wrong inadequate (docs/scoring.md).
_VERDICT_CREDIT = {Verdict.BEST: 1.0, Verdict.ACCEPTABLE: 0.75, Verdict.POOR: 0.5, Verdict.WRONG: 0.0}


class TwinAttribute(enum.StrEnum):
    """The one thing twin cases differ in (``twins.attribute``)."""

    NAMES = "names"
    ETHNICITY = "ethnicity"
    RELIGION = "religion"
    LANGUAGE = "language"
    FAMILY_STRUCTURE = "family-structure"
    PARENT_GENDER = "parent-gender"
    CLASS_MARKERS = "class-markers"


# Every enum a scenario file can hold, for the readers and writers of the format.
MODEL_ENUMS: tuple[type[enum.Enum], ...] = (
    Outcome, Difficulty, ScenarioKind, EvidenceKind, SeesChild, SeenBy, ActionKind, Verdict, TwinAttribute,
)
# Conditions (`when:`) are lists of these, all of which must hold: `FACT` (the fact is set), `not FACT`,
# `chose OPTION` (that option was chosen earlier), `not chose OPTION`.
CONDITION_DOC = ("Conditions that must all hold: a fact id (set), `not FACT`, `chose OPTION` (that option was "
                 "chosen earlier) or `not chose OPTION`.")


@attrs.frozen(kw_only=True)
class Person:
    id: str = field("Short slug naming this person, e.g. `jade`.")
    name: str = field("Fictional name.")
    role: str = field("Who they are in the case: `subject child`, `mother`, `mother's partner` ...")
    age: str = field("Age as the file would record it: `15`, `4 months`, `34`.", default="")
    notes: str = field("What is known about them (Markdown).", default="")
    child: bool = field(
        "A child of the case (format 2): each is to be seen and heard in their own right. When nobody is marked, "
        "the first person is the child.",
        default=False,
    )


@attrs.frozen(kw_only=True)
class Referral:
    source: str = field("Who made the contact: `school`, `police`, `health visitor` ...")
    received: str = field("When it arrived, as a date or a day and time.")
    text: str = field("The contact as received (Markdown).")


@attrs.frozen(kw_only=True)
class ChronologyEntry:
    date: str = field("When it happened.")
    text: str = field("What happened and what was done.")
    source: str = field("Who recorded it.", default="")


@attrs.frozen(kw_only=True)
class Document:
    id: str = field("Short slug naming this document.")
    title: str = field("Document title.")
    source: str = field("The agency that wrote it.")
    text: str = field("The document (Markdown).")


@attrs.frozen(kw_only=True)
class CaseFile:
    referral: Referral = field("The contact that opens the case.")
    people: tuple[Person, ...] = field("People in the case; the first is the subject child.")
    household: str = field("Who lives where, and the household's situation (Markdown).", default="")
    chronology: tuple[ChronologyEntry, ...] = field("Earlier contacts, oldest first.", default=())
    documents: tuple[Document, ...] = field("Documents from agencies, on file from the start.", default=())


@attrs.frozen(kw_only=True)
class EvidenceKey:
    kind: EvidenceKind = field(
        "What an experienced reviewer would flag it as: `risk`, `protective` or `neutral`; or `status` (format 2), a "
        "legal status such as \"this is private fostering\", which changes what the law requires and is neither."
    )
    category: str = field(
        "Indicator category: `exploitation`, `missing`, `domestic-abuse`, `neglect`, `physical-harm`, "
        "`sexual-harm`, `mental-health`, `substance-misuse`, `disguised-compliance`, `cumulative-harm`, "
        "`behaviour`, `harmful-practices` (FGM, breast ironing, forced marriage), `legal-status` or `general`.",
        default="general",
    )
    severity: int = field(
        "How much it weighs, from 1 (low) to 3 (high): for a risk how serious, for a protective factor how strong.",
        default=1,
    )
    blocks_closure: bool = field("Closing the case while this is known is unsafe.", default=False)
    resolved_by: tuple[str, ...] = field(
        "Evidence ids any of which, once known, answers this so that it no longer blocks closure "
        "(e.g. the return-home interview).",
        default=(),
    )
    essential: tuple[str, ...] = field(
        "Criteria for which finding this before deciding is essential, e.g. `[investigation]`.", default=()
    )
    explanation: str = field("Why the key says so; shown in the debrief.", default="")
    bears_on: tuple[str, ...] = field(
        "Stage ids where this item, though neither risk nor strength (a procedure, legal advice, a legal status), "
        "bears on the decision, so citing it there is relevant (format 2).",
        default=(),
    )


@attrs.frozen(kw_only=True)
class Evidence:
    id: str = field("Short slug naming this evidence item.")
    source: str = field("Where it comes from: `school safeguarding log`, `police`, `GP` ...")
    text: str = field("What the trainee reads once it is revealed (Markdown).")
    key: EvidenceKey = field("The answer key for this item; never shown to the trainee while playing.")
    label: str = field(
        "A short neutral name for lists, e.g. `Attendance this term` (default: the start of the text).", default=""
    )

    @functools.cached_property
    def short(self) -> str:
        """The label, or the text's first sentence cut to a list's width."""
        if self.label:
            return " ".join(self.label.split())
        first = " ".join(self.text.split())
        for stop in (". ", "; ", "\n"):
            first = first.split(stop)[0]
        return first if len(first) <= 70 else first[:67].rstrip() + "..."


@attrs.frozen(kw_only=True)
class Action:
    id: str = field("Short slug naming this action.")
    label: str = field("What the trainee does, as a button would say it.")
    cost: float = field("Simulated working days it takes (0.25 is two hours).")
    reveals: tuple[str, ...] = field("Evidence ids it reveals.", default=())
    stages: tuple[str, ...] = field("Stage ids where it is available; empty means every stage.", default=())
    kind: ActionKind = field(
        "What sort of action: `partner`, `records`, `family`, `child`, `management`, `tool` or `other`.",
        default=ActionKind.OTHER,
    )
    sees_child: SeesChild = field("Whether the child is seen: `no`, `with-carer` or `alone`.", default=SeesChild.NO)
    sees: tuple[str, ...] = field(
        "Which children it sees, by person id (format 2; default: the first child).", default=()
    )
    by: SeenBy = field(
        "Who sees them: `social-worker` (default) or `other-professional` (a teacher, a nurse): a child heard by "
        "someone else still needs to be seen by their social worker.",
        default=SeenBy.SOCIAL_WORKER,
    )
    sets: tuple[str, ...] = field(
        "Facts it makes true when taken (format 2): consent given, a referral made, the family alerted.", default=()
    )
    when: tuple[str, ...] = field(f"When it is available (format 2). {CONDITION_DOC}", default=())


@attrs.frozen(kw_only=True)
class OptionKey:
    verdict: Verdict | None = field(
        "The key's verdict: `best`, `acceptable`, `poor` or `wrong`. Give this or `votes`.", default=None
    )
    votes: int | None = field("Expert-panel votes for this option. Give this or `verdict`.", default=None)
    feedback: str = field("Why; shown in the debrief.", default="")
    counts_against: tuple[str, ...] = field(
        "Criteria this option counts against when it is not the best, if not the usual ones: an option that "
        "protects less than the best counts against the stage's `scores`; one that intervenes more counts "
        "against `proportionate-help` only.",
        default=(),
    )


@attrs.frozen(kw_only=True)
class Option:
    id: str = field("Short slug naming this option; unique in the whole file.")
    label: str = field("The decision as the trainee sees it.")
    outcome: Outcome = field(
        "Where it sits on the ordered scale: `close`, `universal`, `early-help`, `child-in-need`, `section-47`, "
        "`immediate-protection` (case audits: `endorse`, `return-to-worker`, `escalate`). In format 2 a `route` "
        "gives it."
    )
    next: str | None = field(
        "The stage or ending this decision leads to (format 2: by default the next stage in the file, or the first "
        "ending after the last stage; in a stage with several decisions, the stage's `next` unless an option says).",
        default=None,
    )
    elapses: float = field("Working days that pass before the next stage opens.", default=0.0)
    key: OptionKey = field("The answer key for this option (format 2: `verdict` and `feedback` may sit on the option).")
    route: str | None = field(
        "The legal route it takes (format 2), from docs/routes.md: `private-fostering-assessment`, "
        "`fgm-protection-order`, `section-20-accommodation`, `police-report-only`, `return-to-parent` ... The route "
        "gives its place on the ordered scale unless `outcome` says otherwise.",
        default=None,
    )
    sets: tuple[str, ...] = field("Facts it makes true when chosen (format 2).", default=())
    when: tuple[str, ...] = field(f"When it is open (format 2). {CONDITION_DOC}", default=())
    sees_child: SeesChild = field(
        "Whether the plan it starts sees the child, as an action would: `no` (default), `with-carer` or `alone` (a "
        "joint ABE interview tomorrow; an assessment that sees the child alone this week). Chosen, it counts for "
        "the child seen and heard.", default=SeesChild.NO
    )
    sees: tuple[str, ...] = field(
        "Which children its plan sees, by person id (format 2; default: the first child).", default=()
    )


@attrs.frozen(kw_only=True)
class RecordPoint:
    id: str = field("Short slug naming the point.")
    says: str = field("The point in your words; the debrief shows it, with the trainee's sentence that made it.")
    terms: tuple[str, ...] = field(
        "What a record must mention to make the point: each entry is one idea, its alternatives separated by "
        "`|`, e.g. `[bruise|mark, not mobile|4 months|cannot move]`. Every idea must be written, not negated, in "
        "one sentence or two neighbouring ones. Words match by stem (`bruise` finds bruising and bruised)."
    )
    options: tuple[str, ...] = field(
        "Option ids this point belongs to; empty means it belongs to whichever option is chosen.", default=()
    )


@attrs.frozen(kw_only=True)
class RecordKey:
    points: tuple[RecordPoint, ...] = field(
        "Points a defensible record of this decision makes (domain.md §6: what is known and from whom, the risks "
        "weighed against the strengths, the threshold, the plan, what would change it, and this case's own).",
        default=(),
    )
    wrong: tuple[RecordPoint, ...] = field(
        "Points that would be wrong to make here, e.g. that a plausible explanation settles a bruise on a baby.",
        default=(),
    )


@attrs.frozen(kw_only=True)
class Variant:
    when: tuple[str, ...] = field(CONDITION_DOC)
    text: str = field("The text to show instead, when the conditions hold (Markdown).")


@attrs.frozen(kw_only=True)
class StageDecision:
    """One of several decisions taken at one stage (format 2): a plan with a route for each child, say."""

    id: str = field("Short slug naming this decision; unique in the stage.")
    label: str = field("What is being decided, as the trainee sees it: `Route for Jade`.")
    about: str | None = field("The person it is about, by id (a child of the case).", default=None)
    options: tuple[Option, ...] = field("The options for this decision (at least two).")
    scores: tuple[str, ...] = field("Criteria it is scored against (default: the stage's `scores`).", default=())
    record: RecordKey = field("The points a defensible record of this decision makes (as a stage's `record`).",
                              factory=RecordKey)


@attrs.frozen(kw_only=True)
class Stage:
    id: str = field("Short slug naming this stage.")
    title: str = field("Stage title: `Contact`, `Strategy discussion`, `Closure review` ...")
    narrative: str = field("What the trainee is told on reaching this stage (Markdown).")
    reveals: tuple[str, ...] = field("Evidence ids revealed on reaching this stage.", default=())
    timescale: str | None = field(
        "Rulebook timescale the decision is held to: `referral-decision`, `strategy-discussion`, "
        "`immediate-protection`, `assessment`, `core-assessment`, `initial-conference`, `review-conference`.",
        default=None,
    )
    scores: tuple[str, ...] = field(
        "Criteria this stage's decision is scored against (format 2: by default from its options' places on the "
        "scale).",
        default=(),
    )
    options: tuple[Option, ...] = field("The decisions open to the trainee (at least two).", default=())
    record: RecordKey = field(
        "Answer key for the trainee's written record of this decision: the points it should and should not make.",
        factory=RecordKey,
    )
    decisions: tuple[StageDecision, ...] = field(
        "Several decisions taken together here (format 2), instead of `options`: each with its own options and key; "
        "the stage is left once all are made.",
        default=(),
    )
    next: str | None = field(
        "Where a stage with several decisions leads, unless a chosen option's `next` says (format 2).", default=None
    )
    variants: tuple[Variant, ...] = field(
        "Other narratives, each shown instead when its conditions hold (format 2): the first that holds is shown.",
        default=(),
    )

    # Derived, so never stored or compared; cached, as scoring asks for them many times a transcript.
    @functools.cached_property
    def decision_list(self) -> tuple[StageDecision, ...]:
        """The stage's decisions: its `decisions`, or the one its `options` make (whose id is "")."""
        if self.decisions:
            return self.decisions
        return (StageDecision(id="", label=self.title, options=self.options, scores=self.scores,
                              record=self.record),)

    @functools.cached_property
    def all_options(self) -> tuple[Option, ...]:
        return tuple(o for d in self.decision_list for o in d.options)

    def leads(self, option: Option) -> str | None:
        """Where choosing ``option`` here can lead: its own `next`, or the stage's."""
        return option.next or self.next

    @property
    def targets(self) -> tuple[str, ...]:
        """Every stage or ending this stage can lead to."""
        found = [t for o in self.all_options if (t := self.leads(o))]
        return tuple(dict.fromkeys(found))


@attrs.frozen(kw_only=True)
class Ending:
    id: str = field("Short slug naming this ending.")
    title: str = field("A short title.")
    text: str = field("What happened next (Markdown).")
    variants: tuple[Variant, ...] = field(
        "Other texts, each shown instead when its conditions hold (format 2): the first that holds is shown.",
        default=(),
    )


@attrs.frozen(kw_only=True)
class NeverEvent:
    id: str = field("Short slug naming the never-event.")
    criterion: str = field("The criterion it breaches.")
    message: str = field("Why it is a critical error; shown in the debrief.")
    if_chosen: tuple[str, ...] = field(
        "Option ids that trigger it; empty means it is checked when the case ends.", default=()
    )
    if_revealed: tuple[str, ...] = field(
        "Evidence ids that must all be known at that point for it to trigger.", default=()
    )
    unless_done: tuple[str, ...] = field("Action ids any of which, taken before that point, prevents it.", default=())
    unless_chosen: tuple[str, ...] = field(
        "Option ids any of which, chosen before that point, prevents it: a decision that does what the actions "
        "would have (an option whose plan sees the child).", default=()
    )
    when: tuple[str, ...] = field(f"Conditions that must also hold at that point (format 2). {CONDITION_DOC}",
                                  default=())


@attrs.frozen(kw_only=True)
class Fact:
    id: str = field("Short slug naming the fact: `consent-given`, `family-alerted`.")
    label: str = field("What it means, as the case file would say it once it is true.")


@attrs.frozen(kw_only=True)
class Clock:
    """A timescale the case is held to beyond its stages' own (format 2)."""

    id: str = field("Short slug naming the clock.")
    label: str = field("What it times, as the debrief says it: `private fostering visit to Jade`.")
    timescale: str | None = field("A rulebook timescale, e.g. `private-fostering-visit` (7 working days).",
                                  default=None)
    days: float | None = field("Or a number of working days.", default=None)
    by_day: float | None = field("Or a fixed day on the case's clock: the flight is on working day 12.", default=None)
    starts: str | None = field(
        "What starts it: an evidence id (when it comes to light), a fact (when set), an action (when taken) or a "
        "stage (when reached). Leave it out for the start of the case.",
        default=None,
    )
    start_day: float = field(
        "For a clock running from before the case opens, the day it started: `-15` for an assessment already 15 "
        "working days old.",
        default=0.0,
    )
    stops: str = field("What stops it: an action (taken), a stage (reached), a fact (set) or an evidence id (found).")
    about: str | None = field("The person it is about, by id.", default=None)


@attrs.frozen(kw_only=True)
class HarmfulAction:
    id: str = field("Short slug naming the harm.")
    action: str = field("The action that harms.")
    before: str | None = field(
        "An action or stage id: the action harms only when taken before that action is taken, or before that "
        "stage is reached (e.g. ringing the alleged abuser before the strategy discussion). Empty: always.",
        default=None,
    )
    criterion: str = field("The criterion it breaches.")
    message: str = field("Why it harms; shown in the debrief.")
    never_event: bool = field("Whether it is a critical error that caps the case at inadequate.", default=False)


@attrs.frozen(kw_only=True)
class AnswerKey:
    never_events: tuple[NeverEvent, ...] = field("Critical errors that cap the case at inadequate.", default=())
    limiting: tuple[str, ...] = field(
        "Criteria which, graded inadequate, make the whole case inadequate.", default=()
    )
    feedback: dict[str, str] = field("Feedback per criterion id, shown in the debrief.", factory=dict)
    reviewer: str = field("What an experienced reviewer would have done (Markdown).", default="")
    harmful: tuple[HarmfulAction, ...] = field(
        "Actions that do harm, at any time or before another step (domain.md §6: tipping off, a family "
        "interpreter, an examination without medical cause, repeated interviews).",
        default=(),
    )
    synonyms: dict[str, tuple[str, ...]] = field(
        "Words trainees use for the words in your record points, e.g. `{strangled: [choked, hands round her "
        "neck]}`; they add to the built-in thesaurus.",
        factory=dict,
    )


@attrs.frozen(kw_only=True)
class Twin:
    """One of a scenario's twins: the case as one family, differing from its twin only in the text given here."""

    id: str = field("Short slug naming this twin, e.g. `clarke`; trainers see it in the cohort report, trainees "
                    "never do.")
    label: str = field("Who the family is in this twin, for trainers: `White British family, the Clarkes`.")
    text: dict[str, str] = field(
        "What `((key))` stands for in this twin, for every key the case's text uses: `{surname: Clarke, "
        "mother: Donna}`. Every twin gives the same keys.",
    )


@attrs.frozen(kw_only=True)
class Twins:
    """Twin cases (format 2): one case told of two or more families that differ in one attribute only, so that a
    cohort can see whether its decisions change when only that does (docs/authoring.md)."""

    attribute: TwinAttribute = field(
        "The one attribute the twins differ in: `names`, `ethnicity`, `religion`, `language`, `family-structure`, "
        "`parent-gender` or `class-markers`."
    )
    question: str = field("What the pair asks, for the cohort report: `Is neglect recognised as readily in a "
                          "Roma family?`", default="")
    each: tuple[Twin, ...] = field("The twins, at least two; a session draws one at random.")


@attrs.frozen(kw_only=True)
class Scenario:
    format: int = field("Format version: `1`, or `2` for what docs/scenario-format.md says format 2 adds.")
    id: str = field("Short slug naming the scenario, unique in a library.")
    title: str = field("Title shown in the library.")
    summary: str = field("One or two sentences for the library (Markdown).")
    kind: ScenarioKind = field("`referral` (default) or `case-audit`.", default=ScenarioKind.REFERRAL)
    failure_points: tuple[str, ...] = field("Inspection failure points and strengths the case is built around.")
    difficulty: Difficulty = field("`introductory`, `intermediate` or `advanced` (format 2 default: intermediate).")
    minutes: int = field("Roughly how long a trainee needs (format 2 default: 15).")
    author: str = field("Who wrote it.", default="")
    rulebook: str = field(
        "Guidance the case is played under: `working-together-2023` (default) or `working-together-2010`.",
        default="working-together-2023",
    )
    levels: tuple[str, ...] | None = field(
        "Your area's four names for the levels of need, least to most intensive.", default=None
    )
    case: CaseFile = field("The case file as the trainee first sees it.")
    evidence: tuple[Evidence, ...] = field("Everything that can come to light.")
    actions: tuple[Action, ...] = field("What the trainee can do to find things out.")
    stages: tuple[Stage, ...] = field("Decision points; the first is where the case starts.")
    endings: tuple[Ending, ...] = field("How the case can end.")
    key: AnswerKey = field("The rest of the answer key.", factory=AnswerKey)
    facts: tuple[Fact, ...] = field("Facts that actions and decisions can make true (format 2).", default=())
    clocks: tuple[Clock, ...] = field("Timescales beyond the stages' own (format 2).", default=())
    twins: Twins | None = field(
        "Twin cases (format 2): the text a trainee reads may say `((key))` where the twins differ, and each twin "
        "says what it stands for. A session draws one twin at random.",
        default=None,
    )

    @functools.cached_property
    def children(self) -> tuple[Person, ...]:
        """The children of the case: the people marked `child`, or the first person."""
        marked = tuple(p for p in self.case.people if p.child)
        return marked or self.case.people[:1]

    @functools.cached_property
    def person_by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.case.people}

    @functools.cached_property
    def fact_by_id(self) -> dict[str, Fact]:
        return {f.id: f for f in self.facts}

    # Lookups are derived, so they are never stored or compared.
    @functools.cached_property
    def evidence_by_id(self) -> dict[str, Evidence]:
        return {e.id: e for e in self.evidence}

    @functools.cached_property
    def action_by_id(self) -> dict[str, Action]:
        return {a.id: a for a in self.actions}

    @functools.cached_property
    def stage_by_id(self) -> dict[str, Stage]:
        return {s.id: s for s in self.stages}

    @functools.cached_property
    def ending_by_id(self) -> dict[str, Ending]:
        return {e.id: e for e in self.endings}

    @functools.cached_property
    def option_by_id(self) -> dict[str, tuple[Stage, Option]]:
        return {o.id: (s, o) for s in self.stages for o in s.all_options}

    @functools.cached_property
    def decision_of_option(self) -> dict[str, StageDecision]:
        return {o.id: d for s in self.stages for d in s.decision_list for o in d.options}

    @functools.cached_property
    def revealers(self) -> dict[str, tuple[str, ...]]:
        """Evidence id to the actions that reveal it."""
        found: dict[str, list[str]] = {}
        for a in self.actions:
            for e in a.reveals:
                found.setdefault(e, []).append(a.id)
        return {e: tuple(ids) for e, ids in found.items()}

    def actions_at(self, stage_id: str) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if not a.stages or stage_id in a.stages)

    @property
    def first_stage(self) -> Stage:
        return self.stages[0]
