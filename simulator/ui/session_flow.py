"""What follows what for a session, in the order a trainee meets it: opening a case (and recording it from its
first event), the unfinished cases offered on start and resuming one (with the choice when its file has
changed), leaving a case, self-assessment before the debrief, the debrief, the reflection after it, and the
history screen.

Screens post what happened (``CaseScreen.Finished``, ``DebriefScreen.Leave`` ...) and the handlers here decide
what comes next; ``simulator.application.history`` does the storing. The app is built on this class
(``CaseReviewApp(SessionFlow)``), which keeps the app's module about starting up, settings and keys, and
gives the flow the trainee and the library.

The handlers go by their message's name (``on_case_screen_finished``), Textual's other way to handle one,
rather than ``@on(CaseScreen.Finished)``: ``@on`` needs the screen's class when this class is made, and the
case, debrief and history screens are imported only after the first frame (``tests/test_import_contract.py``).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen

from simulator.ui import notices, safe
from simulator.ui.keymap import key_for
from simulator.ui.screens.home import HomeScreen

if TYPE_CHECKING:
    from simulator.application.config import ConfigProblem
    from simulator.application.history import History, ResumeOffer
    from simulator.application.library import Library
    from simulator.application.library_index import Entry
    from simulator.application.reflection import Reflection
    from simulator.application.session import Session
    from simulator.domain.catalogue import Grade
    from simulator.domain.engine import SessionState
    from simulator.scenarios.loader import Loaded
    from simulator.scenarios.problems import Problem
    from simulator.store.errors import StoreError
    from simulator.store.records import CaseTally, SessionRecord
    from simulator.ui.screens.case import CaseScreen
    from simulator.ui.screens.debrief import DebriefScreen
    from simulator.ui.screens.history import HistoryScreen
    from simulator.ui.screens.reflection import ReflectionScreen
    from simulator.ui.screens.resume import ChangedChoice, ResumeChoice
    from simulator.ui.screens.self_assessment import SelfAssessmentScreen

SessionHook = Callable[["Session"], None]


class SessionFlow(App[int]):
    library: var[Library | None] = var(None)  # loaded by the app once the home screen is on show
    # While the files new or changed since the library's index was made are read: (read so far, to read).
    library_reading: var[tuple[int, int] | None] = var(None)
    # The config file's problems, listed in the library with the scenario files that could not be loaded.
    config_problems: var[tuple[ConfigProblem, ...]] = var(())
    # What the trainee has done of each case (done, in progress, last grade), summed up by the store off the UI
    # thread, for the library's marks.
    case_marks: var[Mapping[str, CaseTally]] = var(dict)
    author_mode: var[bool] = var(False)
    # Whether what opening a case needs (the case screen's modules, its widgets' styles) is there: until then
    # the library's table holds back the rows past its first screenful, which would slow getting it.
    warmed_up: var[bool] = var(False)

    def __init__(self, *, scenario_dirs: Iterable[str | os.PathLike[str]] = (), on_session: SessionHook | None = None,
                 db_path: str | os.PathLike[str] | None = None, keep_history: bool = True) -> None:
        # With NO_COLOR, Textual draws in greys unless told the terminal's own colours may be used, and greys
        # can leave a word (a RISK on the highlighted line) the shade of what is under it. Told so, it strips
        # every colour instead: the terminal's own text on its own background, with bold, reverse and the
        # marks and words that carry every state.
        super().__init__(ansi_color=True if os.environ.get("NO_COLOR") is not None else None)
        self.scenario_dirs = tuple(scenario_dirs)
        self.on_session = on_session
        # None: --db was not given, so CASE_REVIEW_DB or the user data folder.
        self.db_path = db_path
        self.keep_history = keep_history
        self.session: Session | None = None
        self.history: History | None = None  # set once the store has been opened (or failed to open)
        # A case opened before the store finished opening (start-up runs in a worker), with its mode:
        # it is recorded, from its first event, as soon as the store is ready.
        self._waiting: tuple[Session, str] | None = None
        self._reflecting_from_history: Session | None = None  # a reflection opened from the history screen
        # Reflections being written when the app last stopped, told of once no dialog is open to hide them.
        self._kept_reflections: list[SessionRecord] = []
        self._ahead: Entry | None = None  # the case to parse ahead: the one highlighted in the library

    @property
    def trainee(self) -> str:
        """The trainee's name, as the app has it from the settings."""
        return ""

    @property
    def exports_as_downloads(self) -> bool:
        """Whether exports go to the browser as downloads (the app is served) rather than to a file."""
        return self.is_web

    # --- notices: on the screen they belong to, never over it (simulator.ui.notices) ---

    def notify(self, message: str, *, title: str = "", severity: notices.Severity = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Textual's own notifications (a screenshot saved, a key clash) go where ours do. Thread-safe."""
        text = Content(message)
        if markup:  # Textual's own strings only: ours come through `safe.notify`, as plain text
            with contextlib.suppress(Exception):
                text = Content.from_markup(message)
        self.post_message(notices.Noticed(notices.make(text, title=title, severity=severity, timeout=timeout)))

    def on_noticed(self, message: notices.Noticed) -> None:
        notices.show(self, message.notice, message.screen)

    def clear_notifications(self) -> None:
        super().clear_notifications()
        notices.clear(self)

    # --- opening and leaving cases ----------------------------------------

    def on_home_screen_open_case(self, message: HomeScreen.OpenCase) -> None:
        library = self.library
        if library is None:
            return
        # Parsed already, as a rule: the highlighted case is read ahead (on_home_screen_highlighted).
        found = library.load(message.entry)
        if isinstance(found, list):
            self.case_unloadable(message.entry, found)
            return
        self.open_case(found, message.mode)

    def on_home_screen_highlighted(self, message: HomeScreen.Highlighted) -> None:
        """Parse the case Enter would open while the trainee reads its summary, once the frame that shows it
        is painted (a thread running while a frame is built slows the frame)."""
        self._ahead = message.entry
        if self.library is not None and self.library.loaded(message.entry) is None:
            self.call_after_refresh(self._read_ahead, self.library, message.entry)

    @work(thread=True, group="read-ahead")
    def _read_ahead(self, library: Library, entry: Entry) -> None:
        # Only the case still highlighted: the cursor may have moved on through several while this waited.
        if entry is self._ahead:
            library.load(entry)

    def case_unloadable(self, entry: Entry, problems: Sequence[Problem]) -> None:
        """The file changed since the library was listed and no longer loads: say why, and list the library
        again, where it now shows among the files that could not be loaded."""
        first = problems[0] if problems else None
        why = f" ({first.message}, line {first.line})" if first is not None else ""
        safe.notify(self, f"'{safe.one_line(entry.title)}' could not be opened: its file has changed and no longer "
                    f"loads{why}. The library has been read again.", title="Case not opened", severity="error",
                    timeout=safe.PROBLEM_TIMEOUT)
        self.reload_library()

    def reload_library(self) -> None:
        """Read the library again (the app loads it)."""

    def open_case(self, loaded: Loaded, mode: str = "standard") -> None:
        """Start a new session on a scenario (``mode``: standard or self-assessment) and show its case screen."""
        self.push_screen(self._case_screen(self._new_session(loaded, mode=mode)))

    def jump_to_stage(self, loaded: Loaded, stage_id: str) -> None:
        """Author preview: a fresh session at ``stage_id``, in place of the current case screen."""
        self.switch_screen(self._case_screen(self._new_session(loaded, start_stage=stage_id)))
        safe.notify(self, f"Author jump to {loaded.scenario.stage_by_id[stage_id].title}: a fresh try-out at day 0, "
                    "not an attempt; it is not kept in the history.", title="Author preview", severity="warning")

    def on_debrief_screen_retry(self, message: DebriefScreen.Retry) -> None:
        """Play the same scenario again from its start, in place of the debrief."""
        session = message.session
        mode = self.history.mode(session) if self.history is not None else "standard"
        self.switch_screen(self._case_screen(self._new_session(session.loaded, mode=mode)))

    def _case_screen(self, session: Session, seen: Iterable[str] = (),
                     drafts: Mapping[str, Mapping[str, object]] | None = None,
                     choose: Mapping[str, str] | None = None) -> CaseScreen:
        from simulator.ui.screens.case import CaseScreen

        return CaseScreen(session, seen, author=self.author_mode, drafts=drafts, choose=choose)

    @property
    def twins_on(self) -> bool:
        """Whether each new session of a twin case draws a twin at random (trainers can turn it off)."""
        return True

    def _new_session(self, loaded: Loaded, start_stage: str | None = None, mode: str = "standard") -> Session:
        from simulator.application.session import Session
        from simulator.application.twins import draw_twin

        # A twin case draws its twin unseen; an author's jump is a try-out and draws none.
        twin = draw_twin(loaded.scenario, enabled=self.twins_on) if start_stage is None else ""
        return self._begin_session(Session(loaded, self.trainee, start_stage=start_stage, twin=twin), mode)

    def _begin_session(self, session: Session, mode: str = "standard") -> Session:
        """Make ``session`` the one being played, and record it from its first event."""
        self.session = session
        # An author's jump is a try-out, not an attempt: nothing about it is recorded.
        if self.on_session is not None and not session.author_jump:
            self.on_session(session)
        if self.keep_history and not session.author_jump:
            self._record(session, mode)
        return session

    def _record(self, session: Session, mode: str) -> None:
        """Record a newly opened case from its first event."""
        history = self.history
        if history is None:
            self._waiting = (session, mode)
            return
        recording = history.begin(session, mode)
        if mode == "self-assessment":
            unsaved = "" if recording is not None else " (The history is not available, so they are not saved.)"
            safe.notify(self, "Before the debrief you grade your own practice on each criterion, then see your "
                        f"grades beside the debrief's.{unsaved}", title="Self-assessment mode")

    def on_case_screen_draft_changed(self, message: CaseScreen.DraftChanged) -> None:
        """Keep the decision being made as it is made: a crash or a kill loses none of it."""
        if self.history is not None:
            self.history.save_draft(message.session, message.kind, dict(message.data))

    def on_case_screen_evidence_seen(self, message: CaseScreen.EvidenceSeen) -> None:
        """Keep what the trainee has looked at, so a resumed case marks only the rest as new."""
        if self.history is not None:
            self.history.save_seen_evidence(message.session, message.seen)

    def on_case_screen_leave_requested(self, message: CaseScreen.LeaveRequested) -> None:
        from simulator.ui.screens.confirm import ConfirmScreen

        def leave(sure: bool | None) -> None:
            if sure:
                self.back_to_library()

        self.push_screen(ConfirmScreen("Leave this case?", self._leave_detail(message.session)), leave)

    def _leave_detail(self, session: Session) -> str:
        """What leaving a case means for the work done so far."""
        recording = self.history.recording(session) if self.history is not None else None
        if recording is not None and not recording.failed:
            return ("You go back to the library. Everything you have done is kept: you are offered this case to "
                    "resume the next time you start, or press u in the library.")
        if recording is not None:
            return ("You go back to the library. Saving stopped when the history reported a problem: what you did "
                    "before it is kept, what came after is not kept.")
        return "You go back to the library; this session's work is not kept (the history is not available)."

    def back_to_library(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if self.session is not None and self.history is not None:
            self.history.release(self.session)  # another window may resume it now
        self.session = None
        self.read_case_marks()

    def read_case_marks(self) -> None:
        """Read again what the trainee has done of each case, for the library's marks, in a thread."""
        if self.history is not None and self.history.store is not None:
            self._read_case_marks(self.history, self.trainee)

    @work(thread=True, exclusive=True, group="case-marks")
    def _read_case_marks(self, history: History, trainee: str) -> None:
        marks = history.case_marks(trainee)
        self.call_from_thread(setattr, self, "case_marks", marks)

    # --- the history opens: unfinished cases ------------------------------

    def history_ready(self, history: History, offers: Sequence[ResumeOffer],
                      marks: Mapping[str, CaseTally] | None = None) -> None:
        """The store is open (or could not be): say so if not, and offer what was left unfinished.
        ``marks``: what the trainee has done of each case, for the library's marks."""
        from simulator.application.history import HEARTBEAT_S

        self.history = history
        self.case_marks = dict(marks or {})
        history.report = self._report_problem
        waiting_problems, history.pending = history.pending, []
        for problem in waiting_problems:
            self._report_problem(problem)
        self.set_interval(HEARTBEAT_S, history.heartbeat, name="history heartbeat")
        waiting, self._waiting = self._waiting, None
        if waiting is not None and waiting[0] is self.session:
            self._record(*waiting)
        if not self.screen_stack:
            return  # the app closed while the history was being read: nothing to tell or offer it on
        if history.problem is not None:
            # Short: a dialog's notice shows four lines, and the store's message says what to do.
            safe.notify(self, f"{safe.sentence(history.problem.message)} The app runs without history: nothing you "
                        "play now is saved.", title=history.problem.title,
                        severity="error", timeout=safe.PROBLEM_TIMEOUT)
        self._kept_reflections = list(history.reflection_drafts(self.trainee))
        if offers:
            self.offer_resume(offers)
        else:
            self._tell_kept_reflections()

    def _tell_kept_reflections(self) -> None:
        """Say where each kept reflection is: on the screen the trainee goes on with, not on the unfinished-cases
        dialog, where a small terminal cut the sentence off and closing the dialog took it away."""
        from simulator.ui.screens.resume import ResumeScreen

        if not self.screen_stack:
            return  # the app closed meanwhile: nothing to say it on
        if isinstance(self.screen, ResumeScreen):
            return  # offered again: told once that closes
        kept, self._kept_reflections = self._kept_reflections, []
        for record in kept:
            safe.notify(self, f"Your reflection on {safe.one_line(record.scenario_title)} (session {record.id}) was "
                        "being written when the app stopped; it is kept. Press h, highlight the session and "
                        "press w to carry on.", title="Reflection kept", timeout=safe.PROBLEM_TIMEOUT)

    def _report_problem(self, error: StoreError) -> None:
        from simulator.store.errors import DamagedRowError

        if isinstance(error, DamagedRowError):  # reading the history, not saving a case: nothing else is lost
            safe.notify(self, safe.sentence(error.message), title=error.title, severity="warning",
                        timeout=safe.PROBLEM_TIMEOUT)
            return
        safe.notify(self, f"{safe.sentence(error.message)} Your case carries on, but from here on it is not saved.",
                    title=error.title, severity="error", timeout=safe.PROBLEM_TIMEOUT)

    def on_home_screen_show_unfinished(self) -> None:
        self.offer_resume()

    def offer_resume(self, offers: Sequence[ResumeOffer] | None = None) -> None:
        """The unfinished-cases dialog, over the library only: never on top of a case already opened."""
        from simulator.ui.screens.resume import ResumeScreen

        if self.history is None or self.library is None:
            return
        if offers is None:
            offers = self._offers()
            if not offers:
                safe.notify(self, "You have no unfinished cases.")
                return
        if isinstance(self.screen, HomeScreen):
            self.push_screen(ResumeScreen(offers, self.history.unfinished_count(self.trainee)), self._resume_chosen)

    def _offers(self) -> list[ResumeOffer]:
        if self.history is None or self.library is None:
            return []
        return self.history.offers(self.trainee, self.library)

    def _resume_chosen(self, choice: ResumeChoice | None) -> None:
        self._resume_chosen_now(choice)
        self.call_after_refresh(self._tell_kept_reflections)

    def _resume_chosen_now(self, choice: ResumeChoice | None) -> None:
        from simulator.application.resume import Ready
        from simulator.ui.screens.resume import ScenarioChangedScreen

        history = self.history
        if choice is None or history is None:
            return
        offer = choice.offer
        if choice.action == "abandon":
            if history.abandon(offer.record.id):
                safe.notify(self, f"{safe.one_line(offer.record.scenario_title)}: abandoned. It stays in your history.")
                self.read_case_marks()
            remaining = self._offers()
            if remaining:
                self.offer_resume(remaining)
            return
        if isinstance(offer.plan, Ready):
            self._resume(offer, (offer.plan.loaded, offer.plan.state))
            return

        def changed_chosen(answer: ChangedChoice | None) -> None:
            self._changed_chosen(offer, answer)

        self.push_screen(ScenarioChangedScreen(offer), changed_chosen)

    def _changed_chosen(self, offer: ResumeOffer, answer: ChangedChoice | None) -> None:
        from simulator.application.history import current_version, resumable

        history = self.history
        if answer is None or history is None:
            return
        if answer == "recorded":
            found = resumable(offer.plan)
            if found is not None:
                self._resume(offer, found)
            return
        current = current_version(offer.plan)
        if current is not None and history.abandon(offer.record.id):  # refused (and said) while open elsewhere
            self.open_case(current, offer.record.mode)

    def _resume(self, offer: ResumeOffer, version: tuple[Loaded, SessionState]) -> None:
        from simulator.store.errors import StoreError

        history = self.history
        if history is None:
            return
        try:
            session = history.resume(offer, version, self.trainee)
        except StoreError as err:  # held by another window, or changed there since it was offered
            safe.notify(self, safe.sentence(err.message), title=err.title, severity="warning",
                        timeout=safe.PROBLEM_TIMEOUT)
            return
        if session is None:
            return
        self.session = session
        if session.state.finished:
            # Every step was kept but the app stopped before the debrief: go straight to it.
            self.show_debrief(session)
            return
        from simulator.application.drafts import DECISION

        decisions = {kind: draft.data for kind, draft in offer.drafts.items() if kind.startswith(DECISION)}
        self.push_screen(self._case_screen(session, seen=offer.record.seen_evidence, drafts=decisions))
        steps = offer.record.event_count
        safe.notify(self, f"Resumed where you left off: {steps} step{'s' * (steps != 1)} replayed.", title="Resumed")

    # --- the end of a case ------------------------------------------------

    def on_case_screen_finished(self, message: CaseScreen.Finished) -> None:
        self.show_debrief(message.session)

    def show_debrief(self, session: Session) -> None:
        """Finish the stored session, then the debrief; in self-assessment mode the
        trainee grades themselves first, before any grade is on the screen.

        A self-assessed session is finished in the store only once the grades are
        given (or skipped): if the app stops in between, the case is offered again
        at its end, and the self-assessment with it.
        """
        from simulator.store.records import SessionMode
        from simulator.ui.screens.self_assessment import SelfAssessmentScreen

        history = self.history
        recording = history.recording(session) if history is not None else None
        self_assessing = history is not None and history.mode(session) is SessionMode.SELF_ASSESSMENT
        if self_assessing and not (recording is not None and recording.self_assessment):
            self._replace_top(SelfAssessmentScreen(session, list(session.debrief().criteria)))
            return
        self._debrief(session, recording.self_assessment if recording is not None else {})

    def on_self_assessment_screen_rated(self, message: SelfAssessmentScreen.Rated) -> None:
        if self.history is not None and message.ratings:
            self.history.save_self_assessment(message.session, message.ratings)
        self._debrief(message.session, message.ratings)

    def _debrief(self, session: Session, self_assessment: Mapping[str, Grade]) -> None:
        from simulator.ui.screens.debrief import DebriefScreen

        history = self.history
        if history is not None:
            history.finish(session, session.debrief())
        follows = history is not None and history.recording(session) is not None
        # A stored re-branch of a stored session can be set beside it.
        compare = follows and session.origin is not None and session.origin.parent is not None
        self._replace_top(DebriefScreen(session, self_assessment=self_assessment, reflection_follows=follows,
                                        can_compare=compare))

    def _replace_top(self, screen: Screen[None]) -> None:
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def on_debrief_screen_leave(self, message: DebriefScreen.Leave) -> None:
        """After the debrief, the reflection (when the session is stored), then the library."""
        from simulator.ui.screens.reflection import ReflectionScreen

        recording = self.history.recording(message.session) if self.history is not None else None
        if recording is None or self.history is None:
            self.back_to_library()
            return
        self.switch_screen(ReflectionScreen(message.session, recording.reflection,
                                            self._reflection_draft(message.session)))

    def _reflection_draft(self, session: Session) -> Reflection | None:
        from simulator.application.drafts import REFLECTION
        from simulator.application.reflection import Reflection

        found = self.history.draft(session, REFLECTION) if self.history is not None else None
        if found is None:
            return None
        parts = [found.data.get(k) for k in ("noticed", "decided", "practice_change", "peer_reflection")]
        return Reflection(*(p if isinstance(p, str) else "" for p in parts))

    def on_reflection_screen_draft_changed(self, message: ReflectionScreen.DraftChanged) -> None:
        """Keep the reflection as it is typed: a crash or a kill loses none of it."""
        import attrs

        from simulator.application.drafts import REFLECTION

        if self.history is not None:
            self.history.save_draft(message.session, REFLECTION, attrs.asdict(message.reflection))

    def on_reflection_screen_saved(self, message: ReflectionScreen.Saved) -> None:
        from simulator.application.drafts import REFLECTION
        from simulator.ui.screens.reflection import ReflectionScreen

        if self.history is None:
            return
        stored = self.history.saved_reflection(message.session)
        if stored is not None and stored not in (message.earlier, message.reflection):
            # Saved in another window since this one opened it: replacing it would lose that, so ask first.
            if isinstance(self.screen, ReflectionScreen) and self.screen.session is message.session:
                self.screen.earlier = stored
            save = key_for(self, "reflection.save", "ctrl+s")
            safe.notify(self, "This reflection was changed in another window after you opened it here, and saving "
                        f"would replace that. Press {save} again to replace it with what is here, or Escape and "
                        "open it again (w in the history) to see it.", title="Changed elsewhere",
                        severity="warning", timeout=safe.PROBLEM_TIMEOUT)
            return
        if self.history.save_reflection(message.session, message.reflection):
            self.history.drop_draft(message.session, REFLECTION)
            safe.notify(self, "Your reflection is kept with this session. The CPD export (h, then x) includes it.",
                        title="Reflection saved")
            self._after_reflection(message.session)
        # Not saved: the error is on screen and the text stays in the boxes to try again.

    def on_reflection_screen_left(self, message: ReflectionScreen.Left) -> None:
        from simulator.application.drafts import REFLECTION

        if self.history is not None:
            self.history.drop_draft(message.session, REFLECTION)  # left on purpose: not kept
        self._after_reflection(message.session)

    def _after_reflection(self, session: Session) -> None:
        """Back where the reflection was opened from: the history screen, or the library."""
        if session is self._reflecting_from_history:
            self._reflecting_from_history = None
            self.pop_screen()
            return
        self.back_to_library()

    def on_history_screen_reflect_requested(self, message: HistoryScreen.ReflectRequested) -> None:
        """Write the reflection on a finished session, after a restart or any time later."""
        from simulator.application.drafts import REFLECTION
        from simulator.application.reflection import Reflection
        from simulator.store.errors import StoreError
        from simulator.ui.screens.reflection import ReflectionScreen

        if self.history is None or self.library is None:
            return
        try:
            session = self.history.reopen(message.record.id, self.library)
        except StoreError as err:
            safe.notify(self, safe.sentence(err.message), title=err.title, severity="error",
                        timeout=safe.PROBLEM_TIMEOUT)
            return
        if session is None:
            safe.notify(self, "This session's case cannot be opened again (its file has changed and the version "
                        "played was not kept), so its reflection cannot be written here.", severity="warning")
            return
        self._reflecting_from_history = session
        draft = self.history.draft(session, REFLECTION)
        shown = self._reflection_draft(session) if draft is not None else None
        # Read again, not the history screen's copy: a reflection saved since it listed the session (a minute ago,
        # here, or in another window) is the one to carry on from.
        record = self.history.record(self.trainee, message.record.id) or message.record
        self.push_screen(ReflectionScreen(session, Reflection.from_record(record), shown))

    # --- history and exports ----------------------------------------------

    def on_home_screen_show_cohort(self) -> None:
        from simulator.application.roles import is_trainer
        from simulator.ui.screens.cohort import CohortScreen

        if not is_trainer():
            return  # the key is not offered to trainees; a message from elsewhere changes nothing
        self.push_screen(CohortScreen(self.history))

    def on_home_screen_show_history(self) -> None:
        from simulator.application.export import scenario_folders
        from simulator.ui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.history, self.trainee, self.library,
                                       scenario_folders(self.library, self.scenario_dirs),
                                       downloads=self.exports_as_downloads))
