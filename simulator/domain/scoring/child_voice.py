"""The child seen and heard: seen alone (for a baby, observed apart from the carer) before the last decision,
seen only with a carer, or never seen, where the stages reached offered a way to see them."""

from __future__ import annotations

from ..engine import SessionState
from ..model import ScenarioKind, SeesChild
from .decisions import decision_credit
from .grades import POOR
from .naming import plain
from .reach import could_take, last_snapshot
from .sheet import Measure, Sheet


def child_voice(state: SessionState, sheet: Sheet) -> None:
    scenario = state.scenario
    seeing = [a for a in scenario.actions if a.sees_child is not SeesChild.NO and could_take(state, a)]
    if not seeing:
        _closed_unheard(state, sheet)
        return
    done = last_snapshot(state)
    seen = {a.sees_child for a in seeing if a.id in done}
    if SeesChild.ALONE in seen:
        sheet.add("child-voice", Measure("child-seen", 1.0, 1.0, "The child was seen, and seen alone."))
        return
    alone = [a.label for a in seeing if a.sees_child is SeesChild.ALONE]
    if SeesChild.WITH_CARER in seen:
        apart = f"; '{plain(alone[0])}' would have let them be seen and heard apart from their carer" if alone else ""
        said = f"The child was seen only with a carer present{apart}."
        sheet.add("child-voice", Measure("child-seen", 0.5, 1.0, said))
        sheet.note("child-voice", said)
    else:
        said = "The child was never seen; only adults' accounts were recorded."
        sheet.add("child-voice", Measure("child-seen", 0.0, 1.0, said))
        sheet.note("child-voice", said)


def _closed_unheard(state: SessionState, sheet: Sheet) -> None:
    """A case closed by a poor or wrong decision before the child could be seen was closed without the child
    being heard: the closure is what kept them unheard."""
    scenario = state.scenario
    if scenario.kind is ScenarioKind.CASE_AUDIT or not state.finished or not state.decisions:
        return
    last = state.decisions[-1]
    stage, option = scenario.option_by_id[last.option]
    credit, _ = decision_credit(option, stage)
    ever_seen = any(a.sees_child is not SeesChild.NO for a in scenario.actions)
    if option.outcome.steps_down and credit < POOR and ever_seen:
        said = "The case was closed without the child being seen or heard."
        sheet.add("child-voice", Measure("child-seen", 0.0, 1.0, said))
        sheet.note("child-voice", said)
