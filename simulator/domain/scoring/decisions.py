"""Decisions against the key, by the direction of the error (domain.md §6).

A decision's credit comes from the key's verdict or from panel votes. Where the option sits on the ordered
scale against the key's best decides what it counts against: one that protects less than the best counts
against the criteria its stage scores (the child was left less safe); one that intervenes more counts against
proportionate help alone, and against nothing it did not harm. An option's `counts_against` in the key can
name other criteria. The full paragraph about a decision (the key's feedback, what a reviewer would choose)
is in the debrief's decisions section; criteria carry one sentence each.
"""

from __future__ import annotations

from ..catalogue import ROUTES_BY_ID, Outcome
from ..engine import SessionState
from ..memo import per_object
from ..model import Option, Stage, StageDecision
from .grades import POOR, RI_TOP, cap_for
from .naming import decided_at, plain
from .results import DecisionReview, RecordReview
from .sheet import Cap, Measure, Sheet, Side

DECISION_WEIGHT = 2.0
CRITICAL_DECISION = 0.0  # a decision that was a critical error counts as a wrong one
UNDER_PROTECTION_STEP = 0.25  # each step below the key's best option caps credit this much lower
OVER_INTERVENTION_STEP = 0.1  # over-intervention costs less than under-protection
PROPORTIONATE_HELP = "proportionate-help"
FRONT_DOOR = "front-door"
OVERSIGHT = "management-oversight"
# More intervention than the case needed is not proportionate help, whatever the option's verdict.
OVER_HELP_CAP = RI_TOP
# Recognition drives risk recognition: a decision never props it up, though one that left the child less
# safe holds it down.
RECOGNITION = "risk-recognition"


Where = Stage | StageDecision  # a stage's only decision, or one of its several


def group_of(option: Option, where: Where) -> tuple[Option, ...]:
    """The options ``option`` was chosen among: its decision's."""
    if isinstance(where, StageDecision):
        return where.options
    return next((d.options for d in where.decision_list if any(o.id == option.id for o in d.options)),
                where.all_options)


def _credit(option: Option, group: tuple[Option, ...]) -> float:
    if option.key.verdict is not None:
        return option.key.verdict.credit
    top = max((o.key.votes or 0) for o in group)
    return (option.key.votes or 0) / top if top else 0.0


def option_credit(option: Option, where: Where) -> float:
    """The key's credit for an option, before the asymmetry caps."""
    return _credit(option, group_of(option, where))


@per_object
def _best(group: tuple[Option, ...]) -> tuple[Option, ...]:
    credits = [_credit(o, group) for o in group]
    top = max(credits)
    return tuple(o for o, c in zip(group, credits, strict=True) if c == top)


def best_options(where: Where) -> tuple[Option, ...]:
    """The key's best options for a decision (for a stage, its first decision)."""
    return _best(where.options if isinstance(where, StageDecision) else where.decision_list[0].options)


def decision_credit(option: Option, where: Where) -> tuple[float, str]:
    """Credit for choosing ``option``, and whether it sits under, over or at the key's best on the ordered
    scale (``best``, ``under``, ``over``, ``level``)."""
    group = group_of(option, where)
    best = _best(group)
    base = _credit(option, group)
    if option in best:
        return base, "best"
    low, high = min(o.outcome.rank for o in best), max(o.outcome.rank for o in best)
    rank = option.outcome.rank
    if rank < low:
        return min(base, 1 - UNDER_PROTECTION_STEP * (low - rank)), "under"
    if rank > high:
        return min(base, 1 - OVER_INTERVENTION_STEP * (rank - high)), "over"
    if _removes(option) and not any(_removes(o) for o in best):
        # At the same level of protection, taking the child from their carers where the best route protects
        # without removal (an FGM Protection Order, a written plan) is the more intrusive choice.
        return min(base, 1 - OVER_INTERVENTION_STEP), "over"
    return base, "level"


def _removes(option: Option) -> bool:
    route = ROUTES_BY_ID.get(option.route or "")
    return route is not None and route.removes


SAFE_CLOSURE = "safe-closure"
CLOSING = frozenset({Outcome.CLOSE, Outcome.UNIVERSAL})


def scores_of(stage: Stage, option: Option) -> tuple[str, ...]:
    """The criteria a decision at ``stage`` choosing ``option`` is scored against: its decision's `scores`, or
    the stage's."""
    for d in stage.decision_list:
        if any(o.id == option.id for o in d.options):
            return d.scores or stage.scores
    return stage.scores


def credit_below_poor(option: Option, stage: Stage) -> bool:
    return decision_credit(option, stage)[0] < POOR


