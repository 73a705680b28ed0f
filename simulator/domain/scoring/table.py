"""Which measures feed each criterion: the table a newcomer reads to find where a criterion is scored. Each
measure lives in the module of the same name (``decision`` in decisions.py, ``record`` in records.py ...);
`tests/domain/test_scoring_table.py` checks that the measures a debrief reports are the ones listed here.
"""

from __future__ import annotations

# measure -> module, for the reader
MEASURE_MODULES: dict[str, str] = {
    "decision": "decisions.py",
    "record": "records.py",
    "recognition": "recognition.py",
    "exploitation": "exploitation.py",
    "essential-evidence": "investigation.py",
    "checks": "partners.py",
    "partners": "partners.py",
    "child-seen": "child_voice.py",
    "timescales": "timeliness.py",
}
# Caps (harmful steps, never-events, decisions and records that argue the other way) are listed by the module
# that sets them, in CRITERION_CAPS.

CRITERION_MEASURES: dict[str, tuple[str, ...]] = {
    "front-door": ("decision", "record", "checks", "essential-evidence"),
    "risk-recognition": ("recognition", "essential-evidence"),
    "investigation": ("decision", "essential-evidence"),
    "immediate-protection": ("decision", "essential-evidence"),
    "child-voice": ("child-seen", "decision", "essential-evidence"),
    "partner-information": ("partners", "decision", "essential-evidence"),
    "safe-closure": ("decision", "record", "recognition", "essential-evidence"),
    "exploitation": ("exploitation", "decision", "essential-evidence"),
    "timeliness": ("timescales", "decision", "essential-evidence"),
    "management-oversight": ("record", "decision", "recognition", "essential-evidence"),
    "tools-judgement": ("decision", "record", "essential-evidence"),
    "proportionate-help": ("decision", "essential-evidence"),
}

CRITERION_CAPS: dict[str, tuple[str, ...]] = {
    "risk-recognition": ("decisions.py: a decision that protects less than needed",
                         "records.py: a record that argues the risk away",
                         "recognition.py: flagging nothing, or everything"),
    "management-oversight": ("recognition.py (case audits): marking nothing, or everything",),
    "timeliness": ("timeliness.py: a quick decision that protects less than needed",),
    "*": ("decisions.py: the decision's own grade, on the criteria it counts against",
          "harm.py: a harmful step, on the criterion it breaches",
          "never_events.py: a critical error, on its criterion"),
}

# The inspection failure point a criterion's shortfall shows (domain.md §1), when the criterion is graded below
# good on the deficit side. A criterion tied to a strength shows the failure that losing the strength is:
# immediate protection and exploitation not acted on are risk not recognised. Over-intervention shows none.
CRITERION_FAILURE_POINT: dict[str, str] = {
    "front-door": "front-door",
    "risk-recognition": "risk-not-recognised",
    "investigation": "allegation-not-investigated",
    "immediate-protection": "risk-not-recognised",
    "child-voice": "child-not-heard",
    "partner-information": "partner-information",
    "safe-closure": "premature-closure",
    "exploitation": "risk-not-recognised",
    "timeliness": "delay",
    "management-oversight": "inconsistent-management",
    "tools-judgement": "risk-not-recognised",
}
# Where what held a criterion down shows a different failure point: a decision that protected less and counts
# against timeliness is a plan that drifts, not a clock that ran over (one that intervened more, and that the
# key says delayed help, is delay); a decision that protected less from exploitation is a weak plan against it
# (the risk itself not recognised shows on risk recognition); a record without reasons is oversight that
# cannot be relied on, whichever criterion it feeds, except that one arguing the risk away, which holds risk
# recognition down, is the risk not recognised.
SOURCE_FAILURE_POINT: dict[str, dict[str, str]] = {
    "decision": {"timeliness": "weak-planning", "exploitation": "weak-planning"},
    "decision-over": {"timeliness": "delay"},
    "waiting": {"timeliness": "delay"},
    "record": {"risk-recognition": "risk-not-recognised", "*": "inconsistent-management"},
}
