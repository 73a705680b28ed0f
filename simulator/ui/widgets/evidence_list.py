"""The evidence revealed so far; the trainee flags items from here."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message

from simulator.domain.events import FlagKind
from simulator.ui.widgets.pointer import PointerList

FLAG, MARK = Binding.Group("Flag"), Binding.Group("Mark")


class EvidenceList(PointerList):
    """Asks for flags with messages; the screen turns them into events."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "flag('risk')", "Risk", tooltip="Flag the highlighted evidence as a risk (again to unflag)",
                id="evidence.risk", group=FLAG),
        Binding("p", "flag('protective')", "Protective",
                tooltip="Flag the highlighted evidence as protective (again to unflag)", id="evidence.protective",
                group=FLAG),
        Binding("u", "unflag", "Unflag", tooltip="Remove your flag from the highlighted evidence",
                id="evidence.unflag", group=FLAG),
    ]

    class FlagRequested(Message):
        def __init__(self, evidence: str, kind: FlagKind | None) -> None:
            super().__init__()
            self.evidence = evidence
            self.kind = kind  # None: remove the flag

    def _current(self) -> str | None:
        option = self.highlighted_option
        return None if option is None else option.id

    def action_flag(self, kind: str) -> None:
        evidence = self._current()
        if evidence is not None:
            self.post_message(self.FlagRequested(evidence, FlagKind(kind)))

    def action_unflag(self) -> None:
        evidence = self._current()
        if evidence is not None:
            self.post_message(self.FlagRequested(evidence, None))


class AuditEvidenceList(EvidenceList):
    """The same list for a case audit, where flags mark a colleague's record."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "flag('risk')", "Deficit", tooltip="Mark the highlighted entry as a deficit (again to unmark)",
                id="evidence.risk", group=MARK),
        Binding("p", "flag('protective')", "Strength",
                tooltip="Mark the highlighted entry as a strength (again to unmark)", id="evidence.protective",
                group=MARK),
        Binding("u", "unflag", "Unmark", tooltip="Remove your mark from the highlighted entry", id="evidence.unflag",
                group=MARK),
    ]