def counts_against(option: Option, stage: Stage, direction: str) -> tuple[str, ...]:
    """The criteria a decision that is not the best counts against. Over-intervention harms proportionate
    help; at the front door it is also the wrong level of need, and in a case audit a manager's decision is
    the management oversight itself."""
    if direction == "best":
        return ()
    if option.key.counts_against:
        return option.key.counts_against
    scores = scores_of(stage, option)
    if direction != "over":
        # A decision that left the child less safe did not see the risk for what it was.
        seen = (RECOGNITION,) if credit_below_poor(option, stage) and not option.outcome.audit else ()
        # Closing (or signposting away) a case that needed more is closing it too early, wherever it happens.
        closed = (SAFE_CLOSURE,) if direction == "under" and option.outcome in CLOSING else ()
        return tuple(dict.fromkeys((*scores, *seen, *closed)))
    also = [c for c in (FRONT_DOOR,) if c in scores]
    if option.outcome.audit:
        also.append(OVERSIGHT)
    return (PROPORTIONATE_HELP, *also)


_REFERRAL_DIRECTION = {
    "best": "the key's best decision",
    "level": "a defensible decision at the right level, though not the best",
    "under": "which protects the child less than the situation needed",
    "over": "which intervenes more than the situation needed",
}
_AUDIT_DIRECTION = {
    "best": "the key's best decision",
    "level": "a defensible decision, though not the best",
    "under": "which accepts practice the record does not support",
    "over": "which escalates further than the record needed",
}


def direction_words(option: Option, direction: str, credit: float) -> str:
    """How a decision stands against the key, in words: "the key's best decision", "which intervenes more than
    the situation needed" ..."""
    words = (_AUDIT_DIRECTION if option.outcome.audit else _REFERRAL_DIRECTION)[direction]
    if direction == "level" and credit < POOR:
        words = f"at the right level, but the key rates it {'wrong' if credit < 0.45 else 'poor'}"
    return words


def summary(where: str, option: Option, direction: str, credit: float) -> str:
    words = direction_words(option, direction, credit)
    joint = ": " if direction in ("best", "level") else ", "
    return f"At '{where}' you chose '{plain(option.label)}'{joint}{words}."


def decisions(state: SessionState, sheet: Sheet, records: tuple[RecordReview, ...],
              critical_options: frozenset[str] = frozenset()) -> tuple[DecisionReview, ...]:
    """Each decision onto the sheet; ``critical_options`` are the options whose choosing was a critical error:
    whatever the key's verdict, what such a decision counts against is held at inadequate."""
    scenario = state.scenario
    reviews = []
    for d, record in zip(state.decisions, records, strict=True):
        stage, option = scenario.option_by_id[d.option]
        credit, direction = decision_credit(option, stage)
        if d.option in critical_options and direction != "best":
            credit = min(credit, CRITICAL_DECISION)
        against = counts_against(option, stage, direction)
        where = decided_at(scenario, stage, option.id)
        said = summary(where, option, direction, credit)
        for cid in dict.fromkeys((*scores_of(stage, option), *against)):
            # Over-intervention costs proportionate help (and, by default, the front door's level of need and an
            # audit's oversight); anything else the key names as harmed by it (a child left without help while
            # an assessment ran) is harm done, as any other.
            side = Side.OVER if direction == "over" and (
                cid == PROPORTIONATE_HELP or not option.key.counts_against) else Side.DEFICIT
            source = "decision-over" if direction == "over" else "decision"
            if cid in against:
                value, limit = credit, cap_for(credit)
                if direction == "over" and cid == PROPORTIONATE_HELP:
                    value, limit = min(credit, OVER_HELP_CAP), min(limit, OVER_HELP_CAP)
                if cid != RECOGNITION:
                    sheet.add(cid, Measure("decision", value, DECISION_WEIGHT, said, side))
                if limit < 1.0:
                    sheet.cap(cid, Cap(limit, said, side, source))
                    sheet.note(cid, said, side)
            elif cid != RECOGNITION:
                # Best, or not harmed by an over-intervention: the decision did what this criterion asks.
                unharmed = said if direction == "best" else (
                    f"At '{where}' your decision ('{plain(option.label)}') did not leave this short, "
                    "though it intervened more than needed.")
                sheet.add(cid, Measure("decision", 1.0 if direction != "best" else credit, DECISION_WEIGHT, unharmed))
                if direction == "best" and credit < 0.9:
                    sheet.cap(cid, Cap(cap_for(credit), said, source="decision"))
        reviews.append(DecisionReview(
            d.stage, d.option, option.outcome, round(credit, 4),
            tuple(o.id for o in best_options(scenario.decision_of_option[d.option])),
            direction, option.key.feedback, d.rationale, d.confidence, d.day, against, record,
        ))
    return tuple(reviews)
