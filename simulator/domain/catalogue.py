"""The inspection's vocabulary as data: failure points, strengths, criteria,
the ordered scale of outcomes and Ofsted's grades (domain.md sections 1-3).

Ids here are a contract: scenario files and results use them verbatim.
"""

from __future__ import annotations

import enum

import attrs


@attrs.frozen
class FailurePoint:
    id: str
    text: str
    strength: bool = False
    name: str = ""  # a few words, for a list or a filter; `text` says it whole


FAILURE_POINTS: tuple[FailurePoint, ...] = (
    FailurePoint("risk-not-recognised", "Risk to children was poorly recognised; not every risk was explored.",
                 name="Risk poorly recognised"),
    FailurePoint("allegation-not-investigated", "Some allegations were not thoroughly investigated.",
                 name="Allegations not investigated"),
    FailurePoint(
        "premature-closure",
        "Cases were closed too early, including where a child might be at risk of sexual exploitation.",
        name="Closed too early",
    ),
    FailurePoint(
        "front-door",
        "The handling of contacts and referrals was weak; audits at the referral stage missed inconsistent practice.",
        name="Weak front door",
    ),
    FailurePoint("delay", "Assessments started late; there were delays for children.", name="Delay"),
    FailurePoint(
        "inconsistent-management",
        "Managers' decisions were inconsistent; frontline oversight could not be relied on at every point.",
        name="Inconsistent management",
    ),
    FailurePoint("weak-planning", "Child-in-need plans were missing, vague, or poorly reviewed.", name="Weak plans"),
    FailurePoint("child-not-heard", "Children and families were not always asked for their views.",
                 name="Child not heard"),
    FailurePoint(
        "partner-information",
        "Information from other agencies (schools above all) was of poor quality and not always sought.",
        name="Poor information from partners",
    ),
    FailurePoint(
        "immediate-risk-response",
        "Where a child was at immediate risk of harm, action was prompt and effective.",
        strength=True,
        name="Prompt action on immediate risk",
    ),
    FailurePoint(
        "cse-planning",
        "Once a young person was identified as at risk of sexual exploitation, planning was robust.",
        strength=True,
        name="Robust exploitation planning",
    ),
    FailurePoint(
        "older-children-support",
        "Support that kept older children away from anti-social behaviour was generally good.",
        strength=True,
        name="Good support for older children",
    ),
)
FAILURE_POINT_IDS: frozenset[str] = frozenset(f.id for f in FAILURE_POINTS)
FAILURE_POINTS_BY_ID: dict[str, FailurePoint] = {f.id: f for f in FAILURE_POINTS}


@attrs.frozen
class Criterion:
    id: str
    title: str
    good: str
    inadequate: str
    failure_point: str | None


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "front-door",
        "Front-door decision",
        "Decision within one working day; level of need and route stated with reasons; partner and history checks.",
        "No decision, or closed with no further action without checks or history.",
        "front-door",
    ),
    Criterion(
        "risk-recognition",
        "Risk recognition",
        "Every indicator and the chronology weighed; cumulative harm considered.",
        "Only the presenting incident seen; history ignored.",
        "risk-not-recognised",
    ),
    Criterion(
        "investigation",
        "Allegations investigated",
        "Strategy discussion with police and health on reasonable cause to suspect significant harm; enquiry planned.",
        "Allegation handled as a lesser case, or closed on the parent's word.",
        "allegation-not-investigated",
    ),
    Criterion(
        "immediate-protection",
        "Response to immediate risk",
        "Same-day protective action, such as a paediatric examination for a bruised non-mobile baby.",
        "Parent's explanation accepted; no medical.",
        "immediate-risk-response",
    ),
    Criterion(
        "child-voice",
        "The child seen and heard",
        "Child seen, and seen alone where appropriate; wishes and daily life recorded.",
        "Child not seen; only the parent's view recorded.",
        "child-not-heard",
    ),
    Criterion(
        "partner-information",
        "Information from partners",
        "School, health and police consulted; conflicting accounts reconciled.",
        "Relies on a single source, or on the parent.",
        "partner-information",
    ),
    Criterion(
        "safe-closure",
        "Safe closure and step-down",
        "Closes only on evidence that risk has reduced; active handover; exploitation or missing flags block closure.",
        "Premature closure, for example after the family disengages or seems to comply.",
        "premature-closure",
    ),
    Criterion(
        "exploitation",
        "Exploitation and missing",
        "Exploitation and missing-episode signs spotted; return-home interview; plan to disrupt.",
        "Treated as a lifestyle choice.",
        "cse-planning",
    ),
    Criterion(
        "timeliness",
        "Timeliness and planning",
        "Work starts promptly and keeps to statutory timescales; plans specific and reviewed.",
        "Delayed start; no plan, or a vague one.",
        "delay",
    ),
    Criterion(
        "management-oversight",
        "Management oversight",
        "Decisions and their reasons recorded at key points; drift challenged.",
        "Decisions made alone with no rationale recorded.",
        "inconsistent-management",
    ),
    Criterion(
        "tools-judgement",
        "Tools used with judgement",
        "Risk tools scored correctly; judgement overrides a reassuring score when the facts demand.",
        "Scores misread; the tool used instead of thinking.",
        None,
    ),
    Criterion(
        "proportionate-help",
        "Proportionate help",
        "Targeted support below the statutory threshold.",
        "Over-escalation, or no help at all.",
        "older-children-support",
    ),
)
CRITERION_IDS: tuple[str, ...] = tuple(c.id for c in CRITERIA)

