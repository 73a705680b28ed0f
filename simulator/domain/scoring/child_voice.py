"""The child seen and heard: seen alone (for a baby, observed apart from the carer) before the last decision,
seen only with a carer, or never seen, where the stages reached offered a way to see them.

Each child of the case counts in their own right (domain.md §6, several children), and who saw them matters:
a teacher hearing a child is not the social worker seeing them (format 2's `by`). The measure is the mean over
the children who could have been seen, held to requires improvement where any of them was seen only with a
carer or not at all.

A decision may see the child too: the plan it starts (a joint ABE interview tomorrow, an assessment seeing the
child alone this week; an option's `sees_child`) counts, once chosen, as an action taken by their social
worker would. An option not chosen counts for nothing: the decision's own credit says whether it was right."""

from __future__ import annotations

from ..engine import SessionState
from ..model import Action, Option, Person, ScenarioKind, SeenBy, SeesChild
from .decisions import decision_credit
from .grades import POOR, RI_TOP
from .naming import plain
from .reach import could_take, last_snapshot
from .sheet import Cap, Measure, Sheet

# How well a child was seen: alone by their social worker, alone by another professional, with a carer.
SEEN = {(SeesChild.ALONE, SeenBy.SOCIAL_WORKER): 1.0, (SeesChild.ALONE, SeenBy.OTHER_PROFESSIONAL): 0.75,
        (SeesChild.WITH_CARER, SeenBy.SOCIAL_WORKER): 0.5, (SeesChild.WITH_CARER, SeenBy.OTHER_PROFESSIONAL): 0.35}
# A child seen only in the plan a decision starts, when their social worker could have seen them alone before
# deciding about them: they will be heard, but nobody heard them before the decisions were made (the educators'
# thin-work transcripts: "Lily not seen before the ABE"). As seen only with a carer.
PLANNED = 0.5


def _chosen_seeing(state: SessionState) -> list[Option]:
    """The options chosen whose plan sees a child."""
    options = (state.scenario.option_by_id[d.option][1] for d in state.decisions)
    return [o for o in options if o.sees_child is not SeesChild.NO]


def child_voice(state: SessionState, sheet: Sheet) -> None:
    scenario = state.scenario
    if len(scenario.children) > 1 or any(a.sees or a.by is not SeenBy.SOCIAL_WORKER for a in scenario.actions):
        _each_child(state, sheet)
        return
    seeing = [a for a in scenario.actions if a.sees_child is not SeesChild.NO and could_take(state, a)]
    chosen = _chosen_seeing(state)
    if not seeing and not chosen:
        _closed_unheard(state, sheet)
        return
    done = last_snapshot(state)
    by_action = {a.sees_child for a in seeing if a.id in done}
    seen = by_action | {o.sees_child for o in chosen}
    if SeesChild.ALONE in by_action:
        sheet.add("child-voice", Measure("child-seen", 1.0, 1.0, "The child was seen, and seen alone."))
        return
    alone = [a.label for a in seeing if a.sees_child is SeesChild.ALONE]
    if SeesChild.ALONE in seen:
        plan = next(o for o in chosen if o.sees_child is SeesChild.ALONE)
        if not alone:
            said = f"The child is seen alone in the plan you chose: '{plain(plan.label)}'."
            sheet.add("child-voice", Measure("child-seen", 1.0, 1.0, said))
            return
        name = plain(scenario.children[0].name).split()[0]
        said = (f"{name} is seen alone only in the plan you chose ('{plain(plan.label)}'); '{plain(alone[0])}' "
                f"would have let you hear {name} before deciding.")
        sheet.add("child-voice", Measure("child-seen", PLANNED, 1.0, said))
        sheet.note("child-voice", said)
        sheet.cap("child-voice", Cap(RI_TOP, said, source="child-seen"))
        return
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


def _sees(step: Action | Option, child: Person, first: Person) -> bool:
    return step.sees_child is not SeesChild.NO and (child.id in step.sees or (not step.sees and child is first))


def _each_child(state: SessionState, sheet: Sheet) -> None:
    """Each child who could have been seen on the stages reached, in their own right."""
    scenario = state.scenario
    first = scenario.children[0]
    done = last_snapshot(state)
    values = []
    unheard: list[str] = []  # children seen only with a carer, or not at all
    unheard_first: list[str] = []  # of those, children seen only in a plan, though they could have been heard sooner
    chosen = _chosen_seeing(state)
    for child in scenario.children:
        within = [a for a in scenario.actions if _sees(a, child, first) and could_take(state, a)]
        planned = [o for o in chosen if _sees(o, child, first)]
        if not within and not planned:
            continue
        taken = [a for a in within if a.id in done]
        alone = next((a for a in within if a.sees_child is SeesChild.ALONE and a.by is SeenBy.SOCIAL_WORKER), None)
        by_plan = max((SEEN[(o.sees_child, SeenBy.SOCIAL_WORKER)] for o in planned), default=0.0)
        if alone is not None:
            by_plan = min(by_plan, PLANNED)
        by_action = max((SEEN[(a.sees_child, a.by)] for a in taken), default=0.0)
        value = max(by_action, by_plan)
        values.append(value)
        name = plain(child.name).split()[0]
        if value <= SEEN[(SeesChild.WITH_CARER, SeenBy.SOCIAL_WORKER)]:
            unheard.append(name)
        if not taken and not planned:
            sheet.note("child-voice", f"{name} was never seen; only adults' accounts of them were recorded.")
        elif by_plan > by_action and value < 1.0 and alone is not None:
            plan = max(planned, key=lambda o: SEEN[(o.sees_child, SeenBy.SOCIAL_WORKER)])
            sheet.note("child-voice", f"{name} is seen only in the plan you chose ('{plain(plan.label)}'); "
                       f"'{plain(alone.label)}' would have let you hear {name} before deciding.")
            unheard_first.append(name)
        elif value < 1.0 and taken:
            best = max(taken, key=lambda a: SEEN[(a.sees_child, a.by)])
            how = ("by another professional, not by their social worker" if best.by is SeenBy.OTHER_PROFESSIONAL
                   else "only with a carer present")
            apart = f"; '{plain(alone.label)}' would have let you see and hear them yourself" if alone else ""
            sheet.note("child-voice", f"{name} was seen {how}{apart}.")
    if not values:
        _closed_unheard(state, sheet)
        return
    seen_well = sum(1 for v in values if v >= 1.0)
    if len(values) == 1:
        said = ("The child was seen alone by their social worker." if seen_well else
                "The child was not seen alone by their social worker.")
    elif seen_well == len(values):
        said = f"Each of the {len(values)} children was seen alone by their social worker."
    else:
        said = (f"{seen_well} of the {len(values)} children who could have been seen were seen alone by their "
                "social worker.")
    sheet.add("child-voice", Measure("child-seen", sum(values) / len(values), 1.0, said))
    if unheard_first and len(values) == 1:
        sheet.cap("child-voice", Cap(RI_TOP, f"{unheard_first[0]} was not heard before the decisions were made.",
                                     source="child-seen"))
    if unheard and len(values) > 1:
        # Each child in their own right: one child heard well does not make up for a brother never heard apart
        # from the adults around him.
        who = " and ".join(unheard)
        sheet.cap("child-voice", Cap(RI_TOP, f"{who} {'was' if len(unheard) == 1 else 'were'} not heard apart from "
                                     "the adults around them."))
