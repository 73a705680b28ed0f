"""The trainee's reflection after a debrief: what they noticed, what they decided, how it changes their
practice, and what came of talking it over with a peer. It feeds the exports (the CPD record's "what I
learned", "how this changes my practice" and "peer reflection" boxes) and is never written for them."""

from __future__ import annotations

import attrs

from simulator.store.records import SessionRecord

NOTICED, DECIDED = "What I noticed: ", "What I decided: "


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
        """The one "what I learned" text the exports print: both parts, each labelled.
        The store keeps the parts too, so nothing ever splits this text again."""
        parts = [label + text.strip() for label, text in ((NOTICED, self.noticed), (DECIDED, self.decided))
                 if text.strip()]
        return "\n\n".join(parts)

    @classmethod
    def from_record(cls, record: SessionRecord) -> Reflection:
        return cls(record.noticed, record.decided, record.practice_change, record.peer_reflection)