# Which criteria exercise each failure point or strength.
FAILURE_POINT_CRITERIA: dict[str, tuple[str, ...]] = {
    "risk-not-recognised": ("risk-recognition", "exploitation", "tools-judgement"),
    "allegation-not-investigated": ("investigation",),
    "premature-closure": ("safe-closure",),
    "front-door": ("front-door",),
    "delay": ("timeliness",),
    "inconsistent-management": ("management-oversight",),
    "weak-planning": ("timeliness", "proportionate-help", "safe-closure"),
    "child-not-heard": ("child-voice",),
    "partner-information": ("partner-information",),
    "immediate-risk-response": ("immediate-protection",),
    "cse-planning": ("exploitation",),
    "older-children-support": ("proportionate-help",),
}
CRITERIA_BY_ID: dict[str, Criterion] = {c.id: c for c in CRITERIA}


class Outcome(enum.StrEnum):
    """Decision outcomes on the ordered scale, least to most intensive.

    The case-audit outcomes sit on a scale of their own.
    """

    CLOSE = "close"
    UNIVERSAL = "universal"
    EARLY_HELP = "early-help"
    CHILD_IN_NEED = "child-in-need"
    SECTION_47 = "section-47"
    IMMEDIATE_PROTECTION = "immediate-protection"
    ENDORSE = "endorse"
    RETURN_TO_WORKER = "return-to-worker"
    ESCALATE = "escalate"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def steps_down(self) -> bool:
        """Closing or stepping below statutory involvement. (Endorsing in an audit may endorse a plan as
        well as a closure, so audits name the endorsement that closes in a never-event.)"""
        return self in (Outcome.CLOSE, Outcome.UNIVERSAL)

    @property
    def escalates(self) -> bool:
        """Statutory involvement or more; in an audit, sending the case back or up."""
        return self in (Outcome.CHILD_IN_NEED, Outcome.SECTION_47, Outcome.IMMEDIATE_PROTECTION,
                        Outcome.RETURN_TO_WORKER, Outcome.ESCALATE)

    @property
    def audit(self) -> bool:
        return self in (Outcome.ENDORSE, Outcome.RETURN_TO_WORKER, Outcome.ESCALATE)


_RANK = {
    Outcome.CLOSE: 0,
    Outcome.UNIVERSAL: 1,
    Outcome.EARLY_HELP: 2,
    Outcome.CHILD_IN_NEED: 3,
    Outcome.SECTION_47: 4,
    Outcome.IMMEDIATE_PROTECTION: 5,
    Outcome.ENDORSE: 0,
    Outcome.RETURN_TO_WORKER: 1,
    Outcome.ESCALATE: 2,
}

OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.CLOSE: "Close (no further action)",
    Outcome.UNIVERSAL: "Universal services",
    Outcome.EARLY_HELP: "Early help",
    Outcome.CHILD_IN_NEED: "Child-in-need assessment (section 17)",
    Outcome.SECTION_47: "Strategy discussion / section 47 enquiry",
    Outcome.IMMEDIATE_PROTECTION: "Immediate protection",
    Outcome.ENDORSE: "Endorse the worker's decision",
    Outcome.RETURN_TO_WORKER: "Return to the worker",
    Outcome.ESCALATE: "Escalate",
}


