"""Fixed sessions for the export tests and golden files: every id, time and
word is pinned, so an export changes only when its code does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from simulator.domain.catalogue import Grade
from simulator.domain.events import Decide, Event, Flag, FlagKind, Note, TakeAction
from simulator.domain.model import Scenario
from simulator.domain.strategies import reference_play
from simulator.reports.session_report import SessionReport, build_report
from simulator.scenarios.loader import load_bytes
from simulator.store.records import LoggedEvent, SessionMode, SessionRecord, SessionStatus

MINI = Path(__file__).resolve().parent.parent / "data" / "mini.yaml"
START = datetime(2024, 3, 4, 9, 10, tzinfo=UTC)
STEP = timedelta(seconds=95)

HOSTILE = "<script>alert('x')</script> [@click=app.quit] **bold** | pipe & &amp; [link](javascript:alert(1))"


def _scenario(text: str) -> Scenario:
    scenario = load_bytes(str(MINI), text.encode("utf-8"))
    assert isinstance(scenario, Scenario), scenario
    return scenario


def mini_scenario() -> Scenario:
    return _scenario(MINI.read_text(encoding="utf-8"))


def hostile_scenario() -> Scenario:
    """The fixture scenario with hostile text where an author could put it."""
    text = MINI.read_text(encoding="utf-8")
    for old, new in [
        ("title: Test case — a school's concern about Leo", "title: '" + HOSTILE.replace("'", "''") + "'"),
        ("label: The mark on Leo's arm", 'label: "<img src=x onerror=alert(1)> [@click=app.quit]"'),
        ("Check police and records the same day", "# Not a heading\n    1. not a list <b>x</b>\n    Check police"),
    ]:
        assert old in text, old
        text = text.replace(old, new)
    return _scenario(text)


def _logged(events: list[Event]) -> tuple[LoggedEvent, ...]:
    return tuple(LoggedEvent(i, e, START + STEP * (i + 1)) for i, e in enumerate(events))


def _record(**changes: object) -> SessionRecord:
    fields: dict[str, object] = dict(
        id=7, uuid="3f2c8a9e-5b1d-4c7e-9a6f-0d4e8b2c1a37", profile_id=1, profile="Ada Lovelace",
        trainee_uuid="8d0b6c1e-2f4a-4e9b-b3c5-7a1d9e0f2b46",
        scenario_id="mini-test-case", scenario_title="Test case", scenario_digest="ab" * 32,
        scenario_path="tests/data/mini.yaml", mode=SessionMode.STANDARD, status=SessionStatus.ACTIVE,
        started_at=START, updated_at=START,
    )
    fields.update(changes)
    return SessionRecord(**fields)  # type: ignore[arg-type]


def finished_report() -> SessionReport:
    """The key's own play, finished, self-assessed and reflected on."""
    scenario = mini_scenario()
    events = _logged(reference_play(scenario))
    record = _record(
        mode=SessionMode.SELF_ASSESSMENT, status=SessionStatus.FINISHED, event_count=len(events),
        finished_at=events[-1].at + timedelta(minutes=2), overall=Grade.OUTSTANDING,
        self_assessment={"front-door": Grade.GOOD, "child-voice": Grade.REQUIRES_IMPROVEMENT,
                         "exploitation": Grade.GOOD},
        reflection="Checking police records before deciding changed the picture.\n\nThe 2012 call mattered.",
        practice_change="I will ask the police the same day for every physical-harm referral.",
        peer_reflection="Discussed with my practice educator in supervision.",
    )
    return build_report(record, scenario, events)


def hostile_report() -> SessionReport:
    """An unfinished case with hostile text from the author and the trainee."""
    scenario = hostile_scenario()
    events: list[Event] = [
        TakeAction("check-records"),
        Flag("mark-on-arm", FlagKind.RISK),
        Flag("earlier-call", FlagKind.PROTECTIVE),
        Note(HOSTILE + "\n- list?\n    indented code?"),
        Decide(stage="contact", option="strategy", rationale="</td></tr></table>" + HOSTILE, cites=("mark-on-arm",),
               confidence=1),
    ]
    logged = _logged(events)
    record = _record(profile="<Ada> [@click=app.quit]", event_count=len(logged), updated_at=logged[-1].at,
                     reflection=HOSTILE, practice_change="", peer_reflection="")
    return build_report(record, scenario, logged)
