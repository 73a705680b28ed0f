"""What an author previewing a scenario sees behind the case while playing it:
the key of every evidence item and how it comes to light, each option's
credit and where it leads, the never-events that one decision now would
trigger, and the grade the session would get if it ended now.

Everything here is computed from the session state by the engine and the
scoring themselves, so the preview cannot disagree with the debrief.
"""

from __future__ import annotations

import attrs

from .engine import Revealed, SessionState, apply
from .events import Decide, FlagKind
from .model import Evidence, Option, Stage, StageDecision
from .scoring.debrief import critical_errors, score
from .scoring.decisions import decision_credit, option_credit
from .scoring.results import Critical, Debrief


@attrs.frozen
class Armed:
    """A never-event that choosing ``option`` now would trigger."""

    option: str
    rule: str  # the never-event's id, or the built-in `closed-with-blocking-indicator`
    criterion: str
    message: str


@attrs.frozen
class Source:
    """One way an evidence item comes to light."""

    action: str | None  # None: reaching a stage reveals it
    stages: tuple[str, ...]  # the stage reached, or where the action is open (empty: every stage)


@attrs.frozen
class EvidencePreview:
    evidence: Evidence
    revealed: Revealed | None
    flag: FlagKind | None
    sources: tuple[Source, ...]
    within_reach: bool  # an action still open at the current stage would reveal it


@attrs.frozen
class OptionPreview:
    option: Option
    decision: StageDecision  # which of the stage's decisions it answers (a stage's only one, most often)
    base_credit: float  # from the verdict or the votes
    credit: float  # what the debrief would credit, after the ordered scale's caps
    direction: str  # best, under, over or level, as the scoring words it
    leads_to: str
    ends_case: bool
    armed: tuple[Armed, ...]
    open_now: bool  # its `when` holds (format 2): the trainee can choose it now


@attrs.frozen
class Preview:
    stage: Stage | None
    evidence: tuple[EvidencePreview, ...]
    options: tuple[OptionPreview, ...]
    triggered: tuple[Critical, ...]  # never-events already triggered by what was decided
    debrief: Debrief  # the session scored as if it ended now


def armed_never_events(state: SessionState) -> tuple[Armed, ...]:
    """Per option of the current stage, the never-events that choosing it now would trigger, given what
    has been revealed and done: each option is decided on a copy of the state and scored."""
    stage = state.current_stage
    if state.finished or stage is None:
        return ()
    already = {c.rule for c in critical_errors(state)}
    armed: list[Armed] = []
    for decision in state.pending_decisions():
        for option in state.open_options(decision):
            after = apply(state, Decide(stage=stage.id, option=option.id, decision=decision.id or None))
            armed.extend(Armed(option.id, c.rule, c.criterion, c.message)
                         for c in critical_errors(after) if c.rule not in already)
    return tuple(armed)


def evidence_sources(state: SessionState, evidence_id: str) -> tuple[Source, ...]:
    scenario = state.scenario
    found = [Source(None, (s.id,)) for s in scenario.stages if evidence_id in s.reveals]
    found += [Source(a.id, a.stages) for a in scenario.actions if evidence_id in a.reveals]
    return tuple(found)


def evidence_preview(state: SessionState) -> tuple[EvidencePreview, ...]:
    """Every evidence item, revealed or not, in the file's order."""
    revealed = {r.evidence: r for r in state.revealed}
    open_now = {e for a in state.available_actions() for e in a.reveals}
    return tuple(
        EvidencePreview(e, revealed.get(e.id), state.flags.get(e.id), evidence_sources(state, e.id),
                        e.id not in revealed and e.id in open_now)
        for e in state.scenario.evidence
    )


def option_preview(state: SessionState) -> tuple[OptionPreview, ...]:
    stage = state.current_stage
    if state.finished or stage is None:
        return ()
    armed = armed_never_events(state)
    endings = state.scenario.ending_by_id
    previews = []
    for decision in stage.decision_list:
        for option in decision.options:
            credit, direction = decision_credit(option, stage)
            leads = stage.leads(option) or ""
            previews.append(OptionPreview(option, decision, option_credit(option, stage), credit, direction, leads,
                                          leads in endings, tuple(a for a in armed if a.option == option.id),
                                          state.holds(option.when)))
    return tuple(previews)


def preview(state: SessionState) -> Preview:
    return Preview(
        stage=state.current_stage,
        evidence=evidence_preview(state),
        options=option_preview(state),
        triggered=critical_errors(state),
        debrief=score(state),
    )
