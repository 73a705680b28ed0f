"""What follows the what-if keys: re-branching a session (from its debrief, or from the history) and comparing
two attempts (after a re-branch's debrief, or from the history).

``WhatIfFlow`` is the session flow with these handlers added; the app is built on it. Like the flow, it decides
what follows each screen's message and leaves the work to the application layer (``application.rebranch``,
``application.compare``). Everything heavy is imported in the handlers, after the first frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content

from simulator.ui import safe
from simulator.ui.session_flow import SessionFlow

if TYPE_CHECKING:
    from simulator.application.rebranch import DecisionMade
    from simulator.application.session import Session
    from simulator.domain.events import Event
    from simulator.scenarios.loader import Loaded
    from simulator.ui.screens.debrief import DebriefScreen
    from simulator.ui.screens.history import HistoryScreen


class WhatIfFlow(SessionFlow):
    # --- re-branching -----------------------------------------------------

    def on_debrief_screen_rebranch(self, message: DebriefScreen.Rebranch) -> None:
        from simulator.application.rebranch import decisions_made

        session = message.session
        recording = self.history.recording(session) if self.history is not None else None
        parent = recording.session_id if recording is not None and not recording.failed else None
        mode = self.history.mode(session) if self.history is not None else "standard"
        heading = Content.assemble("this attempt at ", safe.line(session.scenario.title))
        self._ask_rebranch(decisions_made(session.scenario, session.events), heading, session.loaded,
                           session.events, session.twin, parent, mode)

    def on_history_screen_rebranch(self, message: HistoryScreen.Rebranch) -> None:
        from simulator.application.library import EMPTY
        from simulator.application.rebranch import RebranchError, branch_source

        if self.history is None:
            return
        record = message.record
        try:
            source = branch_source(self.history, record.id, self.library or EMPTY)
        except RebranchError as err:
            safe.notify(self, f"Cannot re-branch session {record.id}: {err.message}", title="Re-branch",
                        severity="error", timeout=safe.PROBLEM_TIMEOUT)
            return
        heading = Content.assemble(f"session {record.id}, ", safe.line(record.scenario_title))
        self._ask_rebranch(source.decisions(), heading, source.loaded, source.events, source.twin, record.id,
                           record.mode.value)

    def _ask_rebranch(self, made: Sequence[DecisionMade], heading: Content, loaded: Loaded,
                      events: Sequence[Event], twin: str, parent: int | None, mode: str) -> None:
        from simulator.ui.screens.rebranch import RebranchScreen

        if not made:
            safe.notify(self, "No decision has been made in this session yet, so there is nothing to re-branch.",
                        severity="warning")
            return

        def chosen(answer: tuple[DecisionMade, str] | None) -> None:
            if answer is not None:
                self.start_rebranch(loaded, events, twin, parent, mode, *answer)

        self.push_screen(RebranchScreen(made, heading), chosen)

    def start_rebranch(self, loaded: Loaded, events: Sequence[Event], twin: str, parent: int | None, mode: str,
                       made: DecisionMade, option: str) -> Session:
        """The new attempt: the events before ``made`` replayed, saved linked to ``parent``, and its case screen
        open on that decision with ``option`` chosen, for the trainee to give their reasons."""
        from simulator.application.rebranch import rebranch

        session = rebranch(loaded, self.trainee, events, made.index, twin=twin, parent=parent)
        self.back_to_library()
        self._begin_session(session, mode)
        self.push_screen(self._case_screen(session, choose={made.decision: option}))
        linked = "" if parent is None else f" It is saved as a new session, linked to session {parent}."
        steps = len(session.events)
        safe.notify(self, f"A new attempt from the moment before that decision ({steps} step{'s' * (steps != 1)} "
                    f"replayed).{linked}", title="Re-branched")
        return session

    # --- comparing ----------------------------------------------------------

    def on_debrief_screen_compare(self, message: DebriefScreen.Compare) -> None:
        session = message.session
        recording = self.history.recording(session) if self.history is not None else None
        if recording is None or session.origin is None or session.origin.parent is None:
            return
        self.compare(session.origin.parent, recording.session_id)

    def on_history_screen_compare(self, message: HistoryScreen.Compare) -> None:
        self.compare(message.first.id, message.second.id)

    def compare(self, first: int, second: int) -> None:
        """Sessions ``first`` (A) and ``second`` (B) side by side, or why not."""
        from simulator.application.compare import CompareError, compare_stored
        from simulator.application.library import EMPTY
        from simulator.ui.screens.compare import CompareScreen

        if self.history is None or self.history.store is None:
            safe.notify(self, "The history is not available, so sessions cannot be compared.", severity="warning")
            return
        try:
            comparison = compare_stored(self.history.store, first, second, self.library or EMPTY)
        except CompareError as err:
            safe.notify(self, f"Cannot compare: {err.message}", title="Compare", severity="error",
                        timeout=safe.PROBLEM_TIMEOUT)
            return
        self.push_screen(CompareScreen(comparison))
