"""Two windows on one history (issue 14, item 3): the session one window plays is not resumed by the other,
which says so; once the first leaves it, the second can carry on; and whatever happens, the log as recorded
replays, so the session can always be exported."""

from __future__ import annotations

from pathlib import Path

from simulator.domain.engine import replay
from simulator.store.records import SessionStatus
from simulator.ui.screens.case import CaseScreen
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.resume import ResumeScreen
from tests.app.helpers import build_app, pilot_test, ready, screen_text
from tests.app.history_helpers import mini, notified, only_session, opened, session_of, settle

SIZE = (100, 32)


@pilot_test
async def test_a_case_open_in_one_window_is_not_resumed_in_another(private_history: Path) -> None:
    a, b = build_app(), build_app()
    async with a.run_test(size=SIZE) as pa:
        await ready(pa)
        await pa.press("enter", "enter")  # window A opens the case and takes an action
        assert len(session_of(a).events) == 1
        async with b.run_test(size=SIZE) as pb:
            await ready(pb)
            assert isinstance(b.screen, ResumeScreen)  # offered, but marked
            assert "open in another window now" in " ".join(screen_text(b).split())
            await pb.press("enter")
            await settle(pb)
            assert not isinstance(b.screen, CaseScreen)
            assert notified(b, "open in another window")
            await pb.press("escape")

            # A carries on: its steps are still saved.
            await pa.press("enter")
            assert len(session_of(a).events) == 2

            # A leaves the case; now B may pick it up, where A left it.
            await pa.press("escape", "y")
            await settle(pa)
            assert isinstance(a.screen, HomeScreen)
            await pb.press("u")
            await settle(pb)
            assert isinstance(b.screen, ResumeScreen)
            await pb.press("enter")
            await settle(pb)
            assert isinstance(b.screen, CaseScreen)
            assert len(session_of(b).events) == 2
            await pb.press("enter")
            assert len(session_of(b).events) == 3

    record = only_session(private_history)
    with opened(private_history) as store:
        events = store.events(record.id)
    assert len(events) == 3 and record.status is SessionStatus.ACTIVE
    replay(mini().scenario, events)


@pilot_test
async def test_a_window_whose_session_was_taken_cannot_write_to_it(private_history: Path) -> None:
    """Even if two windows did hold one session (a holder wrongly thought gone), the second's steps are refused
    rather than interleaved: the log stays one that replays."""
    a, b = build_app(), build_app()
    async with a.run_test(size=SIZE) as pa:
        await ready(pa)
        await pa.press("enter", "enter")
        assert a.history is not None and a.history.store is not None
        record = only_session(private_history)
        a.history.store.release_session(record.id, a.history.holder)  # as if A's hold had lapsed
        async with b.run_test(size=SIZE) as pb:
            await ready(pb)
            await pb.press("enter")  # B resumes it
            await settle(pb)
            assert isinstance(b.screen, CaseScreen)
            await pb.press("enter")
            await pa.press("enter")  # A's next step is refused, and A is told
            await settle(pa)
            assert notified(a, "open in another window") or notified(a, "changed in another window")
    with opened(private_history) as store:
        events = store.events(record.id)
    assert len(events) == 2
    replay(mini().scenario, events)
