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

    @property
    def index(self) -> int: ...  # its place in the session's log, counted from 0


def recorder(store: Store, session_id: int, holder: str | None = None) -> Callable[[object, Accepted], None]:
    """``session.subscribe(recorder(store, sid))``. Each event is committed
    before ``submit`` returns; a StoreError (disk full, file gone, the session
    written to or held by another window) propagates out of ``submit`` for the
    app to show. The event is saved at its own index in the session's log and
    nowhere else: the store refuses it if its log is not the session's."""

    def save(_session: object, accepted: Accepted) -> None:
        store.append_event(session_id, accepted.event, expected=accepted.index, holder=holder)

    return save
