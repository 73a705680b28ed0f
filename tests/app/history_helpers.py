"""Shared by the history, resume and export tests: reading the test's own
database, filling it with known sessions at known times, and waiting (in a
bounded loop, never a sleep) for the app to catch up."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot

from simulator.application.session import Session
from simulator.domain.catalogue import Grade
from simulator.domain.engine import replay
from simulator.domain.events import Event
from simulator.domain.scoring.debrief import score
from simulator.domain.strategies import always_least, reference_play
from simulator.scenarios.loader import Loaded, load_file
from simulator.store.database import Store
from simulator.store.records import SessionRecord
from simulator.ui.notices import all_notices
from tests.app.fixtures import TRAINEE
from tests.app.helpers import MINI


def mini() -> Loaded:
    loaded = load_file(MINI)
    assert isinstance(loaded, Loaded), loaded
    return loaded


class FixedClock:
    """Known, distinct times: an hour apart from 4 March 2024, 09:00 UTC."""

    def __init__(self, start: datetime = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(hours=1)
        return self.now


@contextmanager
def opened(path: Path, clock: Callable[[], datetime] | None = None) -> Iterator[Store]:
    store = Store.open(path, clock=clock) if clock is not None else Store.open(path)
    try:
        yield store
    finally:
        store.close()


def only_session(path: Path) -> SessionRecord:
    with opened(path) as store:
        records = store.sessions()
    assert len(records) == 1, records
    return records[0]


def seed(path: Path, loaded: Loaded | None = None, trainee: str = TRAINEE) -> None:
    """Five finished sessions (two self-assessed, with the trainee's own grades),
    one abandoned and one unfinished, at fixed times."""
    loaded = loaded or mini()
    scenario = loaded.scenario
    plays: list[tuple[list[Event], dict[str, Grade] | None]] = [
        (always_least(scenario), None),
        (reference_play(scenario), None),
        (always_least(scenario), {"front-door": Grade.GOOD, "investigation": Grade.GOOD}),
        (reference_play(scenario), {"front-door": Grade.OUTSTANDING, "investigation": Grade.GOOD,
                                    "child-voice": Grade.REQUIRES_IMPROVEMENT}),
        (reference_play(scenario), None),
    ]
    with opened(path, FixedClock()) as store:
        profile = store.ensure_profile(trainee)
        for events, own in plays:
            sid = store.start_session(profile, loaded, "self-assessment" if own else "standard")
            for event in events:
                store.append_event(sid, event)
            store.finish_session(sid, score(replay(scenario, events)))
            if own:
                store.save_self_assessment(sid, own)
        abandoned = store.start_session(profile, loaded)
        store.abandon_session(abandoned)
        unfinished = store.start_session(profile, loaded)
        store.append_event(unfinished, reference_play(scenario)[0])


async def settle(pilot: Pilot[object]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot: Pilot[object], condition: Callable[[], bool], what: str, deadline_s: float = 20.0) -> None:
    """Let the app run until ``condition`` holds; fail with ``what`` after the deadline."""
    end = time.monotonic() + deadline_s
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await settle(pilot)


def notified(app: object, text: str) -> bool:
    return any(text in n.message or text in n.title for n in all_notices(app))  # type: ignore[arg-type]


def session_of(app: object) -> Session:
    """The session the app is playing now."""
    session = app.session  # type: ignore[attr-defined]
    assert isinstance(session, Session)
    return session
