"""Recognition: the trainee's flags against the key, as signal detection over the evidence they revealed.

Risk items are signals; protective and neutral items are noise. The value is the severity-weighted hit rate,
less half the false-alarm rate, with a share for strengths recognised. Flags that do not discriminate show no
recognition: flagging nothing, or flagging almost everything as a risk (strengths included), holds the
criterion at requires improvement at best, whatever the decisions. With nothing flagged, the record's
citations show what recognition there was.

In a case audit the evidence is a colleague's record: a risk flag marks a deficit in it, the measure feeds
management oversight, and sound practice is left unmarked (a protective flag is not required).
"""

from __future__ import annotations

from statistics import NormalDist

import attrs

from ..catalogue import Outcome
from ..engine import SessionState
from ..events import FlagKind
from ..model import EvidenceKind, Scenario, ScenarioKind
from .grades import RI_TOP
from .naming import named, plain
from .results import EvidenceReview, Indicators
from .sheet import Cap, Measure, Sheet

RECOGNITION_WEIGHT = 1.5
FALSE_ALARM_PENALTY = 0.5
PROTECTIVE_SHARE = 0.15
# "Flagging everything": at least this share of the revealed non-risk items flagged as risks, with the risks.
INDISCRIMINATE = 0.75
STEP_DOWNS = frozenset({Outcome.CLOSE, Outcome.UNIVERSAL, Outcome.EARLY_HELP, Outcome.ENDORSE})


@attrs.frozen
class _Words:
    missed: str
    false_alarm: str
    flagged: str  # "flagged ... as risks" / "marked ... as deficits"
    signals: str


_REFERRAL = _Words("Not flagged as a risk", "Flagged as a risk, though the key reads it as", "flagged", "risks")
_AUDIT = _Words("Deficit not marked", "Marked as a deficit, though the key reads it as", "marked", "deficits")


