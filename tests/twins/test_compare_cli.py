"""`case-review compare A B [--json]`: a finished case and its re-branch at the second decision, as the app makes
them, printed side by side with what differs marked and where they part; and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.application.history import History
from simulator.application.rebranch import RebranchError, decisions_made, rebranch
from simulator.application.session import Session
from simulator.cli.main import main
from simulator.domain.events import Decide, TakeAction
from simulator.domain.strategies import reference_play
from simulator.scenarios.loader import Loaded, load_file

from .helpers import MINI, TWIN_MINI


def _loaded(path: Path) -> Loaded:
    loaded = load_file(path)
    assert isinstance(loaded, Loaded)
    return loaded


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Session 1: the key's play of the mini case. Session 2: re-branched at its second decision to a conference.
    Session 3: the twin case."""
    path = tmp_path / "history.sqlite3"
    loaded = _loaded(MINI)
    history = History.open(path)
    first = Session(loaded, "Ada")
    history.begin(first)
    for event in reference_play(loaded.scenario):
        first.submit(event)
    history.finish(first, first.debrief())
    recording = history.recording(first)
    assert recording is not None
    second_decision = decisions_made(first.scenario, first.events)[1]
    branch = rebranch(loaded, "Ada", first.events, second_decision.index, parent=recording.session_id)
    history.begin(branch)
    branch.submit(Decide(stage="enquiry", option="conference", rationale="A conference to share the risk."))
    history.finish(branch, branch.debrief())
    twin = Session(_loaded(TWIN_MINI), "Ada", twin="begum")
    history.begin(twin)
    twin.submit(TakeAction("ask-nursery"))
    history.close()
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_compare_prints_the_two_attempts(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["compare", "1", "2", "--db", str(db), "--scenarios", str(MINI.parent)], capsys)
    assert (code, err) == (0, "")
    assert "B was re-branched from A at event 10 (Section 47 enquiry). A: chose Child-in-need plan; B: chose " \
           "Initial conference." in out
    assert "* Section 47 enquiry  Child-in-need plan   Initial conference" in out
    assert "  Contact             Strategy discussion  Strategy discussion" in out
    assert "* Proportionate help         Outstanding (1.00)  Inadequate (0.25)" in out
    assert "* overall grade    Outstanding  Requires improvement to be good" in out


def test_compare_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["compare", "1", "2", "--db", str(db), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "case-review-comparison" and data["scenario"] == "mini-test-case"
    assert data["parts_at"] == {"event": 10, "rebranch": True, "stage": "Section 47 enquiry",
                                "what": ["chose Child-in-need plan", "chose Initial conference"]}
    assert [s["id"] for s in data["sessions"]] == [1, 2] and data["sessions"][1]["parent"] == 1
    enquiry = next(d for d in data["decisions"] if d["id"] == "enquiry")
    assert enquiry == {"id": "enquiry", "label": "Section 47 enquiry",
                       "chosen": ["Child-in-need plan", "Initial conference"], "differs": True}
    assert data["criteria"]["proportionate-help"]["differs"] is True
    assert data["criteria"]["front-door"]["differs"] is False
    assert data["overall"] == {"grades": ["outstanding", "requires_improvement"], "differs": True}
    assert data["differences"] == 5
    # by uuid too, and the other way round: A is whichever is named first
    code, out, _ = run(["history", "--db", str(db), "--json"], capsys)
    uuid = json.loads(out)[1]["uuid"]
    code, out, _ = run(["compare", uuid, "1", "--db", str(db), "--json"], capsys)
    assert json.loads(out)["parts_at"]["what"] == ["chose Initial conference", "chose Child-in-need plan"]


@pytest.mark.parametrize(("argv", "message"), [
    (["1", "1"], "both are session 1: name two different attempts to compare"),
    (["1", "3"], "session 1 is of 'mini-test-case' and session 3 of 'twin-mini': compare two attempts at the same case"),
    (["1", "9"], "no session 9 in"),
])
def test_compare_errors_are_one_line(db: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                                     message: str) -> None:
    code, out, err = run(["compare", *argv, "--db", str(db)], capsys)
    assert (code, out) == (1, "")
    assert err.startswith("case-review: ") and message in err and err.count("\n") == 1


def test_rebranch_refuses_what_is_not_a_decision() -> None:
    loaded = _loaded(MINI)
    events = reference_play(loaded.scenario)
    with pytest.raises(RebranchError, match="event 0 is not a decision"):
        rebranch(loaded, "Ada", events, 0)


def test_a_rebranch_at_a_stage_with_several_decisions_keeps_the_ones_made_before() -> None:
    loaded = _loaded(MINI.parent / "format2" / "household.yaml")
    session = Session(loaded, "Ada")
    for event in reference_play(loaded.scenario):
        session.submit(event)
    made = decisions_made(session.scenario, session.events)
    plan = [m for m in made if m.stage == made[0].stage]
    assert len(plan) >= 2 and plan[0].decision != plan[1].decision
    at_second = plan[1]
    branch = rebranch(loaded, "Ada", session.events, at_second.index)
    pending = branch.state.pending_decisions()
    assert [d.id for d in pending] == [at_second.decision]  # the first decision of the plan stays made
    alternative = at_second.alternatives[0]
    branch.submit(Decide(stage=at_second.stage, option=alternative.id, decision=at_second.decision))
    assert alternative.id in branch.state.chosen and plan[0].option.id in branch.state.chosen


def test_two_attempts_that_chose_alike_and_wrote_differently_have_not_parted_there(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two trainees choosing the same option with different records part where their choices differ, not at
    the first decision because its rationale differs."""
    path = tmp_path / "history.sqlite3"
    loaded = _loaded(MINI)
    history = History.open(path)
    for who, first_record, then in (("Ada", "The mark and the caution.", "cin-plan"),
                                    ("Ben", "A strategy discussion today.", "conference")):
        session = Session(loaded, who)
        history.begin(session)
        session.submit(Decide(stage="contact", option="strategy", rationale=first_record))
        session.submit(Decide(stage="enquiry", option=then, rationale="As planned."))
        history.finish(session, session.debrief())
    history.close()
    code, out, _ = run(["compare", "1", "2", "--db", str(path), "--json"], capsys)
    assert code == 0
    parts = json.loads(out)["parts_at"]
    assert (parts["event"], parts["stage"]) == (1, "Section 47 enquiry")
    assert parts["what"] == ["chose Child-in-need plan", "chose Initial conference"]
