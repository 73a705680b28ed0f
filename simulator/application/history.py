"""The trainee's history as the app uses it: opening the store, recording each session as it is played,
finishing, self-assessment, reflection and what was looked at; what can be resumed, and resuming it; the
history screen's overview; and exports.

The store is optional. A database that cannot be opened (damaged, from a newer version, not writable) leaves
``History.store`` as None and the reason in ``problem``; the app then runs as before, without saving. A
store error during play is reported once through ``report`` and never takes the in-memory session with it.
"""

from __future__ import annotations

import os
import socket
import uuid
import weakref
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import attrs

from simulator.application.config import default_export_dir, resolve_db_path
from simulator.application.drafts import REFLECTION, decision_draft
from simulator.application.export import default_export_path, render, write_export
from simulator.application.library import Library
from simulator.application.recording import recorder
from simulator.application.reflection import Reflection
from simulator.application.resume import (
    CannotReplay,
    Ready,
    ResumePlan,
    ScenarioChanged,
    ScenarioMissing,
    plan_resume,
    played_version,
)
from simulator.application.roles import group_from_env, is_trainer
from simulator.application.session import Session, Submitted
from simulator.application.stored import read_session, recorded_scenario, source_to_keep
from simulator.domain.catalogue import Grade
from simulator.domain.engine import SessionState
from simulator.domain.events import Decide, Event
from simulator.domain.scoring.results import Debrief
from simulator.scenarios.loader import Loaded
from simulator.store.database import Store
from simulator.store.errors import DamagedRowError, SessionConflictError, SessionHeldError, StoreError
from simulator.store.records import (
    CaseTally,
    CohortFigures,
    CohortFilter,
    CriterionTrend,
    Draft,
    Profile,
    SessionMode,
    SessionRecord,
    SessionStatus,
)

T = TypeVar("T")

UNNAMED = "(no name)"  # the store needs a trainee; a session played before a name is set still counts
MAX_OFFERS = 20  # unfinished sessions offered on start; older ones wait in `case-review history`
# A window holding a session says so at least this often (the app's heartbeat); one not heard of for
# STALE_AFTER has gone (a machine that slept, or another machine on a shared file), as has one on this
# machine whose process has ended (a crash, a kill).
HEARTBEAT_S = 60.0
STALE_AFTER = timedelta(minutes=10)


def holder_token() -> str:
    """This window's name as a holder of sessions: the machine, the process and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def holder_is_gone(token: str, last_seen: datetime, now: datetime | None = None) -> bool:
    """Whether the window named ``token``, last heard of at ``last_seen``, has gone."""
    now = now or datetime.now(UTC)
    if now - last_seen > STALE_AFTER:
        return True
    host, _, rest = token.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    return not _process_alive(int(pid_text))


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # no cheap check: the heartbeat's age decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, run by someone else
    return True

Reporter = Callable[[StoreError], None]


@attrs.define
class Recording:
    """One app session's row in the store."""

    session_id: int
    mode: SessionMode
    digest: str  # the scenario file played: an author's reload moves the recording to a new stored session
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
    held_elsewhere: bool = False  # open in another window now: it cannot be resumed here until it is let go
    drafts: Mapping[str, Draft] = attrs.field(factory=dict)  # what was being typed when it stopped

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
    """The history screen's first view: the newest sessions and how many there are of each status."""

    trainee: str
    sessions: list[SessionRecord]  # the newest ``limit``, newest first
    counts: Mapping[SessionStatus, int]  # every session of the trainee's, by status

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@attrs.frozen
class Standing:
    """The history screen's progress and calibration tabs: each criterion's progress summed up in runs for a
    chart, the self-assessed sessions (oldest first) and the debrief's grades to set their own against."""

    trends: Mapping[str, CriterionTrend]  # assessed criteria, catalogue order
    self_assessed: list[SessionRecord]
    graded: Mapping[int, Mapping[str, Grade]]


