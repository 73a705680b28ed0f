"""The trainee's history as the app uses it: opening the store, recording each session as it is played,
finishing, self-assessment, reflection and what was looked at; what can be resumed, and resuming it; the
history screen's overview; and exports.

The store is optional. A database that cannot be opened (damaged, from a newer version, not writable) leaves
``History.store`` as None and the reason in ``problem``; the app then runs as before, without saving. A
store error during play is reported once through ``report`` and never takes the in-memory session with it.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import attrs

from simulator.application.config import default_export_dir, resolve_db_path
from simulator.application.export import default_export_path, render, write_export
from simulator.application.library import Library
from simulator.application.recording import recorder
from simulator.application.reflection import Reflection
from simulator.application.resume import CannotReplay, Ready, ResumePlan, ScenarioChanged, ScenarioMissing, plan_resume
from simulator.application.session import Session, Submitted
from simulator.application.stored import read_session, source_to_keep
from simulator.domain.catalogue import Grade
from simulator.domain.engine import SessionState
from simulator.domain.events import Event
from simulator.domain.scoring.results import Debrief
from simulator.scenarios.loader import Loaded
from simulator.store.database import Progress, Store
from simulator.store.errors import StoreError
from simulator.store.records import SessionMode, SessionRecord

UNNAMED = "(no name)"  # the store needs a trainee; a session played before a name is set still counts
MAX_OFFERS = 20  # unfinished sessions offered on start; older ones wait in `case-review history`

Reporter = Callable[[StoreError], None]


@attrs.define
class Recording:
    """One app session's row in the store."""

    session_id: int
    mode: SessionMode
    digest: str  # the scenario file played; another version mid-session (an author's reload) is not this session
    failed: bool = False  # an event could not be saved: the log stops there, so it is never finished as if whole
    finished: bool = False
    self_assessment: Mapping[str, Grade] = attrs.field(factory=dict)
    reflection: Reflection | None = None


@attrs.frozen
class ResumeOffer:
    """An unfinished session, the events it holds, and what resuming it would mean."""

    record: SessionRecord
    plan: ResumePlan[SessionState]
    events: tuple[Event, ...] = ()  # what the plan replayed: resuming carries on from its state

    @property
    def stage_title(self) -> str | None:
        found = resumable(self.plan)
        if found is None:
            return None
        state = found[1]
        if state.finished:
            return "the end of the case (not yet debriefed)"
        return state.current_stage.title if state.current_stage is not None else None


def resumable(plan: ResumePlan[SessionState]) -> tuple[Loaded, SessionState] | None:
    """The scenario to resume on (the very file, or the version recorded) and the
    state the events replayed to on it; None if neither will do."""
    if isinstance(plan, Ready):
        return plan.loaded, plan.state
    if isinstance(plan, ScenarioChanged | ScenarioMissing) and plan.recorded is not None \
            and plan.recorded_state is not None:
        return plan.recorded, plan.recorded_state
    return None


def current_version(plan: ResumePlan[SessionState]) -> Loaded | None:
    """The library's version of the scenario, for starting again."""
    if isinstance(plan, Ready | CannotReplay):
        return plan.loaded
    if isinstance(plan, ScenarioChanged):
        return plan.current
    return None


@attrs.frozen
class Overview:
    trainee: str
    sessions: list[SessionRecord]  # oldest first
    progress: Progress


