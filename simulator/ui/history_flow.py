"""The screens around a stored session, in the order a trainee meets them:
unfinished cases offered on start, resuming (and the choice when a case file
has changed), self-assessment before the debrief, reflection after it, the
history screen and exports.

Functions of the app rather than methods on it, so the app module stays
about starting up and opening cases; ``simulator.ui.history_session`` does
the storing.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.application.history import History, ResumeOffer, current_version, resumable
from simulator.application.reflection import Reflection
from simulator.application.session import Session
from simulator.domain.catalogue import Grade
from simulator.store.errors import StoreError
from simulator.store.records import SessionMode
from simulator.ui import safe

if TYPE_CHECKING:
    from textual.screen import Screen

    from simulator.domain.engine import SessionState
    from simulator.scenarios.loader import Loaded
    from simulator.ui.app import CaseReviewApp
    from simulator.ui.screens.resume import ChangedChoice, ResumeChoice

PROBLEM_TIMEOUT = 20  # long enough to read a sentence about one's work not being saved
# A case opened before the store finished opening (start-up runs in a worker), with its mode:
# it is recorded, from its first event, as soon as the store is ready.
_WAITING: weakref.WeakKeyDictionary[Session, str] = weakref.WeakKeyDictionary()


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def report_problem(app: CaseReviewApp, error: StoreError) -> None:
    safe.notify(app, f"{_sentence(error.message)} Your case carries on, but from here on it is not saved.",
                title=error.title, severity="error", timeout=PROBLEM_TIMEOUT)


def history_ready(app: CaseReviewApp, history: History, offers: Sequence[ResumeOffer]) -> None:
    """The store is open (or could not be): say so if not, and offer what was left unfinished."""
    history.report = lambda error: report_problem(app, error)
    for session, mode in list(_WAITING.items()):
        if session is app.session:
            begin(app, session, mode)
    _WAITING.clear()
    if history.problem is not None:
        safe.notify(app, f"{_sentence(history.problem.message)} The app runs without history: cases you play now "
                         "are not saved, and nothing can be resumed.", title=history.problem.title,
                    severity="error", timeout=PROBLEM_TIMEOUT)
    if offers:
        offer_resume(app, offers)


def _at_home(app: CaseReviewApp) -> bool:
    from simulator.ui.screens.home import HomeScreen

    return isinstance(app.screen, HomeScreen)


def offer_resume(app: CaseReviewApp, offers: Sequence[ResumeOffer] | None = None) -> None:
    """The unfinished-cases dialog, over the library only: never on top of a case already opened."""
    from simulator.ui.screens.resume import ResumeScreen

    history = app.history
    if history is None or app.library is None:
        return
    if offers is None:
        offers = history.offers(app.trainee, app.library)
        if not offers:
            safe.notify(app, "You have no unfinished cases.")
            return
    if _at_home(app):
        app.push_screen(ResumeScreen(offers), lambda choice: _resume_chosen(app, choice))


def _resume_chosen(app: CaseReviewApp, choice: ResumeChoice | None) -> None:
    from simulator.application.resume import Ready
    from simulator.ui.screens.resume import ScenarioChangedScreen

    history = app.history
    if choice is None or history is None:
        return
    offer = choice.offer
    if choice.action == "abandon":
        if history.abandon(offer.record.id):
            safe.notify(app, f"{safe.one_line(offer.record.scenario_title)}: abandoned. It stays in your history.")
        remaining = offer_list(app)
        if remaining:
            offer_resume(app, remaining)
        return
    if isinstance(offer.plan, Ready):
        resume(app, offer, (offer.plan.loaded, offer.plan.state))
        return
    app.push_screen(ScenarioChangedScreen(offer), lambda answer: _changed_chosen(app, offer, answer))


def offer_list(app: CaseReviewApp) -> list[ResumeOffer]:
    if app.history is None or app.library is None:
        return []
    return app.history.offers(app.trainee, app.library)


def _changed_chosen(app: CaseReviewApp, offer: ResumeOffer, answer: ChangedChoice | None) -> None:
    history = app.history
    if answer is None or history is None:
        return
    if answer == "recorded":
        found = resumable(offer.plan)
        if found is not None:
            resume(app, offer, found)
        return
    current = current_version(offer.plan)
    if current is not None:
        history.abandon(offer.record.id)
        app.open_case(current, offer.record.mode)


def resume(app: CaseReviewApp, offer: ResumeOffer, version: tuple[Loaded, SessionState]) -> None:
    from simulator.ui.screens.case import CaseScreen

    history = app.history
    if history is None:
        return
    session = history.resume(offer, version, app.trainee)
    if session is None:
        return
    app.session = session
    if session.state.finished:
        # Every step was kept but the app stopped before the debrief: go straight to it.
        show_debrief(app, session)
        return
    app.push_screen(CaseScreen(session, seen=offer.record.seen_evidence))
    safe.notify(app, f"Resumed where you left off: {offer.record.event_count} step"
                     f"{'s' * (offer.record.event_count != 1)} replayed.", title="Resumed")


def begin(app: CaseReviewApp, session: Session, mode: str) -> None:
    """Record a newly opened case from its first event."""
    history = app.history
    if history is None:
        _WAITING[session] = mode
        return
    recording = history.begin(session, mode)
    if mode == SessionMode.SELF_ASSESSMENT:
        unsaved = "" if recording is not None else " (The history is not available, so they are not saved.)"
        safe.notify(app, "Before the debrief you grade your own practice on each criterion, then see your grades "
                         f"beside the debrief's.{unsaved}", title="Self-assessment mode")


# --- the end of a case ----------------------------------------------------


def show_debrief(app: CaseReviewApp, session: Session) -> None:
    """Finish the stored session, then the debrief; in self-assessment mode the
    trainee grades themselves first, before any grade is on the screen.

    A self-assessed session is finished in the store only once the grades are
    given (or skipped): if the app stops in between, the case is offered again
    at its end, and the self-assessment with it.
    """
    from simulator.ui.screens.debrief import DebriefScreen
    from simulator.ui.screens.self_assessment import SelfAssessmentScreen

    debrief = session.debrief()
    history = app.history
    recording = history.recording(session) if history is not None else None
    self_assessing = history is not None and history.mode(session) is SessionMode.SELF_ASSESSMENT
    if self_assessing and not (recording is not None and recording.self_assessment):
        _replace_top(app, SelfAssessmentScreen(session, list(debrief.criteria)))
        return
    if history is not None:
        history.finish(session, debrief)
    own = recording.self_assessment if recording is not None else {}
    _replace_top(app, DebriefScreen(session, self_assessment=own))


def _replace_top(app: CaseReviewApp, screen: Screen[None]) -> None:
    if len(app.screen_stack) > 1:
        app.switch_screen(screen)
    else:
        app.push_screen(screen)


def self_assessed(app: CaseReviewApp, session: Session, ratings: Mapping[str, Grade]) -> None:
    from simulator.ui.screens.debrief import DebriefScreen

    history = app.history
    if history is not None:
        if ratings:
            history.save_self_assessment(session, ratings)
        history.finish(session, session.debrief())
    app.switch_screen(DebriefScreen(session, self_assessment=ratings))


def evidence_seen(app: CaseReviewApp, session: Session, seen: Iterable[str]) -> None:
    """Keep what the trainee has looked at, so a resumed case marks only the rest as new."""
    if app.history is not None:
        app.history.save_seen_evidence(session, seen)


def leave_debrief(app: CaseReviewApp, session: Session) -> None:
    """After the debrief, the reflection (when the session is stored), then the library."""
    from simulator.ui.screens.reflection import ReflectionScreen

    history = app.history
    recording = history.recording(session) if history is not None else None
    if recording is None:
        app.back_to_library()
        return
    app.switch_screen(ReflectionScreen(session, recording.reflection))


def reflection_follows(app: CaseReviewApp, session: Session) -> bool:
    history = app.history
    return history is not None and history.recording(session) is not None


def reflected(app: CaseReviewApp, session: Session, reflection: Reflection) -> None:
    history = app.history
    if history is not None and history.save_reflection(session, reflection):
        safe.notify(app, "Your reflection is kept with this session. The CPD export (h, then x) includes it.",
                    title="Reflection saved")
        app.back_to_library()
    # Not saved: the error is on screen and the text stays in the boxes to try again.


def leave_detail(app: CaseReviewApp, session: Session) -> str:
    """What leaving a case means for the work done so far."""
    history = app.history
    recording = history.recording(session) if history is not None else None
    if recording is not None and not recording.failed:
        return ("You go back to the library. Everything you have done is kept: you are offered this case to "
                "resume the next time you start, or press u in the library.")
    if recording is not None:
        return ("You go back to the library. Saving stopped when the history reported a problem: what you did "
                "before it is kept, what came after is not kept.")
    return "You go back to the library; this session's work is not kept (the history is not available)."


# --- history and exports --------------------------------------------------


def show_history(app: CaseReviewApp) -> None:
    from simulator.ui.screens.history import HistoryScreen

    app.push_screen(HistoryScreen(app.history, app.trainee))


def export_session(app: CaseReviewApp, session_id: int, format_name: str, path: Path) -> Path | None:
    """Write one session's export; None (and a message saying why) if it was not written."""
    from simulator.application.export import ExportError, scenario_folders
    from simulator.application.library import EMPTY

    history = app.history
    if history is None:
        return None
    try:
        return history.export(session_id, format_name, path, app.library or EMPTY,
                              scenario_folders(app.library, app.scenario_dirs))
    except (StoreError, ExportError) as err:
        safe.notify(app, f"Not written: {err.message}", title="Export", severity="error", timeout=PROBLEM_TIMEOUT)
        return None
