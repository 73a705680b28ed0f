"""A damaged row (one bad byte in a date, a JSON column, a status) is reported by its session number and
skipped; the rest keeps working, and the file is never modified (issue 14, item 9)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from simulator.cli.main import main
from simulator.domain.engine import replay
from simulator.domain.scoring.debrief import score
from simulator.domain.strategies import reference_play
from simulator.scenarios.loader import Loaded
from simulator.store.database import Store
from simulator.store.errors import DamagedRowError

DAMAGE = [
    ("started_at", "'2024-13-45T99:00:00+00:00'"),
    ("started_at", "12"),
    ("scores", "'{\"front-door\": '"),
    ("scores", "'[1, 2]'"),
    ("seen_evidence", "'5'"),
    ("self_assessment", "'{\"front-door\": \"brilliant\"}'"),
    ("status", "'finishe\u00e4'"),
    ("overall", "'goood'"),
    ("finished_at", "'yesterday'"),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def three(db_path: Path, mini: Loaded) -> Path:
    with Store.open(db_path) as store:
        profile = store.ensure_profile("Sam")
        for _ in range(3):
            sid = store.start_session(profile, mini)
            events = reference_play(mini.scenario)
            for event in events:
                store.append_event(sid, event)
            store.finish_session(sid, score(replay(mini.scenario, events)))
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return db_path


def _damage(path: Path, column: str, value: str) -> None:
    raw = sqlite3.connect(path)
    raw.execute(f"UPDATE sessions SET {column} = {value} WHERE id = 2")
    raw.commit()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()


@pytest.mark.parametrize(("column", "value"), DAMAGE)
def test_a_damaged_session_is_skipped_by_number_and_the_rest_listed(
        three: Path, column: str, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    _damage(three, column, value)
    before = _digest(three)
    with Store.open(three, create=False) as store:
        profile = store.get_profile("Sam")
        assert profile is not None
        assert [r.id for r in store.sessions()] == [1, 3]
        assert 2 in store.damaged
        if column not in ("overall", "status"):
            assert len(store.progress(profile)["front-door"]) in (2, 3)
        with pytest.raises(DamagedRowError, match="session 2"):
            store.session(2)
    code = main(["history", "--db", str(three)])
    out, err = capsys.readouterr()
    assert code == 1
    assert [line.split()[0] for line in out.splitlines()[1:]] == ["1", "3"]
    assert err.startswith("case-review: ") and "session 2 is damaged" in err and err.count("\n") == 1
    code = main(["export", "2", "--db", str(three)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "") and "session 2" in err and err.count("\n") == 1
    assert main(["export", "3", "--db", str(three)]) == 0
    capsys.readouterr()
    assert _digest(three) == before


def test_a_damaged_event_is_reported_not_raised(three: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = sqlite3.connect(three)
    raw.execute("DROP TRIGGER events_no_update")  # as a bit flip would, with no trigger to stop it
    raw.execute("UPDATE events SET event = '{\"type\": [' WHERE session_id = 2 AND seq = 0")
    raw.commit()
    raw.close()
    code = main(["export", "2", "--db", str(three)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "") and "session 2 holds an event this version cannot read" in err


@pytest.mark.parametrize("change", ["grade = 9", "grade = 'goood'", "finished_at = ':026-11-30T06:56:09+00:00'",
                                    "finished_at = 12", "score = 'high'"])
def test_damaged_progress_figures_are_reported_not_raised(three: Path, change: str) -> None:
    """The progress tab's figures walk a criterion's saved scores in order: one damaged there is a store error
    the app reports (the rest of the history still opens), never an exception, and the file is not changed."""
    from simulator.application.history import History

    raw = sqlite3.connect(three)
    raw.execute(f"UPDATE criterion_scores SET {change} WHERE session_id = 3")
    raw.commit()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    before = _digest(three)
    with Store.open(three, create=False) as store:
        profile = store.get_profile("Sam")
        assert profile is not None
        with pytest.raises(DamagedRowError, match="progress figures"):
            store.trends(profile, 12)
    history = History.open(three)
    assert history.standing("Sam", 12) is None
    assert [type(e) for e in history.pending] == [DamagedRowError]
    assert history.overview("Sam", 100) is not None
    assert _digest(three) == before
