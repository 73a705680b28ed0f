"""The case screen: the case file, the evidence so far, the actions open now,
the clock, notes, and the way into the decision.

Every change goes through ``Session.submit``; this screen only shows the
state the engine returns and remembers which evidence the trainee has not
looked at yet. What the app should know (what was looked at, the case is
over, the trainee wants to leave) it posts as a message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, OptionList, Static, TabbedContent, TabPane, TextArea
from textual.widgets.option_list import Option

from simulator.application.drafts import decision_draft
from simulator.application.session import Session, Submitted, stage_clock
from simulator.domain.engine import Refused
from simulator.domain.events import Decide, Event, Flag, FlagKind, Note, TakeAction, Unflag
from simulator.domain.model import ScenarioKind
from simulator.ui import case_text, safe
from simulator.ui.keymap import key_for
from simulator.ui.screens.base import AboutSession, AppScreen, quitting
from simulator.ui.widgets.action_list import ActionList
from simulator.ui.widgets.clock import ClockBar
from simulator.ui.widgets.deferred import Deferred
from simulator.ui.widgets.evidence_list import AuditEvidenceList, EvidenceList
from simulator.ui.widgets.footer import GO_TO
from simulator.ui.words import duration, flag_words

if TYPE_CHECKING:
    from simulator.ui.author.panel import AuthorPanel

TABS = {"stage": "Stage", "evidence": "Evidence", "file": "Case file", "notes": "Notes"}
class CaseCommands(Provider):
    """The current case's actions and evidence, by name."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        screen = self.screen
        if not isinstance(screen, CaseScreen) or screen.session.state.finished:
            return []
        state = screen.session.state
        found: list[tuple[str, str, Callable[[], object]]] = []
        for action in state.available_actions():
            found.append((f"Take action: {safe.one_line(action.label)}", f"costs {duration(action.cost)}",
                          partial(screen.submit, TakeAction(action.id))))
        for revealed in state.revealed:
            evidence = state.scenario.evidence_by_id[revealed.evidence]
            label = safe.one_line(evidence.short)
            words = flag_words(state.scenario.kind)
            found.append((f"Flag as {words[FlagKind.RISK].lower()}: {label}", "r, in the evidence list",
                          partial(screen.submit, Flag(evidence.id, FlagKind.RISK))))
            found.append((f"Flag as {words[FlagKind.PROTECTIVE].lower()}: {label}", "p, in the evidence list",
                          partial(screen.submit, Flag(evidence.id, FlagKind.PROTECTIVE))))
            if evidence.id in state.flags:
                found.append((f"Unflag: {label}", "remove your flag", partial(screen.submit, Unflag(evidence.id))))
        return found

    async def discover(self) -> Hits:
        for text, help_text, run in self._commands():
            yield DiscoveryHit(safe.plain(text), run, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, run in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, safe.highlight(matcher, text), run, text=text, help=help_text)


def style_warm_up() -> list[Widget]:
    """One of each widget type this screen and its dialogs use.

    Textual parses a widget type's default CSS the first time one is mounted;
    mounting these once, hidden, while the trainee reads the library moves
    that work out of the moment a case opens.
    """
    from simulator.ui.widgets.choice_list import ChoiceList

    return [
        TabbedContent(), TabPane("warm"), ActionList(), EvidenceList(), ClockBar(), TextArea(),
        Button(compact=True), ChoiceList([]), VerticalScroll(), Deferred(Static()),
    ]


