"""A twin session as stored: resumed, exported and re-branched as the twin it drew, its transcript replaying the
same; a re-branch's export names its parent."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.application.export import render
from simulator.application.history import History, resumable
from simulator.application.library import Library
from simulator.application.rebranch import branch_source, rebranch
from simulator.application.session import Session
from simulator.domain.engine import replay
from simulator.domain.events import Decide, TakeAction
from simulator.domain.scoring.debrief import score

from .helpers import twin_mini


def test_a_twin_session_is_resumed_exported_and_rebranched_as_its_twin(tmp_path: Path) -> None:
    loaded = twin_mini()
    library = Library((loaded,), ())
    history = History.open(tmp_path / "h.sqlite3")
    session = Session(loaded, "Ada", twin="begum")
    assert "Ava Begum" in session.scenario.case.referral.text
    history.begin(session)
    session.submit(TakeAction("home-visit"))
    session.submit(Decide(stage="contact", option="assess", rationale="Hungry all week."))

    (offer,) = history.offers("Ada", library)
    found = resumable(offer.plan)
    assert found is not None
    resumed = history.resume(offer, found, "Ada")
    assert resumed is not None and resumed.twin == "begum"
    assert resumed.scenario.stage_by_id["plan"].narrative == "The assessment is done. Rina Begum wants help."
    assert resumed.state.scenario.action_by_id["home-visit"].label == "Visit the Begum family at home"
    resumed.submit(Decide(stage="plan", option="cin"))
    assert history.finish(resumed, resumed.debrief())

    assert history.store is not None
    exported = json.loads(render(history.store, 1, "json", library))
    assert exported["session"]["twin"] == {"id": "begum", "label": "British Bangladeshi family, the Begums",
                                           "attribute": "ethnicity", "question": exported["session"]["twin"]["question"]}
    assert "rebranch" not in exported["session"]
    assert "Begum" in render(history.store, 1, "md", library) and "((" not in render(history.store, 1, "md", library)
    # the transcript is the same whichever twin: it replays and scores the same on the file as written
    events = [e for e in resumed.events]
    assert score(replay(loaded.scenario, events)).overall == resumed.debrief().overall

    source = branch_source(history, 1, library)
    assert source.twin == "begum"
    branch = rebranch(source.loaded, "Ada", source.events, source.decisions()[0].index, twin=source.twin,
                      parent=1)
    history.begin(branch)
    assert branch.scenario.case.people[0].name == "Ava Begum"
    assert history.store.session(2).twin == "begum" and history.store.session(2).parent_id == 1
    branch.submit(Decide(stage="contact", option="close"))
    history.finish(branch, branch.debrief())
    exported = json.loads(render(history.store, 2, "json", library))
    assert exported["session"]["rebranch"] == {"parent": 1, "parted_at": 1}
    history.close()