def recognition(state: SessionState, sheet: Sheet) -> tuple[tuple[EvidenceReview, ...], Indicators]:
    scenario = state.scenario
    audit = scenario.kind is ScenarioKind.CASE_AUDIT
    criterion = "management-oversight" if audit else "risk-recognition"
    words = _AUDIT if audit else _REFERRAL
    revealed = state.revealed_ids
    cited = _cited_as_risk(state)
    recognised_weight = 0.0
    hits = misses = false_alarms = protective_hits = protective_other = unflagged = protective_seen = 0
    protective_weight = 0
    signal_weight = hit_weight = 0.0
    reviews = []
    for e in scenario.evidence:
        flag = state.flags.get(e.id)
        kind = e.key.kind
        if e.id not in revealed:
            outcome = "not-found"
        elif kind is EvidenceKind.STATUS:
            outcome = "status"  # a legal status is neither signal nor noise: recognised by what is decided
        elif kind is EvidenceKind.RISK:
            signal_weight += e.key.severity
            if flag is FlagKind.RISK:
                hits += 1
                hit_weight += e.key.severity
                recognised_weight += e.key.severity
                outcome = "hit"
            else:
                misses += 1
                outcome = "miss"
                if e.id in cited:
                    recognised_weight += e.key.severity
                elif e.key.severity >= 2 or e.key.blocks_closure:
                    sheet.note(criterion, f"{words.missed}: {named(e)}. {e.key.explanation}".strip())
        elif flag is FlagKind.RISK:
            false_alarms += 1
            outcome = "false-alarm"
            sheet.note(criterion, f"{words.false_alarm} {kind.value}: {named(e)}. {e.key.explanation}".strip())
        else:
            outcome = "correct-rejection"
            # Format 2 weighs each strength by how strong it is; format 1 counts them.
            strength = e.key.severity if scenario.format >= 2 else 1
            if kind is EvidenceKind.PROTECTIVE:
                protective_seen += strength
            if flag is FlagKind.PROTECTIVE and kind is EvidenceKind.PROTECTIVE:
                protective_hits += 1
                protective_weight += strength
                outcome = "protective-hit"
            elif flag is FlagKind.PROTECTIVE:
                protective_other += 1
            else:
                unflagged += 1
        reviews.append(EvidenceReview(e.id, e.short, kind, e.id in revealed, flag, outcome, e.key.essential,
                                      e.key.blocks_closure, plain(e.key.explanation)))
    noise = false_alarms + protective_hits + protective_other + unflagged
    hit_rate = hit_weight / signal_weight if signal_weight else None
    fa_rate = false_alarms / noise if noise else None
    if hit_rate is not None:
        # What the records rely on as a risk counts as recognised, flagged or not.
        value = recognised_weight / signal_weight - FALSE_ALARM_PENALTY * (fa_rate or 0.0)
        share = 0.0 if audit else PROTECTIVE_SHARE
        if protective_seen and share:
            value = (1 - share) * value + share * protective_weight / protective_seen
        flagged_any = hits + false_alarms > 0
        said = (f"You {words.flagged} {hits} of the {hits + misses} {words.signals} you found"
                + (f" ({hit_rate:.0%} by weight)" if hits + misses and hits < hits + misses else "")
                + (f", and {false_alarms} of the {noise} other items as {words.signals}." if false_alarms
                   else ", and nothing else." if flagged_any else "."))
        # In an audit the same flags say what the manager saw of the risk to the child, where the case
        # scores that too.
        held = [criterion] + (["risk-recognition"] if audit and _scores_recognition(scenario) else [])
        if not flagged_any:
            said = (f"You {words.flagged} nothing as {words.signals}: recognition shows only in what your records "
                    f"rely on ({recognised_weight / signal_weight:.0%} of the {words.signals} you found, by weight).")
            for cid in held:
                sheet.cap(cid, Cap(RI_TOP, said, source="flags"))
        elif fa_rate is not None and noise >= 2 and fa_rate >= INDISCRIMINATE and hit_rate >= INDISCRIMINATE:
            said = (f"You {words.flagged} almost everything you found as {words.signals}, strengths included "
                    f"({false_alarms} of {noise} other items): flags that do not tell risk from strength show no "
                    "recognition.")
            for cid in held:
                sheet.cap(cid, Cap(RI_TOP, said, source="flags"))
        sheet.add(criterion, Measure("recognition", value, RECOGNITION_WEIGHT, said))
    _blockers(state, sheet)
    z = NormalDist().inv_cdf
    d_prime = z((hits + 0.5) / (hits + misses + 1)) - z((false_alarms + 0.5) / (noise + 1))
    indicators = Indicators(hits, misses, false_alarms, noise - false_alarms, protective_hits,
                            None if hit_rate is None else round(hit_rate, 4),
                            None if fa_rate is None else round(fa_rate, 4), round(d_prime, 4),
                            protective_other, unflagged)
    return tuple(reviews), indicators


def _scores_recognition(scenario: Scenario) -> bool:
    return any("risk-recognition" in s.scores for s in scenario.stages) or any(
        "risk-recognition" in e.key.essential for e in scenario.evidence)


def _cited_as_risk(state: SessionState) -> frozenset[str]:
    """Evidence a decision's record relies on as a reason to act: cited at a decision that does not close or
    step down (citing a risk while closing does not show it was seen as one)."""
    scenario = state.scenario
    return frozenset(c for d in state.decisions
                     if not scenario.option_by_id[d.option][1].outcome.steps_down and d.rationale.strip()
                     for c in d.cites if c in d.revealed_before)


def _blockers(state: SessionState, sheet: Sheet) -> None:
    """Closure blockers flagged, for a trainee who closed or stepped down: what made closing safe or unsafe."""
    scenario = state.scenario
    stepping_down = [d for d in state.decisions if scenario.option_by_id[d.option][1].outcome in STEP_DOWNS]
    if not stepping_down:
        return
    revealed = stepping_down[-1].revealed_before
    blockers = [e for e in scenario.evidence if e.key.blocks_closure and e.id in revealed]
    if not blockers:
        return
    cited = {c for d in state.decisions for c in d.cites}
    recognised = [e for e in blockers if state.flags.get(e.id) is FlagKind.RISK or e.id in cited]
    for e in blockers:
        if e not in recognised:
            sheet.note("safe-closure", f"{named(e)} blocks closure, and you did not flag it.")
    said = (f"You flagged {len(recognised)} of the {len(blockers)} items found that block closure."
            if len(recognised) < len(blockers) else "You flagged every item found that blocks closure.")
    sheet.add("safe-closure", Measure("recognition", len(recognised) / len(blockers), 1.0, said))
