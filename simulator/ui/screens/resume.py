"""Unfinished cases, offered when the app starts (and on `u` in the library):
resume one where it stopped, abandon it, or leave them for later. And, when a
case's file has changed since it was started, the choice between the version
played and starting again."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal

import attrs
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from simulator.application.history import ResumeOffer, current_version, resumable
from simulator.application.resume import Ready, ScenarioMissing
from simulator.store.records import SessionMode
from simulator.ui import safe
from simulator.ui.history_words import MODE_WORDS, local_time, steps
from simulator.ui.notices import NoticeBar, NoticeHost
from simulator.ui.screens.base import DismissedOnce
from simulator.ui.widgets.footer import AppFooter
from simulator.ui.widgets.pointer import PointerList


@attrs.frozen
class ResumeChoice:
    action: Literal["resume", "abandon"]
    offer: ResumeOffer


def offer_prompt(offer: ResumeOffer) -> Content:
    record = offer.record
    where = offer.stage_title
    facts = [f"started {local_time(record.started_at)}", f"last worked on {local_time(record.updated_at)}",
             steps(record.event_count)]
    if record.mode is SessionMode.SELF_ASSESSMENT:
        facts.append(MODE_WORDS[record.mode])
    lines = [safe.line(record.scenario_title, "bold"), Content("  " + " · ".join(facts))]
    if where:
        lines.append(Content.assemble("  at: ", safe.line(where, "italic")))
    if offer.held_elsewhere:
        lines.append(Content.assemble(("  ! ", "bold $warning"), "open in another window now: carry on there, or "
                                      "leave it there first"))
    if not isinstance(offer.plan, Ready):  # changed, gone, or cannot be replayed: say so before they choose
        lines.append(Content.assemble(("  ! ", "bold $warning"), safe.line(offer.plan.message)))
    return safe.join(lines)


def unfinished_words(offered: int, unfinished: int) -> str:
    """What the dialog says of the cases it offers: every one the trainee left unfinished, or the most recent."""
    kept = "Everything you did was kept"
    if unfinished <= offered:
        return (f"You have {offered} case{'s' * (offered != 1)} you did not finish. {kept}: resume one to carry on "
                "where you left off.")
    return (f"You have {unfinished} cases you did not finish. {kept}. Here are the {offered} you worked on last: "
            "resume one to carry on where you left off. The others come here as you finish or abandon these, and "
            "your history (h) lists them all.")


class ResumeScreen(DismissedOnce, NoticeHost, ModalScreen[ResumeChoice | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "resume", "Resume", tooltip="Carry on with the highlighted case where you left off",
                id="resume.resume"),
        Binding("a", "abandon", "Abandon", tooltip="Stop offering the highlighted case; it stays in your history",
                id="resume.abandon"),
        Binding("escape,l", "later", "Later", tooltip="Go to the library; you will be asked again next time",
                id="resume.later"),
    ]
    AUTO_FOCUS = "#offers"

    def __init__(self, offers: Sequence[ResumeOffer], unfinished: int = 0) -> None:
        """``unfinished``: how many the trainee has, when more than ``offers`` (the most recent of them)."""
        super().__init__(classes="dialog-screen")
        self.offers = list(offers)
        self.unfinished = max(unfinished, len(self.offers))

    def compose(self) -> ComposeResult:
        with Vertical(id="resume", classes="dialog"):
            yield Static("Unfinished cases", classes="title")
            yield Static(unfinished_words(len(self.offers), self.unfinished), markup=False)
            yield PointerList(*[Option(offer_prompt(o), id=str(o.record.id)) for o in self.offers], id="offers")
            with Horizontal(classes="buttons"):
                yield Button("Resume (enter)", id="resume-button", variant="primary", compact=True)
                yield Button("Abandon (a)", id="abandon-button", variant="warning", compact=True)
                yield Button("Later (esc)", id="later-button", compact=True)
            yield NoticeBar()
        yield AppFooter()

    def _highlighted(self) -> ResumeOffer | None:
        index = self.query_one("#offers", OptionList).highlighted
        return None if index is None or index >= len(self.offers) else self.offers[index]

    @on(OptionList.OptionSelected, "#offers")
    @on(Button.Pressed, "#resume-button")
    def action_resume(self) -> None:
        offer = self._highlighted()
        if offer is not None:
            self.dismiss(ResumeChoice("resume", offer))

    @on(Button.Pressed, "#abandon-button")
    def action_abandon(self) -> None:
        from simulator.ui.screens.confirm import ConfirmScreen

        offer = self._highlighted()
        if offer is None:
            return

        def answer(sure: bool | None) -> None:
            if sure:
                self.dismiss(ResumeChoice("abandon", offer))

        self.app.push_screen(ConfirmScreen(
            "Abandon this case?",
            f"{safe.one_line(offer.record.scenario_title)} will no longer be offered. It stays in your history "
            "as abandoned, with everything you did.",
        ), answer)

    @on(Button.Pressed, "#later-button")
    def action_later(self) -> None:
        self.dismiss(None)


ChangedChoice = Literal["recorded", "restart"]


class ScenarioChangedScreen(DismissedOnce, NoticeHost, ModalScreen[ChangedChoice | None]):
    """The case file changed (or went, or cannot be loaded now) since the session started."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('recorded')", "Resume as started",
                tooltip="Carry on with the version of the case you started", id="changed.resume_as_started"),
        Binding("s", "choose('restart')", "Start again", tooltip="Start the case again on its current version",
                id="changed.start_again"),
        Binding("escape", "cancel", "Not now", id="changed.not_now"),
    ]
    AUTO_FOCUS = ".buttons Button"

    def __init__(self, offer: ResumeOffer) -> None:
        super().__init__(classes="dialog-screen")
        self.offer = offer
        self.can_resume = resumable(offer.plan) is not None
        self.can_restart = current_version(offer.plan) is not None

    def compose(self) -> ComposeResult:
        with Vertical(id="scenario-changed", classes="dialog"):
            broken = isinstance(self.offer.plan, ScenarioMissing) and self.offer.plan.broken is not None
            yield Static("This case's file could not be loaded" if broken else "This case has changed",
                         classes="title")
            yield Static(safe.plain(self.offer.plan.message), id="changed-message")
            what = []
            if self.can_resume:
                what.append("Resume as started: carry on with the case exactly as it was when you began; your "
                            "debrief is scored against that version.")
            if self.can_restart:
                what.append("Start again: begin the case afresh on its current version. Your earlier session "
                            "stays in your history as abandoned.")
            if not what:
                what.append("Neither version can be played now. You can abandon it from the list.")
            yield Static("\n".join(what), markup=False, classes="section")
            with Horizontal(classes="buttons"):
                if self.can_resume:
                    yield Button("Resume as started (r)", id="recorded", variant="primary", compact=True)
                if self.can_restart:
                    yield Button("Start again (s)", id="restart", compact=True)
                yield Button("Not now (esc)", id="cancel", compact=True)
            yield NoticeBar()
        yield AppFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            return self.can_resume if parameters == ("recorded",) else self.can_restart
        return True

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("recorded", "restart"):
            self.action_choose(event.button.id)  # type: ignore[arg-type]
        else:
            self.action_cancel()

    def action_choose(self, choice: ChangedChoice) -> None:
        self.dismiss(choice)

    def action_cancel(self) -> None:
        self.dismiss(None)
