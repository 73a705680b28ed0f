"""Saving a running session as it is played: a listener for the session
controller (``Session.subscribe``), so every accepted event reaches the store
by the one path the screens already use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from simulator.domain.events import Event
from simulator.store.database import Store


class Accepted(Protocol):
    """What the controller hands its listeners (``simulator.application.session.Submitted``)."""

    @property
    def event(self) -> Event: ...


def recorder(store: Store, session_id: int) -> Callable[[object, Accepted], None]:
    """``session.subscribe(recorder(store, sid))``. Each event is committed
    before ``submit`` returns; a StoreError (disk full, file gone) propagates
    out of ``submit`` for the app to show."""

    def save(_session: object, accepted: Accepted) -> None:
        store.append_event(session_id, accepted.event)

    return save
