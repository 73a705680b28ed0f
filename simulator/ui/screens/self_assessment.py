"""Self-assessment mode, before the debrief: the trainee grades their own
practice on each criterion the case assessed, on Ofsted's four-point scale.
Their confidence in each decision was asked at the time (Decide events); it
is shown here as a reminder, not asked again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static
from textual.widgets.option_list import Option

from simulator.application.session import Session
from simulator.domain.catalogue import CRITERIA_BY_ID, Grade
from simulator.ui import safe
from simulator.ui.debrief_text import criterion_title
from simulator.ui.grade_words import SHORT_GRADES
from simulator.ui.keymap import key_for
from simulator.ui.screens.base import AboutSession, AppScreen, quitting
from simulator.ui.widgets.pointer import PointerList
from simulator.ui.words import confidence

SCALE: tuple[Grade, ...] = tuple(Grade)  # worst first: key 1 is inadequate, 4 outstanding
SCALE_WORDS = {Grade.INADEQUATE: "Inadequate", Grade.REQUIRES_IMPROVEMENT: "Requires improvement",
               Grade.GOOD: "Good", Grade.OUTSTANDING: "Outstanding"}
TITLE_WIDTH = 28


class RatingList(PointerList):
    """One line per criterion with its four grades; 1-4 (or left/right) set the
    highlighted criterion's grade, shown as `(•)` so it reads without colour."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "rate(0)", "Inadequate", show=False, id="ratings.inadequate"),
        Binding("2", "rate(1)", "Req. improvement", show=False, id="ratings.requires_improvement"),
        Binding("3", "rate(2)", "Good", show=False, id="ratings.good"),
        Binding("4", "rate(3)", "Outstanding", show=False, id="ratings.outstanding"),
        Binding("right", "step(1)", "Higher", show=False, id="ratings.higher"),
        Binding("left", "step(-1)", "Lower", show=False, id="ratings.lower"),
    ]

    def __init__(self, criteria: Sequence[str], *, id: str | None = None) -> None:
        self.criteria = list(criteria)
        self.ratings: dict[str, Grade] = {}
        super().__init__(*self._build(), id=id)

    def _prompt(self, cid: str) -> Content:
        chosen = self.ratings.get(cid)
        title = criterion_title(cid)
        parts: list[Content | tuple[str, str] | str] = [(f"{title[:TITLE_WIDTH]:<{TITLE_WIDTH}}", "bold")]
        # Numbers on the line and the chosen grade in words after them: four
        # grade names side by side would not fit in 80 columns.
        for number, grade in enumerate(SCALE, start=1):
            mark = "(•)" if grade is chosen else "( )"
            parts.append((f" {mark} {number}", "bold" if grade is chosen else ""))
        parts.append(("  " + SHORT_GRADES[chosen], "bold") if chosen is not None else ("  not rated yet", "dim"))
        return Content.assemble(*parts)

    def _build(self) -> list[Option]:
        return [Option(self._prompt(cid), id=cid) for cid in self.criteria]

    def _rebuild(self) -> None:
        highlighted = self.highlighted
        self.set_options(self._build())
        self.highlighted = highlighted

    def set_rating(self, cid: str, grade: Grade) -> None:
        self.ratings[cid] = grade
        self._rebuild()
        self.post_message(RatingList.Changed())

    def action_rate(self, index: int) -> None:
        option = self.highlighted_option
        if option is not None and option.id is not None:
            self.set_rating(option.id, SCALE[index])

    def action_step(self, by: int) -> None:
        option = self.highlighted_option
        if option is None or option.id is None:
            return
        current = self.ratings.get(option.id)
        index = (1 if by > 0 else 2) if current is None else max(0, min(3, current.rank + by))
        self.set_rating(option.id, SCALE[index])

    class Changed(Message):
        """A rating was set."""