class History:
    def __init__(self, path: Path, store: Store | None, problem: StoreError | None = None) -> None:
        self.path = path
        self.store = store
        self.problem = problem
        self.report: Reporter = lambda error: None
        self.export_dir = default_export_dir()
        self._recordings: weakref.WeakKeyDictionary[Session, Recording] = weakref.WeakKeyDictionary()
        # The mode of sessions played without a store, so self-assessment still works, unsaved.
        self._modes: weakref.WeakKeyDictionary[Session, SessionMode] = weakref.WeakKeyDictionary()

    @classmethod
    def open(cls, path: Path) -> History:
        """Never raises: a database that will not open is a message, and the app
        runs without history; the file is left exactly as it was."""
        try:
            return cls(path, Store.open(path))
        except StoreError as err:
            return cls(path, None, err)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def _guard(self, work: Callable[[Store], object]) -> bool:
        if self.store is None:
            return False
        try:
            work(self.store)
        except StoreError as err:
            self.report(err)
            return False
        return True

    # --- recording --------------------------------------------------------

    def recording(self, session: Session) -> Recording | None:
        return self._recordings.get(session)

    def mode(self, session: Session) -> SessionMode:
        found = self.recording(session)
        return self._modes.get(session, SessionMode.STANDARD) if found is None else found.mode

    def begin(self, session: Session, mode: SessionMode | str = SessionMode.STANDARD) -> Recording | None:
        """Start a stored session for ``session`` and save each event it accepts from now on."""
        store = self.store
        if store is None:
            self._modes[session] = SessionMode(mode)
            return None
        try:
            profile = store.ensure_profile(session.trainee or UNNAMED)
            # A re-branch of a stored session is saved linked to it (one of an unsaved session is not).
            origin = session.origin if session.origin is not None and session.origin.parent is not None else None
            session_id = store.start_session(profile, session.loaded, mode, source=source_to_keep(session.loaded),
                                             twin=session.twin, parent=origin.parent if origin else None,
                                             parted_at=origin.parted_at if origin else None)
            # Anything played before the store was ready (a case opened in the moment
            # before it opened) is saved first, so the log is whole from event 0.
            for event in session.events:
                store.append_event(session_id, event)
        except StoreError as err:
            self.report(err)
            return None
        return self._attach(session, Recording(session_id, SessionMode(mode), session.loaded.digest))

    def _attach(self, session: Session, recording: Recording) -> Recording:
        self._recordings[session] = recording
        session.subscribe(self._saver(recording))
        return recording

    def _saver(self, recording: Recording) -> Callable[[Session, Submitted], None]:
        assert self.store is not None
        save = recorder(self.store, recording.session_id)

        def listener(session: Session, submitted: Submitted) -> None:
            # After one failure nothing more is written: a log with a hole in it
            # would replay to a different case than the one played.
            if recording.failed:
                return
            if session.loaded.digest != recording.digest:
                recording.failed = True
                self.report(StoreError("This session now plays a changed version of the case file, which is not "
                                       "the one it was saved against."))
                return
            try:
                save(session, submitted)
            except StoreError as err:
                recording.failed = True
                self.report(err)

        return listener

    def finish(self, session: Session, debrief: Debrief) -> bool:
        recording = self.recording(session)
        if recording is None or recording.failed or recording.finished:
            return False
        recording.finished = self._guard(lambda store: store.finish_session(recording.session_id, debrief))
        return recording.finished

    def save_self_assessment(self, session: Session, ratings: Mapping[str, Grade]) -> bool:
        recording = self.recording(session)
        if recording is None:
            return False
        recording.self_assessment = dict(ratings)
        return self._guard(lambda store: store.save_self_assessment(recording.session_id, ratings))

    def save_seen_evidence(self, session: Session, seen: Iterable[str]) -> bool:
        recording = self.recording(session)
        if recording is None or recording.failed:
            return False
        return self._guard(lambda store: store.save_seen_evidence(recording.session_id, seen))

    def save_reflection(self, session: Session, reflection: Reflection) -> bool:
        recording = self.recording(session)
        if recording is None:
            return False
        saved = self._guard(lambda store: store.save_reflection(
            recording.session_id, reflection.learned(), noticed=reflection.noticed.strip(),
            decided=reflection.decided.strip(), practice_change=reflection.practice_change.strip(),
            peer_reflection=reflection.peer_reflection.strip()))
        if saved:
            recording.reflection = reflection
        return saved

    # --- resuming ---------------------------------------------------------

    def offers(self, trainee: str, library: Library) -> list[ResumeOffer]:
        """The trainee's unfinished sessions, most recent first, each with its plan."""
        store = self.store
        if store is None or not trainee:
            return []
        try:
            profile = store.get_profile(trainee)
            if profile is None:
                return []
            found = []
            for record in store.unfinished_sessions(profile)[:MAX_OFFERS]:
                stored = read_session(store, record)
                found.append(ResumeOffer(record, plan_resume(record, stored.events, library, stored.source),
                                         stored.events))
            return found
        except StoreError as err:
            self.report(err)
            return []

    def resume(self, offer: ResumeOffer, version: tuple[Loaded, SessionState], trainee: str) -> Session | None:
        """The session picked up where it stopped, on ``version`` (from ``resumable``): the state the plan
        replayed, kept as it is, and recording again from there."""
        if self.store is None:
            return None
        loaded, state = version
        session = Session.resumed(loaded, trainee or offer.record.profile, offer.events, state,
                                  twin=offer.record.twin)
        # Self-grades saved just before the app stopped are not asked for again.
        self._attach(session, Recording(offer.record.id, offer.record.mode, loaded.digest,
                                        self_assessment=dict(offer.record.self_assessment)))
        return session

    def abandon(self, session_id: int) -> bool:
        return self._guard(lambda store: store.abandon_session(session_id))

    # --- history and progress ---------------------------------------------

    def overview(self, trainee: str) -> Overview | None:
        """Everything the history screen shows for one trainee, read at once."""
        store = self.store
        if store is None:
            return None
        try:
            profile = store.get_profile(trainee or UNNAMED)
            if profile is None:
                return Overview(trainee, [], {})
            return Overview(trainee, store.sessions(profile), store.progress(profile))
        except StoreError as err:
            self.report(err)
            return None

    # --- exports ----------------------------------------------------------

    def export(self, session_id: int, format_name: str, target: Path, library: Library,
               folders: Iterable[Path] = ()) -> Path:
        """Write one session's export to ``target``, whole or not at all, never into one of ``folders``
        (where scenarios are read from). Raises StoreError or ExportError with a message to show."""
        store = self.store
        if store is None:
            raise StoreError("the history is not available, so there is nothing to export")
        return write_export(target, lambda: render(store, session_id, format_name, library), folders,
                            make_folder=True)

    def default_export_path(self, record: SessionRecord, format_name: str) -> Path:
        return default_export_path(self.export_dir, record, format_name)


def open_history(db_path: str | os.PathLike[str] | None, trainee: str, library: Library) -> tuple[
        History, list[ResumeOffer]]:
    """Open the history (``--db``, else CASE_REVIEW_DB, else the user data folder) and
    find what the trainee left unfinished. Runs off the UI thread at start-up."""
    history = History.open(resolve_db_path(db_path))
    return history, history.offers(trainee, library)