class Difficulty(enum.StrEnum):
    """A case's level. Here, not in the model, so that the library's first frame can order cases by level
    without building the scenario model's classes."""
    INTRODUCTORY = "introductory"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Grade(enum.StrEnum):
    """Ofsted's four-point scale, worst first."""

    INADEQUATE = "inadequate"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    GOOD = "good"
    OUTSTANDING = "outstanding"

    @property
    def rank(self) -> int:
        return _GRADE_RANK[self]

    @property
    def label(self) -> str:
        return _GRADE_LABELS[self]


_GRADE_RANK = {grade: rank for rank, grade in enumerate(Grade)}


_GRADE_LABELS = {
    Grade.INADEQUATE: "Inadequate",
    Grade.REQUIRES_IMPROVEMENT: "Requires improvement to be good",
    Grade.GOOD: "Good",
    Grade.OUTSTANDING: "Outstanding",
}


@attrs.frozen
class Route:
    """A legal route an option can take (format 2), with its place on the ordered scale: how much protection it
    brings, whatever its legal form. docs/routes.md says what each means in law."""

    id: str
    label: str
    level: Outcome
    law: str
    removes: bool = False  # whether it takes the child from their carers


ROUTES: tuple[Route, ...] = (
    Route("no-further-action", "No further action", Outcome.CLOSE, "No statutory duty is engaged."),
    Route("return-to-parent", "Return the child to a parent's care", Outcome.UNIVERSAL,
          "The parent's parental responsibility (Children Act 1989 s2); no order is needed for a child to go home."),
    Route("police-report-only", "Report to the police only", Outcome.UNIVERSAL,
          "A crime report, including the FGM mandatory report (FGM Act 2003 s5B): it does not in itself start "
          "child safeguarding procedures."),
    Route("signpost", "Signpost to universal services", Outcome.UNIVERSAL, "No statutory duty is engaged."),
    Route("early-help", "Early help", Outcome.EARLY_HELP, "Working Together: help below the statutory threshold, "
          "with the family's consent."),
    Route("child-in-need-assessment", "Child and family assessment (section 17)", Outcome.CHILD_IN_NEED,
          "Children Act 1989 s17: a child in need, assessed within 45 working days."),
    Route("written-agreement", "A written agreement with the family", Outcome.CHILD_IN_NEED,
          "No statutory power: the family agree (to hand over passports, to keep a child from someone) and may "
          "withdraw at any time; it binds no one else. Useful inside a plan, never a substitute for an order."),
    Route("private-fostering-assessment", "Private fostering assessment and visits", Outcome.CHILD_IN_NEED,
          "Children Act 1989 ss66-67 and the Children (Private Arrangements for Fostering) Regulations 2005: the "
          "council is notified, sees the child within 7 working days, then at least every 6 weeks in the first "
          "year."),
    Route("section-20-accommodation", "Accommodation by agreement (section 20)", Outcome.IMMEDIATE_PROTECTION,
          "Children Act 1989 s20: the child is looked after with the agreement of those with parental "
          "responsibility, who may remove them at any time.", removes=True),
    Route("strategy-discussion", "Strategy discussion (section 47)", Outcome.SECTION_47,
          "Children Act 1989 s47 and Working Together: reasonable cause to suspect significant harm."),
    Route("section-47-enquiry", "Section 47 enquiry", Outcome.SECTION_47, "Children Act 1989 s47."),
    Route("child-protection-conference", "Initial child protection conference", Outcome.SECTION_47,
          "Working Together: within 15 working days of the strategy discussion."),
    Route("fgm-protection-order", "FGM Protection Order", Outcome.IMMEDIATE_PROTECTION,
          "FGM Act 2003 s5A and Schedule 2: a court order that can stop a girl being taken abroad (her passport "
          "surrendered) without removing her from home."),
    Route("forced-marriage-protection-order", "Forced Marriage Protection Order", Outcome.IMMEDIATE_PROTECTION,
          "Family Law Act 1996 Part 4A: protects without removal."),
    Route("police-protection", "Police protection", Outcome.IMMEDIATE_PROTECTION,
          "Children Act 1989 s46: up to 72 hours.", removes=True),
    Route("emergency-protection-order", "Emergency protection order", Outcome.IMMEDIATE_PROTECTION,
          "Children Act 1989 s44: up to 8 days.", removes=True),
    Route("care-proceedings", "Care proceedings", Outcome.IMMEDIATE_PROTECTION,
          "Children Act 1989 s31: the threshold of significant harm attributable to the care given.", removes=True),
)
ROUTES_BY_ID: dict[str, Route] = {r.id: r for r in ROUTES}