class CaseScreen(AppScreen):
    COMMANDS: ClassVar = {CaseCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "decide", "Decide", tooltip="Record your decision for this stage", id="case.decide"),
        # One place in the footer for the keys that move about the case, so all of them fit in 80 columns.
        Binding("s", "show_tab('stage')", "Stage", tooltip="Go to the stage and its narrative", id="case.stage",
                group=GO_TO),
        Binding("e", "show_tab('evidence')", "Evidence", tooltip="Go to the evidence found so far",
                id="case.evidence", group=GO_TO),
        Binding("c", "show_tab('file')", "Case file", tooltip="Go to the case file", id="case.file", group=GO_TO),
        Binding("n", "show_tab('notes')", "Notes", tooltip="Go to your notes", id="case.notes", group=GO_TO),
        Binding("a", "focus_actions", "Actions", tooltip="Go to the actions you can take", id="case.actions",
                group=GO_TO),
        Binding("ctrl+s", "save_note", "Save note", tooltip="Keep the note you have written", id="case.save_note"),
        Binding("escape", "leave", "Leave", tooltip="Leave this case and go back to the library", id="case.leave"),
    ]
    AUTO_FOCUS = "#actions"

    class EvidenceSeen(AboutSession):
        """The trainee has looked at more evidence: ``seen`` is all they have looked at."""

        def __init__(self, session: Session, seen: frozenset[str]) -> None:
            super().__init__(session)
            self.seen = seen

    class Finished(AboutSession):
        """The case has ended and the trainee has read what happened: on to the debrief."""

    class LeaveRequested(AboutSession):
        """The trainee asks to leave the case for the library."""

    class DraftChanged(AboutSession):
        """An open decision changed (``kind``: ``decision:<stage>``); ``data`` is all of it, to keep."""

        def __init__(self, session: Session, kind: str, data: Mapping[str, Any]) -> None:
            super().__init__(session)
            self.kind = kind
            self.data = data

    def __init__(self, session: Session, seen: Iterable[str] = (), *, author: bool = False,
                 drafts: Mapping[str, Mapping[str, Any]] | None = None,
                 choose: Mapping[str, str] | None = None) -> None:
        """`seen`: evidence the trainee looked at before (a resumed case), not marked new.
        `author`: show the author preview beside the case.
        `drafts`: decisions begun and not confirmed (a resumed case), by kind, to carry on with.
        `choose`: a re-branch, which opens on the decision with the option to try instead already chosen
        (decision id, "" for a stage's only one, to option id)."""
        super().__init__(classes="case")
        self.session = session
        self.choose = dict(choose or {})
        self.seen: set[str] = set(seen)
        self.author = author
        self.drafts: dict[str, Mapping[str, Any]] = dict(drafts or {})
        self._shown_count = 0

    def compose_body(self) -> ComposeResult:
        # The first frame is built with its content, so opening a case takes
        # one layout rather than one more for each panel filled in on mount.
        state = self.session.state
        clock = stage_clock(state)
        scenario = state.scenario
        listing = AuditEvidenceList if scenario.kind is ScenarioKind.CASE_AUDIT else EvidenceList
        yield ClockBar(clock, id="clock")
        with Horizontal(id="case-body"):
            with Vertical(id="actions-panel"):
                yield Static("Actions · working time", classes="panel-title")
                yield ActionList(*self._action_options(), id="actions")
            with TabbedContent(id="tabs", initial="stage"):
                with TabPane(TABS["stage"], id="stage"), VerticalScroll(classes="reading"):
                    yield Static(case_text.stage_text(state, clock), id="stage-text")
                with TabPane(self._evidence_label(), id="evidence"):
                    yield listing(*self._evidence_options(), id="evidence-list")
                    with VerticalScroll(id="evidence-detail-box", classes="reading"):
                        yield Static(self._detail(state.revealed[-1].evidence if state.revealed else None),
                                     id="evidence-detail")
                # Hidden at first, so mounted after the first frame (Deferred).
                with TabPane(TABS["file"], id="file"):
                    yield Deferred(VerticalScroll(Static(case_text.case_file(scenario), id="case-file"),
                                                  classes="reading"))
                with TabPane(TABS["notes"], id="notes"):
                    save = key_for(self.app, "case.save_note", "ctrl+s")
                    yield Deferred(Vertical(
                        VerticalScroll(
                            Static(self._notes_content(), id="notes-list"),
                            id="notes-box", classes="reading",
                        ),
                        TextArea(id="note", placeholder=f"Write a note, then {save} to keep it (Escape: leave the box)",
                                 soft_wrap=True),
                        Button(f"Save note ({save})", id="save-note", compact=True),
                        id="notes-panel",
                    ))
            if self.author:
                from simulator.ui.author.panel import AuthorPanel

                yield AuthorPanel(self.session)

    def on_mount(self) -> None:
        if quitting(self):
            return
        self.sub_title = safe.one_line(self.session.scenario.title)
        self._shown_count = len(self.session.state.revealed)
        stage = self.session.state.current_stage
        if stage is not None and decision_draft(stage.id) in self.drafts:
            safe.notify(self, "The decision you had begun at this stage is kept as you left it: press d to carry "
                        "on with it.", title="Decision kept")
        self._highlight_first_action(self.query_one("#actions", ActionList), None)
        if self._shown_count:
            self.query_one("#evidence-list", EvidenceList).highlighted = 0
        if self.choose:
            self.call_after_refresh(self.action_decide)

    # --- showing the state ------------------------------------------------

    def refresh_view(self) -> None:
        state = self.session.state
        clock = stage_clock(state)
        self.query_one(ClockBar).clock = clock
        self.query_one("#stage-text", Static).update(case_text.stage_text(state, clock))
        self._refresh_actions()
        self._refresh_evidence()
        self.refresh_bindings()

    def on_author_panel_new_version(self, message: AuthorPanel.NewVersion) -> None:
        if message.switched:
            self.show_new_version()

    def show_new_version(self) -> None:
        """The session now plays a new version of its file (author preview's reload): show it all again."""
        scenario = self.session.scenario
        self.sub_title = safe.one_line(scenario.title)
        for case_file in self.query("#case-file").results(Static):
            case_file.update(case_text.case_file(scenario))
        self.refresh_view()

    def _action_options(self) -> list[Option]:
        state = self.session.state
        clock = stage_clock(state)
        options = [Option(case_text.action_prompt(a, clock), id=a.id) for a in state.available_actions()]
        if not options:
            options.append(Option(Content.styled("Nothing more to do at this stage: press d to decide.", "italic"),
                                  id="none", disabled=True))
        options += [
            Option(case_text.done_prompt(state.scenario, d.action, d.started, d.finished), id=f"done:{d.action}",
                   disabled=True)
            for d in reversed(state.done)
        ]
        return options

    def _refresh_actions(self) -> None:
        actions = self.query_one("#actions", ActionList)
        highlighted = actions.highlighted
        actions.set_options(self._action_options())
        self._highlight_first_action(actions, highlighted)

    @staticmethod
    def _highlight_first_action(actions: ActionList, wanted: int | None) -> None:
        """Keep the highlight where it was, on an action that can still be taken."""
        enabled = [i for i in range(actions.option_count) if not actions.get_option_at_index(i).disabled]
        if not enabled:
            return
        wanted = wanted or 0
        actions.highlighted = wanted if wanted in enabled else enabled[min(wanted, len(enabled) - 1)]

    def _new(self) -> list[str]:
        return [r.evidence for r in self.session.state.revealed if r.evidence not in self.seen]

    def _evidence_options(self) -> list[Option]:
        state = self.session.state
        # Newest first, where the trainee looks.
        return [Option(case_text.evidence_prompt(state, r, r.evidence not in self.seen), id=r.evidence)
                for r in reversed(state.revealed)]

    def _evidence_label(self) -> str:
        count, new = len(self.session.state.revealed), len(self._new())
        return TABS["evidence"] + (f" ({count}, {new} new)" if new else f" ({count})")

    def _refresh_evidence(self) -> None:
        evidence = self.query_one("#evidence-list", EvidenceList)
        highlighted = evidence.highlighted_option.id if evidence.highlighted_option is not None else None
        options = self._evidence_options()
        evidence.set_options(options)
        ids = [o.id for o in options]
        arrived = len(ids) > self._shown_count
        self._shown_count = len(ids)
        # New evidence goes to the top, and the highlight with it; otherwise it stays put.
        if highlighted in ids and not arrived:
            evidence.highlighted = ids.index(highlighted)
        elif ids:
            evidence.highlighted = 0
        self.query_one(TabbedContent).get_tab("evidence").label = self._evidence_label()  # type: ignore[assignment]
        self._show_detail()

    def _detail(self, evidence_id: str | None) -> Content:
        state = self.session.state
        revealed = next((r for r in state.revealed if r.evidence == evidence_id), None)
        if revealed is None:
            return Content("Nothing found yet. Take actions to find things out.")
        return case_text.evidence_detail(state, revealed)

    def _show_detail(self) -> None:
        option = self.query_one("#evidence-list", EvidenceList).highlighted_option
        self.query_one("#evidence-detail", Static).update(self._detail(None if option is None else option.id))

    def _mark_seen(self, evidence_id: str) -> None:
        if evidence_id in self.seen:
            return
        self.seen.add(evidence_id)
        self._refresh_evidence()
        self.post_message(self.EvidenceSeen(self.session, frozenset(self.seen)))

    # --- events from the trainee -----------------------------------------

    def submit(self, event: Event) -> Submitted | None:
        """Send one event through the session; say why if the engine refuses it."""
        try:
            submitted = self.session.submit(event)
        except Refused as refused:
            safe.notify(self, f"Not possible: {refused}", severity="warning")
            return None
        if not self.session.state.finished:
            self.refresh_view()
        return submitted

    @on(OptionList.OptionSelected, "#actions")
    def _take_action(self, event: OptionList.OptionSelected) -> None:
        if event.option_id is None or event.option.disabled:
            return
        action = self.session.scenario.action_by_id[event.option_id]
        submitted = self.submit(TakeAction(action.id))
        if submitted is None:
            return
        found = [self.session.scenario.evidence_by_id[e].short for e in submitted.revealed]
        message = f"{action.label}: took {duration(action.cost)}. "
        message += ("Found: " + "; ".join(safe.one_line(f) for f in found) + ". Press e to see it.") if found \
            else "Nothing new came to light."
        safe.notify(self, message, title="Action taken")

    @on(EvidenceList.FlagRequested)
    def _flag(self, request: EvidenceList.FlagRequested) -> None:
        current = self.session.state.flags.get(request.evidence)
        if request.kind is None or current is request.kind:
            if current is None:
                safe.notify(self, "That item is not flagged.", severity="warning")
                return
            self.submit(Unflag(request.evidence))
        else:
            self.submit(Flag(request.evidence, request.kind))

    @on(OptionList.OptionHighlighted, "#evidence-list")
    def _evidence_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail()
        if event.option_id is not None and self.query_one("#evidence-list").has_focus:
            self._mark_seen(event.option_id)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # in the note, the letter keys are text: the footer says so
        evidence = self.query_one("#evidence-list", EvidenceList)
        if evidence.has_focus and evidence.highlighted_option is not None and evidence.highlighted_option.id:
            self._mark_seen(evidence.highlighted_option.id)

    @on(Button.Pressed, "#save-note")
    def _save_note_pressed(self) -> None:
        self.action_save_note()

    # --- actions ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = isinstance(self.focused, TextArea)
        if action == "save_note":
            return self.query_one(TabbedContent).active == "notes" and typing
        if typing and action in ("decide", "show_tab", "focus_actions"):
            return False  # letters go into the note: the footer shows what works there (ctrl+s, Escape)
        if action == "decide":
            return not self.session.state.finished
        return True

    def action_show_tab(self, tab: str) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = tab
        # Focus what the keys should work on there: the list, the note, or the text to scroll.
        target = {"evidence": "#evidence-list", "notes": "#note"}.get(tab, f"#{tab} VerticalScroll")
        self._focus_when_mounted(target)
        self.refresh_bindings()

    def _focus_when_mounted(self, selector: str, tries: int = 20) -> None:
        """Focus a widget that may still be waiting to be mounted (see Deferred in compose)."""
        found = self.query(selector)
        if found:
            found.first().focus()
        elif tries:
            self.call_after_refresh(self._focus_when_mounted, selector, tries - 1)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def action_focus_actions(self) -> None:
        self.query_one("#actions").focus()

    def action_save_note(self) -> None:
        note = self.query_one("#note", TextArea)
        text = note.text.strip()
        if not text:
            safe.notify(self, "Write something first.", severity="warning")
            return
        if self.submit(Note(text)) is not None:
            note.clear()
            self.query_one("#notes-list", Static).update(self._notes_content())
            # Out of the box once the note is kept, so the case's letter keys work again (n to write another).
            self.set_focus(self.query_one("#notes-box"))
            safe.notify(self, "Note kept. Press n to write another.")

    def _notes_content(self) -> Content:
        """The notes kept so far (a resumed case has them from the store), or what notes are for."""
        notes = self.session.state.notes
        if not notes:
            return Content("No notes yet. Notes are kept with your session; they are not scored.")
        return safe.join([Content.assemble(("• ", "bold"), safe.plain(n)) for n in notes])

    def action_decide(self) -> None:
        from simulator.ui.screens.decision import DecisionScreen

        state = self.session.state
        if state.finished or state.current_stage is None:
            return
        kind = decision_draft(state.current_stage.id)
        draft = self.drafts.get(kind)
        if draft is None and self.choose:
            # A re-branch opens the decision it went back to with the other option chosen: a draft of it.
            draft = {"stage": state.current_stage.id,
                     "parts": [{"decision": d.id or None, "option": self.choose.get(d.id or "")}
                               for d in state.pending_decisions()]}
        self.app.push_screen(DecisionScreen(state, draft, partial(self._draft_changed, kind)), self._decided)

    def _draft_changed(self, kind: str, data: dict[str, Any]) -> None:
        self.drafts[kind] = data
        self.post_message(self.DraftChanged(self.session, kind, data))

    def _decided(self, plan: tuple[Decide, ...] | None) -> None:
        if not plan:
            return
        self.choose = {}  # a re-branch's choice is offered for the decision it went back to only
        submitted = []
        for decision in plan:
            one = self.submit(decision)
            if one is None:
                break  # the engine said why; what went before it is recorded
            submitted.append(one)
        if not submitted:
            return
        self.drafts.pop(decision_draft(decision.stage), None)
        from simulator.ui.screens.outcome import OutcomeScreen

        def carry_on(_: None) -> None:
            if self.session.state.finished:
                self.post_message(self.Finished(self.session))
                return
            # On to the new stage: its narrative on show, the actions ready for keys.
            # Focus moves first, so the screen coming back does not restore focus
            # to a widget in another tab, which would pull that tab forward.
            self.set_focus(self.query_one("#actions"))
            self.query_one(TabbedContent).active = "stage"

        self.app.push_screen(OutcomeScreen(tuple(submitted)), carry_on)

    def action_leave(self) -> None:
        focused = self.focused
        if isinstance(focused, TextArea) or (focused is not None and focused.id == "notes-box"):
            # Escape first leaves the note being written (or just kept), so the letter keys work again.
            self.query_one("#actions").focus()
            return
        self.post_message(self.LeaveRequested(self.session))
