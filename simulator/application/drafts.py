"""The kinds of draft a session keeps: what the trainee is typing and has not yet confirmed or saved, kept as
it is typed so that a crash, a kill or a closed terminal loses none of it. Imports nothing: the case screen
names them."""

from __future__ import annotations

DECISION = "decision:"  # an open decision, one per stage: "decision:<stage id>"
REFLECTION = "reflection"  # the reflection after the debrief, written but not yet saved


def decision_draft(stage: str) -> str:
    """The kind of draft an open decision at ``stage`` is kept as."""
    return DECISION + stage
