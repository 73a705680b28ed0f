"""The debrief: the grade and why, the criteria, flagged against key
evidence, the timeline against timescales, the failure point behind the
case and what an experienced reviewer would have done; then retry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from simulator.application.session import Session
from simulator.domain.catalogue import Grade
from simulator.domain.rulebook import timescale_title
from simulator.domain.scoring.grades import score_text
from simulator.domain.scoring.results import Debrief
from simulator.reports.progress import agreement, agreement_line
from simulator.ui import debrief_text, safe
from simulator.ui.grade_words import SHORT_GRADES
from simulator.ui.screens.base import AboutSession, AppScreen, quitting
from simulator.ui.widgets.reading_table import ReadingTable
from simulator.ui.widgets.safe_markdown import SafeMarkdown
from simulator.ui.words import (
    GRADE_WORDS,
    OUTCOME_STYLES,
    OUTCOME_WORDS,
    days,
    duration,
    flag_words,
    key_words,
)


class DebriefScreen(AppScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry", tooltip="Play this case again from the start", id="debrief.retry"),
        Binding("b", "rebranch", "Re-branch", tooltip="Go back to a decision you made and choose differently",
                id="debrief.rebranch"),
        Binding("c", "compare", "Compare", tooltip="This attempt beside the one it was re-branched from",
                id="debrief.compare"),
        Binding("l,escape", "library", "Library", tooltip="Back to the case library", id="debrief.library"),
    ]
    AUTO_FOCUS = "#debrief"

    class Retry(AboutSession):
        """Play the same case again from its start."""

    class Leave(AboutSession):
        """Done with the debrief: on to the reflection, or the library."""

    class Rebranch(AboutSession):
        """Go back to a decision in this session and try another option."""

    class Compare(AboutSession):
        """Show this attempt beside the one it was re-branched from."""

    def __init__(self, session: Session, self_assessment: Mapping[str, Grade] | None = None, *,
                 reflection_follows: bool = False, can_compare: bool = False) -> None:
        """``reflection_follows``: leaving goes to the reflection (the session is stored), not the library.
        ``can_compare``: the session is a stored re-branch of a stored session, so the two can be compared."""
        super().__init__(classes="debrief")
        self.session = session
        self.debrief: Debrief = session.debrief()
        # The trainee's own grades (self-assessment mode), shown beside the debrief's.
        self.self_assessment = dict(self_assessment or {})
        self.reflection_follows = reflection_follows
        self.can_compare = can_compare

    def compose_body(self) -> ComposeResult:
        debrief, state = self.debrief, self.session.state
        with VerticalScroll(id="debrief"):
            yield Static(debrief_text.banner(debrief, state, self.session.trainee), id="banner")
            yield Static(debrief_text.reasons(debrief), id="reasons", classes="section")
            yield Static("Criteria, with your own grade beside each" if self.self_assessment else "Criteria",
                         classes="section-title")
            yield ReadingTable(id="criteria")
            if self.self_assessment:
                scored = {cid: r.grade for cid, r in debrief.criteria.items()}
                yield Static(agreement_line(*agreement(self.self_assessment, scored)), id="self-agreement",
                             markup=False)
            yield Static(debrief_text.findings(debrief), id="findings", classes="section")
            yield Static("What you flagged against the key", classes="section-title")
            yield Static(debrief_text.indicator_summary(debrief, self.session.scenario.kind), id="indicator-summary")
            yield ReadingTable(id="evidence")
            yield Static(debrief_text.decisions(debrief, state), id="decisions", classes="section")
            yield Static("Timeline against timescales", classes="section-title")
            yield ReadingTable(id="timeline")
            yield ReadingTable(id="timescales")
            yield Static(debrief_text.built_around(debrief), id="built-around", classes="section")
            yield Static("What an experienced reviewer would have done", classes="section-title")
            yield Static(debrief_text.reviewer_choices(debrief, state), id="reviewer-choices")
            if debrief.reviewer.strip():
                yield SafeMarkdown(debrief.reviewer, id="reviewer")
            leave = "your reflection, then the library" if self.reflection_follows else "back to the library"
            yield Static(f"r: retry this case from the start · l: {leave}", classes="section dim")
            compare = " · c: compare this attempt with the original" if self.can_compare else ""
            yield Static(f"b: re-branch: go back to a decision and choose differently{compare}", classes="dim")

    def on_mount(self) -> None:
        if quitting(self):
            return
        self.sub_title = f"Debrief: {safe.one_line(self.session.scenario.title)}"
        self._criteria()
        self._evidence()
        self._timeline()

    def _criteria(self) -> None:
        table = self.query_one("#criteria", ReadingTable)
        own = self.self_assessment
        # With the trainee's own grades, their column takes the place of the findings count
        # (the findings are listed below), so the table still fits 80 columns.
        table.add_columns("Criterion", "Grade", "Score", "Your grade" if own else "Findings")
        for cid, result in self.debrief.criteria.items():
            grade = GRADE_WORDS[result.grade] + (" (critical)" if result.critical else "")
            last = Text(SHORT_GRADES[own[cid]] if cid in own else "—", style="bold", end="") if own \
                else Text(str(len(result.findings)), end="")
            table.add_row(
                safe.cell(debrief_text.criterion_title(cid)),
                Text(grade, style="bold", end=""),
                Text(score_text(result.score), end=""),
                last,
            )

    def _evidence(self) -> None:
        table = self.query_one("#evidence", ReadingTable)
        table.add_columns("Evidence", "You flagged", "The key", "Result")
        kind = self.session.scenario.kind
        flags, keys = flag_words(kind), key_words(kind)
        for review in self.debrief.evidence:
            if not review.revealed:
                continue
            table.add_row(
                safe.cell(review.label),
                Text(flags[review.flagged] if review.flagged else "—", end=""),
                Text(keys[review.key.value] + (" (blocks closure)" if review.blocks_closure else ""), end=""),
                Text(OUTCOME_WORDS.get(review.told, review.told),
                     style="bold" if OUTCOME_STYLES.get(review.told, "").startswith("bold") else "", end=""),
            )
        missing = [r for r in self.debrief.evidence if not r.revealed]
        for review in missing:
            table.add_row(safe.cell(review.label, "dim"), Text("—", end=""), Text(keys[review.key.value], end=""),
                          Text(OUTCOME_WORDS["not-found"], style="dim", end=""))

    def _timeline(self) -> None:
        state = self.session.state
        scenario = state.scenario
        table = self.query_one("#timeline", ReadingTable)
        table.add_columns("Day", "Stage", "What you did", "Took")
        rows: list[tuple[float, int, str, str, str]] = []
        for done in state.done:
            stage = scenario.stage_by_id.get(done.stage)
            rows.append((done.started, 0, stage.title if stage else done.stage,
                         scenario.action_by_id[done.action].label, duration(done.finished - done.started)))
        for decision in state.decisions:
            stage = scenario.stage_by_id[decision.stage]
            option = scenario.option_by_id[decision.option][1]
            rows.append((decision.day, 1, stage.title, f"Decided: {option.label}", ""))
        for day, _, stage_title, what, took in sorted(rows, key=lambda r: (r[0], r[1])):
            table.add_row(Text(f"{day:.2f}", end=""), safe.cell(stage_title), safe.cell(what), Text(took, end=""))
        scales = self.query_one("#timescales", ReadingTable)
        scales.add_columns("Stage", "Timescale", "Allowed", "Taken", "Result")
        for timing in self.debrief.timings:
            stage = scenario.stage_by_id.get(timing.stage)
            scales.add_row(
                safe.cell(stage.title if stage is not None else timing.label),
                safe.cell(timing.label if stage is None else timescale_title(self.debrief.rulebook, timing.timescale)),
                Text(days(timing.limit), end=""),
                Text(days(timing.taken), end=""),
                Text("NOT DONE" if timing.not_done else "IN TIME" if timing.within else "LATE", style="bold", end=""),
            )
        scales.display = bool(self.debrief.timings)

    def action_retry(self) -> None:
        self.post_message(self.Retry(self.session))

    def action_library(self) -> None:
        self.post_message(self.Leave(self.session))

    def action_rebranch(self) -> None:
        self.post_message(self.Rebranch(self.session))

    def action_compare(self) -> None:
        self.post_message(self.Compare(self.session))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.can_compare if action == "compare" else True