class History:
    def __init__(self, path: Path | str, store: Store | None, problem: StoreError | None = None) -> None:
        self.path = path
        self.store = store
        self.problem = problem
        # Problems found before the app listens (while opening, off the UI thread) wait here for it.
        self.pending: list[StoreError] = []
        self.report: Reporter = self.pending.append
        self.export_dir = default_export_dir()
        self.holder = holder_token()
        self._recordings: weakref.WeakKeyDictionary[Session, Recording] = weakref.WeakKeyDictionary()
        # The mode of sessions played without a store, so self-assessment still works, unsaved.
        self._modes: weakref.WeakKeyDictionary[Session, SessionMode] = weakref.WeakKeyDictionary()

    @classmethod
    def open(cls, path: Path | str) -> History:
        """Never raises: a database that will not open is a message, and the app
        runs without history; the file is left exactly as it was."""
        try:
            return cls(path, Store.open(path))
        except StoreError as err:
            return cls(path, None, err)

    def close(self) -> None:
        if self.store is not None:
            self.release_all()
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
            session_id = self._start(store, session, SessionMode(mode))
        except StoreError as err:
            self.report(err)
            return None
        return self._attach(session, Recording(session_id, SessionMode(mode), session.loaded.digest))

    def _start(self, store: Store, session: Session, mode: SessionMode) -> int:
        profile = store.ensure_profile(session.trainee or UNNAMED)
        group = group_from_env()
        if group:  # the centre's server names the trainee's group: the trainer's live view filters by it
            store.set_group(profile, group)
        # A re-branch of a stored session is saved linked to it (one of an unsaved session is not).
        origin = session.origin if session.origin is not None and session.origin.parent is not None else None
        session_id = store.start_session(profile, session.loaded, mode, source=source_to_keep(session.loaded),
                                         twin=session.twin, parent=origin.parent if origin else None,
                                         parted_at=origin.parted_at if origin else None)
        store.claim_session(session_id, self.holder, holder_is_gone)
        # Anything played before the store was ready (a case opened in the moment before it opened; an
        # author's reload carrying the steps so far) is saved first, so the log is whole from event 0.
        for seq, event in enumerate(session.events):
            store.append_event(session_id, event, expected=seq, holder=self.holder)
        return session_id

    def _attach(self, session: Session, recording: Recording) -> Recording:
        self._recordings[session] = recording
        session.subscribe(self._saver(recording))
        return recording

    def _saver(self, recording: Recording) -> Callable[[Session, Submitted], None]:
        store = self.store
        assert store is not None

        def listener(session: Session, submitted: Submitted) -> None:
            # After one failure nothing more is written: a log with a hole in it
            # would replay to a different case than the one played.
            if recording.failed:
                return
            if session.loaded.digest != recording.digest:
                self.follow_version(session)  # saves this event with the rest, on the new version
                return
            try:
                save = recorder(store, recording.session_id, holder=self.holder)
                save(session, submitted)
            except StoreError as err:
                recording.failed = True
                self.report(err)
                return
            event = submitted.event
            if isinstance(event, Decide):  # the decision is made: its draft is done with
                kind = decision_draft(event.stage)
                self._guard(lambda s: s.drop_draft(recording.session_id, kind))

        return listener

    def follow_version(self, session: Session) -> bool:
        """The session now plays another version of its file (an author's live reload, which only switches
        when every step so far fits the new version): its recording moves to a new stored session on that
        version, holding the same steps, and the one on the old version is abandoned, so history holds the
        session once, as it is being played. False if there was nothing to move or it could not be saved."""
        recording = self.recording(session)
        store = self.store
        if recording is None or store is None or recording.failed or recording.finished \
                or session.loaded.digest == recording.digest:
            return False
        old = recording.session_id
        try:
            recording.session_id = self._start(store, session, recording.mode)
            recording.digest = session.loaded.digest
            store.abandon_session(old)
        except StoreError as err:
            recording.failed = True
            self.report(err)
            return False
        return True

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

    def saved_reflection(self, session: Session) -> Reflection | None:
        """The reflection the store holds for ``session`` now (another window may have saved one since this
        one last read it); None when there is no stored session or it cannot be read."""
        recording = self.recording(session)
        store = self.store
        if recording is None or store is None:
            return None
        try:
            return Reflection.from_record(store.session(recording.session_id))
        except StoreError as err:
            self.report(err)
            return None

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
        """The trainee's unfinished sessions, most recent first, each with its plan. One that cannot be read
        (a damaged entry) is left out and reported; the rest are offered."""
        found_profile = self._profile(trainee)
        if found_profile is None:
            return []
        store, profile = found_profile
        try:
            records = store.unfinished_sessions(profile, MAX_OFFERS)
        except StoreError as err:
            self.report(err)
            return []
        found = []
        played: dict[tuple[str, str, str], Loaded | None] = {}  # versions played, rebuilt once each
        for record in records:
            try:
                events = tuple(store.events(record.id))
                drafts = store.drafts(record.id)
            except StoreError as err:
                self.report(err)
                continue

            def as_played(record: SessionRecord = record) -> Loaded | None:
                # read only when the library's file is not the version played (a resume offer for an unchanged
                # case costs one replay and no parse)
                key = (record.scenario_digest, record.scenario_id, record.scenario_path)
                if key not in played:
                    try:
                        played[key] = recorded_scenario(record, store.scenario_source(record.id))
                    except StoreError as err:
                        self.report(err)
                        played[key] = None
                return played[key]

            held = record.holder is not None and record.holder != self.holder and record.held_at is not None \
                and not holder_is_gone(record.holder, record.held_at)
            found.append(ResumeOffer(record, plan_resume(record, events, library, None, as_played), events,
                                     held_elsewhere=held, drafts=drafts))
        self._report_damage(store)
        return found

    def unfinished_count(self, trainee: str) -> int:
        """How many sessions the trainee can resume: ``offers`` gives the MAX_OFFERS most recent."""
        return self._read(trainee, lambda store, profile: 0 if profile is None else
                          store.session_counts(profile)[SessionStatus.ACTIVE], 0)

    def _profile(self, trainee: str) -> tuple[Store, Profile] | None:
        """The store and the trainee's profile, if both are there (a problem reading it is reported)."""
        store = self.store
        if store is None or not trainee:
            return None
        try:
            profile = store.get_profile(trainee)
        except StoreError as err:
            self.report(err)
            return None
        return None if profile is None else (store, profile)

    def _report_damage(self, store: Store) -> None:
        if store.damaged:
            damaged = sorted(store.damaged)
            store.damaged.clear()
            numbers = ", ".join(str(n) for n in damaged)
            self.report(DamagedRowError(f"{'Session' if len(damaged) == 1 else 'Sessions'} {numbers} in the history "
                                        "cannot be read (the file is damaged there) and are left out; the rest is "
                                        "as it was, and the file has not been changed."))

    def resume(self, offer: ResumeOffer, version: tuple[Loaded, SessionState], trainee: str) -> Session | None:
        """The session picked up where it stopped, on ``version`` (from ``resumable``): the state the plan
        replayed, kept as it is, and recording again from there. Raises SessionHeldError when another window
        holds it (one window at a time); another StoreError when the store cannot say."""
        store = self.store
        if store is None:
            return None
        other = store.claim_session(offer.record.id, self.holder, holder_is_gone)
        if other is not None:
            raise SessionHeldError("This case is open in another window now. Carry on there, or leave it there "
                                   "(Escape) and then resume it here.")
        current = store.session(offer.record.id)
        if current.event_count != len(offer.events) or current.status is not SessionStatus.ACTIVE:
            store.release_session(offer.record.id, self.holder)
            raise SessionConflictError("This case was changed in another window since it was offered here; "
                                       "press u to see it as it is now.")
        loaded, state = version
        session = Session.resumed(loaded, trainee or offer.record.profile, offer.events, state,
                                  twin=offer.record.twin)
        # Self-grades saved just before the app stopped are not asked for again.
        self._attach(session, Recording(offer.record.id, offer.record.mode, loaded.digest,
                                        self_assessment=dict(offer.record.self_assessment)))
        return session

    def abandon(self, session_id: int) -> bool:
        """Take the session off the resume list. Refused (and reported) while another window has it open: what
        that window did next would not be saved, and it would not know."""
        def work(store: Store) -> None:
            if store.claim_session(session_id, self.holder, holder_is_gone) is not None:
                raise SessionHeldError("This case is open in another window now. Leave it there (Escape) first, "
                                       "then abandon it here.")
            store.abandon_session(session_id)

        return self._guard(work)

    def release(self, session: Session) -> None:
        """The window lets the session go (the trainee left the case): another window may resume it."""
        recording = self.recording(session)
        if recording is not None:
            self._guard(lambda store: store.release_session(recording.session_id, self.holder))

    def release_all(self) -> None:
        """The app is closing: every session it holds is let go."""
        store = self.store
        if store is None:
            return
        for recording in list(self._recordings.values()):
            try:
                store.release_session(recording.session_id, self.holder)
            except StoreError:
                return  # the app is closing: a holder left behind is seen to be gone by the next start

    def heartbeat(self) -> None:
        """Say that this window still holds the sessions it plays (called every HEARTBEAT_S by the app)."""
        store = self.store
        if store is None:
            return
        for recording in list(self._recordings.values()):
            if not recording.finished and not recording.failed:
                try:
                    store.still_holding(recording.session_id, self.holder)
                except StoreError:
                    return  # said once the next event fails to save, not every minute

    # --- drafts: what is being typed ----------------------------------------

    def save_draft(self, session: Session, kind: str, data: Mapping[str, object]) -> bool:
        """Keep what is being typed with the stored session, replacing the last draft of that kind."""
        recording = self.recording(session)
        if recording is None or recording.failed:
            return False
        return self._guard(lambda store: store.save_draft(recording.session_id, kind, data))

    def drop_draft(self, session: Session, kind: str) -> None:
        recording = self.recording(session)
        if recording is not None:
            self._guard(lambda store: store.drop_draft(recording.session_id, kind))

    def reopen(self, session_id: int, library: Library) -> Session | None:
        """A finished stored session as a Session again, to write its reflection after a restart (nothing
        more is played in it). None if its scenario cannot be had in a version its steps fit; a StoreError
        if it cannot be read."""
        store = self.store
        if store is None:
            return None
        stored = read_session(store, session_id)
        record = stored.record
        plan = plan_resume(record, stored.events, library, stored.source)
        found = played_version(plan)
        if found is None:
            return None
        loaded, state = found
        session = Session.resumed(loaded, record.profile, stored.events, state)
        self._recordings[session] = Recording(record.id, record.mode, loaded.digest, finished=record.finished,
                                              self_assessment=dict(record.self_assessment),
                                              reflection=Reflection.from_record(record))
        return session

    def reflection_drafts(self, trainee: str) -> list[SessionRecord]:
        """The trainee's finished sessions whose reflection was being written when the app stopped."""
        found_profile = self._profile(trainee)
        if found_profile is None:
            return []
        store, profile = found_profile
        try:
            found = []
            for session_id in store.drafted_sessions(profile, REFLECTION):
                try:
                    record = store.session(session_id)
                except StoreError:
                    continue
                if record.finished:
                    found.append(record)
            return found
        except StoreError as err:
            self.report(err)
            return []

    def draft(self, session: Session, kind: str) -> Draft | None:
        recording = self.recording(session)
        store = self.store
        if recording is None or store is None:
            return None
        try:
            return store.drafts(recording.session_id).get(kind)
        except StoreError:
            return None

    # --- history and progress ---------------------------------------------

    def _read(self, trainee: str, read: Callable[[Store, Profile | None], T], failed: T) -> T:
        """What ``read`` finds for ``trainee`` (their profile, or None if they have none yet); ``failed`` when
        there is no store, or it reports an error (which is passed on)."""
        store = self.store
        if store is None:
            return failed
        try:
            found = read(store, store.get_profile(trainee or UNNAMED))
        except StoreError as err:
            self.report(err)
            return failed
        self._report_damage(store)
        return found

    def case_marks(self, trainee: str) -> dict[str, CaseTally]:
        """What the trainee has done of each case, by case id, for the library's marks: none without a store,
        for a name it has not seen, or when it cannot be read (the marks are a convenience; the history screen
        says what is wrong)."""
        store = self.store
        if store is None:
            return {}
        try:
            profile = store.get_profile(trainee or UNNAMED)
            return {} if profile is None else store.case_tallies(profile)
        except StoreError:
            return {}

    def overview(self, trainee: str, limit: int) -> Overview | None:
        """What the history screen opens on: the trainee's newest ``limit`` sessions and the counts of all.
        The cost does not grow with the history: a range of an index and one aggregate."""
        def read(store: Store, profile: Profile | None) -> Overview:
            if profile is None:
                return Overview(trainee, [], dict.fromkeys(SessionStatus, 0))
            return Overview(trainee, store.recent_sessions(profile, limit), store.session_counts(profile))

        return self._read(trainee, read, None)

    def record(self, trainee: str, session_id: int) -> SessionRecord | None:
        """One of the trainee's sessions by its number; None if it is not theirs or cannot be read."""
        def read(store: Store, profile: Profile | None) -> SessionRecord | None:
            if profile is None:
                return None
            found = store.session(session_id)
            return found if found.profile_id == profile.id else None

        return self._read(trainee, read, None)

    def older_sessions(self, trainee: str, before: SessionRecord, limit: int) -> list[SessionRecord]:
        """The next page of the history screen's list: ``limit`` sessions started before ``before``."""
        return self._read(trainee, lambda store, profile: [] if profile is None else store.recent_sessions(
            profile, limit, before), [])

    def standing(self, trainee: str, most_bars: int) -> Standing | None:
        """Progress (each criterion in at most ``most_bars`` runs) and calibration, read when their tab is first
        opened: summed up in SQL, so a few rows per criterion however many sessions."""
        def read(store: Store, profile: Profile | None) -> Standing:
            if profile is None:
                return Standing({}, [], {})
            return Standing(store.trends(profile, most_bars), store.self_assessed_sessions(profile),
                            store.assessed_grades(profile))

        return self._read(trainee, read, None)

    # --- exports ----------------------------------------------------------

    def export(self, session_id: int, format_name: str, target: Path, library: Library,
               folders: Iterable[Path] = (), *, force: bool = False) -> Path:
        """Write one session's export to ``target``, whole or not at all, never into one of ``folders``
        (where scenarios are read from), and over a file that is there only when ``force``d. Raises StoreError
        or ExportError (TargetExists when the file is there) with a message to show."""
        store = self.store
        if store is None:
            raise StoreError("the history is not available, so there is nothing to export")
        return write_export(target, lambda: render(store, session_id, format_name, library), folders,
                            make_folder=True, force=force)

    def render_export(self, session_id: int, format_name: str, library: Library) -> str:
        """One session's export as text, for the browser to download when the app is served (nothing is
        written on the server). Raises StoreError or ExportError with a message to show."""
        store = self.store
        if store is None:
            raise StoreError("the history is not available, so there is nothing to export")
        return render(store, session_id, format_name, library)

    # --- the trainer's live view -------------------------------------------

    def cohort(self, wanted: CohortFilter) -> CohortFigures | None:
        """The cohort's results, for a trainer only (None for anyone else, or when the store cannot say)."""
        if self.store is None or not is_trainer():
            return None
        found: list[CohortFigures] = []
        self._guard(lambda store: found.append(store.cohort(wanted)))
        return found[0] if found else None

    def groups(self) -> list[str]:
        """The groups trainees are in (none for anyone but a trainer)."""
        if self.store is None or not is_trainer():
            return []
        found: list[list[str]] = []
        self._guard(lambda store: found.append(store.groups()))
        return found[0] if found else []

    def default_export_path(self, record: SessionRecord, format_name: str) -> Path:
        return default_export_path(self.export_dir, record, format_name)


def open_history(db_path: str | os.PathLike[str] | None, trainee: str, library: Library, *,
                 configured: Path | str | None = None,
                 export_dir: Path | None = None) -> tuple[History, list[ResumeOffer]]:
    """Open the history (``--db``, else CASE_REVIEW_DB, else the config file's ``configured`` path, else the
    user data folder) and find what the trainee left unfinished. Runs off the UI thread at start-up.
    ``export_dir``: where exports are suggested, when the config file names a folder."""
    history = History.open(resolve_db_path(db_path, configured=configured))
    if export_dir is not None:
        history.export_dir = export_dir
    return history, history.offers(trainee, library)
