"""The app's side of the history store: opening it, recording each session
as it is played, finishing, self-assessment and reflection, what can be
resumed, and exports. No Textual here: the flows in ``history_flow`` show
what this returns.

The store is optional. A database that cannot be opened (damaged, from a
newer version, not writable) leaves ``History.store`` as None and the reason
in ``problem``; the app then runs as before, without saving. A store error
during play is reported once through ``report`` and never takes the
in-memory session with it.
"""

from __future__ import annotations

import contextlib
import os
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from simulator.application.library import Library
from simulator.application.session import Session, Submitted
from simulator.domain.catalogue import Grade
from simulator.domain.engine import SessionState
from simulator.domain.scoring import Debrief
from simulator.scenarios.loader import Loaded
from simulator.store import (
    CannotReplay,
    Progress,
    Ready,
    ResumePlan,
    ScenarioChanged,
    ScenarioMissing,
    SessionMode,
    SessionRecord,
    Store,
    StoreError,
    plan_resume,
    recorder,
)

UNNAMED = "(no name)"  # the store needs a trainee; a session played before a name is set still counts
MAX_OFFERS = 20  # unfinished sessions offered on start; older ones wait in `case-review history`
NOTICED, DECIDED = "What I noticed: ", "What I decided: "

Reporter = Callable[[StoreError], None]


@attrs.frozen
class Reflection:
    noticed: str = ""
    decided: str = ""
    practice_change: str = ""
    peer_reflection: str = ""

    @property
    def empty(self) -> bool:
        return not any(s.strip() for s in (self.noticed, self.decided, self.practice_change, self.peer_reflection))

    def learned(self) -> str:
        """The store's one "what I learned" text: both parts, each labelled, so the
        exports read well and ``from_record`` can split them again."""
        parts = [label + text.strip() for label, text in ((NOTICED, self.noticed), (DECIDED, self.decided))
                 if text.strip()]
        return "\n\n".join(parts)

    @classmethod
    def from_record(cls, record: SessionRecord) -> Reflection:
        text = record.reflection.strip()
        noticed, decided = text, ""
        if DECIDED in text:
            noticed, decided = text.split(DECIDED, 1)
        noticed = noticed.strip().removeprefix(NOTICED.strip()).strip()
        return cls(noticed, decided.strip(), record.practice_change, record.peer_reflection)


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
    """An unfinished session and what resuming it would mean."""

    record: SessionRecord
    plan: ResumePlan

    @property
    def stage_title(self) -> str | None:
        state = _state(self.plan)
        if state is None:
            return None
        if state.finished:
            return "the end of the case (not yet debriefed)"
        return state.current_stage.title if state.current_stage is not None else None


def _state(plan: ResumePlan) -> SessionState | None:
    if isinstance(plan, Ready):
        return plan.state
    if isinstance(plan, ScenarioChanged | ScenarioMissing):
        return plan.recorded_state
    return None


def resumable(plan: ResumePlan) -> tuple[Loaded, bool] | None:
    """The scenario to resume on (the very file, or the version recorded) and
    whether it is the library's own; None if neither will do."""
    if isinstance(plan, Ready):
        return plan.loaded, True
    if isinstance(plan, ScenarioChanged | ScenarioMissing) and plan.recorded is not None \
            and plan.recorded_state is not None:
        return plan.recorded, False
    return None


def current_version(plan: ResumePlan) -> Loaded | None:
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
        self.export_dir = _default_export_dir()
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
            session_id = store.start_session(profile, session.loaded, mode)
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
            recording.session_id, reflection.learned(), practice_change=reflection.practice_change.strip(),
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
                events = store.events(record.id)
                found.append(ResumeOffer(record, plan_resume(record, events, library,
                                                             store.scenario_source(record.id))))
            return found
        except StoreError as err:
            self.report(err)
            return []

    def resume(self, offer: ResumeOffer, loaded: Loaded, trainee: str) -> Session | None:
        """A session rebuilt by replaying the stored events through the engine,
        recording again from where it stopped."""
        store = self.store
        if store is None:
            return None
        try:
            events = store.events(offer.record.id)
        except StoreError as err:
            self.report(err)
            return None
        session = Session(loaded, trainee or offer.record.profile)
        for event in events:
            session.submit(event)  # not yet recorded: these are already in the log
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

    def export(self, session_id: int, format_name: str, target: Path, library: Library) -> Path:
        """Write one session's export to ``target``, whole or not at all.
        Raises StoreError, ReportError or OSError with a message to show."""
        from simulator.application.files import write_whole
        from simulator.reports import formats, load_report

        if self.store is None:
            raise StoreError("the history is not available, so there is nothing to export")
        chosen = formats()[format_name]
        text = chosen.render(load_report(self.store, session_id, library))
        target.parent.mkdir(parents=True, exist_ok=True)
        write_whole(target, text)
        return target

    def default_export_path(self, record: SessionRecord, format_name: str) -> Path:
        from simulator.reports.format_names import FORMAT_INFO

        suffix = FORMAT_INFO[format_name][0]
        kind = "-xapi" if format_name == "xapi" else "-cpd" if format_name == "cpd" else ""
        stem = f"session-{record.id}-{record.scenario_id}{kind}"
        return _unused(self.export_dir / f"{stem}{suffix}")


def inside_any(target: Path, folders: Iterable[Path]) -> Path | None:
    """The first of ``folders`` that ``target`` would be written in or under."""
    where = target.expanduser().resolve().parent
    for folder in folders:
        with contextlib.suppress(OSError):
            if where.is_relative_to(folder.resolve()):
                return folder
    return None


def scenario_folders(library: Library | None, extra: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Every folder a scenario was read from: exports never go there."""
    from simulator.scenarios.loader import bundled_dir

    folders = {bundled_dir(), *(Path(p) for p in extra)}
    if library is not None:
        folders.update(Path(s.path).parent for s in library.scenarios)
    return [f if f.is_dir() else f.parent for f in folders]


def _default_export_dir() -> Path:
    import platformdirs

    return platformdirs.user_documents_path() / "case-review"


def _unused(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def open_history(db_path: str | os.PathLike[str] | None, trainee: str, library: Library) -> tuple[
        History, list[ResumeOffer]]:
    """Open the history (``--db``, else CASE_REVIEW_DB, else the user data folder) and
    find what the trainee left unfinished. Runs off the UI thread at start-up."""
    from simulator.application.config import resolve_db_path

    history = History.open(resolve_db_path(db_path))
    return history, history.offers(trainee, library)