class SelfAssessmentScreen(AppScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "done", "See the debrief", tooltip="Keep your ratings and see how the debrief graded you",
                id="self_assessment.done"),
        Binding("escape", "skip", "Skip", tooltip="See the debrief without rating yourself", id="self_assessment.skip"),
    ]
    AUTO_FOCUS = "#ratings"

    class Rated(AboutSession):
        """The trainee's own grades (``ratings``; none if they skipped): on to the debrief."""

        def __init__(self, session: Session, ratings: Mapping[str, Grade]) -> None:
            super().__init__(session)
            self.ratings = ratings

    def __init__(self, session: Session, criteria: Sequence[str]) -> None:
        super().__init__(classes="self-assessment")
        self.session = session
        self.criteria = list(criteria)

    def compose_body(self) -> ComposeResult:
        with Vertical(id="self-assessment"):
            yield Static("Rate your own practice", classes="heading")
            yield Static(
                "Before you see the debrief, grade yourself on each criterion this case assessed, on Ofsted's "
                "four-point scale. Up and down choose a criterion; 1 to 4 (or left and right) set your grade; "
                f"{key_for(self.app, 'self_assessment.done', 'ctrl+s')} when you are done. The debrief then shows "
                "your grade beside its own.",
                markup=False, id="self-intro",
            )
            yield Static("1 Inadequate · 2 Requires improvement · 3 Good · 4 Outstanding", id="scale",
                         markup=False)
            yield RatingList(self.criteria, id="ratings")
            yield Static(id="rated-count")
            with VerticalScroll(id="self-detail", classes="reading"):
                yield Static(id="criterion-help")
                yield Static(self._decisions(), id="confidence-reminder")

    def on_mount(self) -> None:
        if quitting(self):
            return
        self.sub_title = f"Self-assessment: {safe.one_line(self.session.scenario.title)}"
        self._show()

    def _decisions(self) -> Content:
        state = self.session.state
        scenario = state.scenario
        lines = [Content.styled("Your decisions, and how confident you said you were", "bold")]
        for decision in state.decisions:
            stage = scenario.stage_by_id[decision.stage]
            option = scenario.option_by_id[decision.option][1]
            lines.append(Content.assemble("• At ", safe.line(stage.title, "bold"), " you chose ",
                                          safe.line(option.label, "italic"),
                                          f" (confidence: {confidence(decision.confidence)})."))
        if not state.decisions:
            lines.append(Content("You made no decisions."))
        return safe.join(lines)

    @on(RatingList.OptionHighlighted, "#ratings")
    @on(RatingList.Changed)
    def _show(self) -> None:
        ratings = self.query_one("#ratings", RatingList)
        self.query_one("#rated-count", Static).update(
            f"{len(ratings.ratings)} of {len(self.criteria)} criteria rated.")
        option = ratings.highlighted_option
        criterion = CRITERIA_BY_ID.get(option.id or "") if option is not None else None
        if criterion is None:
            self.query_one("#criterion-help", Static).update("")
            return
        self.query_one("#criterion-help", Static).update(safe.join([
            Content.styled(criterion.title, "bold underline"),
            Content.assemble(("Good looks like: ", "bold"), criterion.good),
            Content.assemble(("Inadequate looks like: ", "bold"), criterion.inadequate),
            Content(""),
        ]))

    @property
    def ratings(self) -> Mapping[str, Grade]:
        return dict(self.query_one("#ratings", RatingList).ratings)

    def action_done(self) -> None:
        ratings = self.ratings
        missing = [c for c in self.criteria if c not in ratings]
        if missing:
            safe.notify(self, f"Rate every criterion first: {criterion_title(missing[0])} has no grade yet "
                              f"({len(ratings)} of {len(self.criteria)} rated).", severity="warning")
            ratings_list = self.query_one("#ratings", RatingList)
            ratings_list.highlighted = self.criteria.index(missing[0])
            ratings_list.focus()
            return
        self.post_message(self.Rated(self.session, ratings))

    def action_skip(self) -> None:
        self.post_message(self.Rated(self.session, {}))
