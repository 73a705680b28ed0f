"""Each command run on input an attacker (or an accident) shaped, by hypothesis (issue 14): `score`, `cohort`,
`export`, `history` and `validate` end with exit 0 or 1 and a message, never a traceback (the last-resort
handler's exit 70 counts as one), never a hang (each input is bounded), and never change the file they read.

Examples are bounded so the whole suite keeps to its time; a failure prints the blob to reproduce it."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.cli.main import main
from simulator.cli.output import EXIT_SOFTWARE
from simulator.domain.engine import replay
from simulator.domain.events import event_to_json
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.serialise import debrief_to_json
from simulator.domain.strategies import reference_play
from simulator.scenarios.loader import Loaded, load_file
from simulator.store.database import Store

from .conftest import MINI

FUZZ = settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                        HealthCheck.too_slow], deadline=None)
FEWER = settings(FUZZ, max_examples=20)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def _folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code != EXIT_SOFTWARE and "Traceback" not in err, err
    assert code in (0, 1), (code, err)
    return code, out, err


# -- JSON of any shape, and small edits of good input -------------------------------------------------------

_SCALARS = st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats(allow_nan=True) | st.text(max_size=20)
_JSON = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


def _paths(data: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*here, index))
    return found


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = json.loads(json.dumps(data))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


@st.composite
def _edited(draw: st.DrawFn, good: Any) -> Any:
    data = good
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        data = _replace(data, draw(st.sampled_from(paths)), draw(_JSON))
    return data


def _transcript() -> dict[str, Any]:
    loaded = load_file(MINI)
    assert isinstance(loaded, Loaded)
    return {"scenario": loaded.scenario.id, "events": [event_to_json(e) for e in reference_play(loaded.scenario)]}


def _export() -> dict[str, Any]:
    loaded = load_file(MINI)
    assert isinstance(loaded, Loaded)
    events = reference_play(loaded.scenario)
    return {"scenario": loaded.scenario.id, "events": [event_to_json(e) for e in events],
            "format": "case-review-session", "format_version": 1,
            "session": {"uuid": "u-1", "trainee": "Sam", "scenario": {"id": loaded.scenario.id, "title": "T"}},
            "debrief": debrief_to_json(score(replay(loaded.scenario, events)))}


TRANSCRIPT, EXPORT = _transcript(), _export()


@FUZZ
@given(data=st.one_of(_JSON, _edited(TRANSCRIPT)), raw=st.booleans(), text=st.binary(max_size=200))
def test_score_never_tracebacks(capsys: pytest.CaptureFixture[str], data: Any, raw: bool, text: bytes) -> None:
    with _folder() as folder:
        path = folder / "t.json"
        if raw:
            path.write_bytes(text)
        else:
            path.write_text(json.dumps(data), encoding="utf-8")
        before = _digest(path)
        code, out, _ = _run(capsys, "score", str(MINI), str(path), "--json")
        if code == 0:
            json.loads(out)
        assert _digest(path) == before


@FUZZ
@given(data=st.one_of(_edited(EXPORT), _JSON), form=st.sampled_from([[], ["--json"], ["--format", "html"]]))
def test_cohort_never_tracebacks(capsys: pytest.CaptureFixture[str], data: Any, form: list[str]) -> None:
    with _folder() as folder:
        good, bad = folder / "good.json", folder / "bad.json"
        good.write_text(json.dumps(EXPORT), encoding="utf-8")
        bad.write_text(json.dumps(data), encoding="utf-8")
        before = _digest(bad)
        code, out, _ = _run(capsys, "cohort", str(good), str(bad), *form)
        assert code == 0  # the good one is always summarised
        if form == ["--json"]:
            json.loads(out)  # never NaN: JSON
        assert _digest(bad) == before


# -- the history database: byte flips and odd references --------------------------------------------------

@pytest.fixture(scope="module")
def history_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    loaded = load_file(MINI)
    assert isinstance(loaded, Loaded)
    path = tmp_path_factory.mktemp("fuzz") / "history.sqlite3"
    with Store.open(path) as store:
        profile = store.ensure_profile("Sam")
        for n in range(4):
            sid = store.start_session(profile, loaded, "self-assessment" if n % 2 else "standard")
            events = reference_play(loaded.scenario)[: 2 + n]
            for event in events:
                store.append_event(sid, event)
            if n % 2:
                store.finish_session(sid, score(replay(loaded.scenario, events)))
            store.save_reflection(sid, f"reflection {n}")
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    return path


_FLIPS = st.lists(st.tuples(st.integers(100, 10**6), st.integers(0, 255)), min_size=1, max_size=4)


@contextmanager
def _flipped(source: Path, flips: list[tuple[int, int]]) -> Iterator[Path]:
    with _folder() as folder:
        path = folder / "history.sqlite3"
        shutil.copy(source, path)
        data = bytearray(path.read_bytes())
        for where, value in flips:
            data[where % len(data)] = value
        path.write_bytes(bytes(data))
        yield path


@FUZZ
@given(flips=_FLIPS, form=st.sampled_from([[], ["--json"], ["--trainee", "Sam"]]))
def test_history_never_tracebacks_nor_changes_a_damaged_file(capsys: pytest.CaptureFixture[str], history_db: Path,
                                                             flips: list[tuple[int, int]], form: list[str]) -> None:
    with _flipped(history_db, flips) as path:
        before = _digest(path)
        code, out, _ = _run(capsys, "history", "--db", str(path), *form)
        if code == 0 and form == ["--json"]:
            json.loads(out)
        assert _digest(path) == before


@FEWER
@given(flips=_FLIPS, session=st.sampled_from(["1", "2", "3", "4"]),
       fmt=st.sampled_from(["md", "html", "json", "xapi", "cpd"]))
def test_export_never_tracebacks_nor_changes_a_damaged_file(capsys: pytest.CaptureFixture[str], history_db: Path,
                                                            flips: list[tuple[int, int]], session: str,
                                                            fmt: str) -> None:
    with _flipped(history_db, flips) as path:
        before = _digest(path)
        _run(capsys, "export", session, "--db", str(path), "--format", fmt)
        assert _digest(path) == before


@FUZZ
@given(reference=st.text(min_size=1, max_size=40).filter(lambda t: not t.startswith("-"))
       | st.integers(0, 10**30).map(str),
       target=st.text(alphabet=st.characters(blacklist_characters="\x00/"), min_size=1, max_size=30))
def test_export_takes_any_reference_and_file_name(capsys: pytest.CaptureFixture[str], history_db: Path,
                                                  reference: str, target: str) -> None:
    before = _digest(history_db)
    with _folder() as folder:
        code, _, _ = _run(capsys, "export", reference, "--db", str(history_db), "-o", str(folder / target))
        written = [p for p in folder.iterdir()]
        assert len(written) == (1 if code == 0 else 0)  # one file, whole, or nothing (no temporary left)
    assert _digest(history_db) == before


# -- scenario files ---------------------------------------------------------------------------------------

_MINI_BYTES = MINI.read_bytes()


@st.composite
def _mutated_yaml(draw: st.DrawFn) -> bytes:
    data = bytearray(_MINI_BYTES)
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["replace", "insert", "delete"]))
        chunk = draw(st.sampled_from([b":", b"-", b"[", b"{", b"\n", b"  ", b"&a", b"*a", b"!!python/object",
                                      b"\x1b", b"\xff", b"\xe2\x80\xae", b"'", b'"', b"#", b"no", b"1e999"])
                     | st.binary(min_size=1, max_size=4))
        if kind == "replace":
            data[where:where + len(chunk)] = chunk
        elif kind == "insert":
            data[where:where] = chunk
        else:
            del data[where:where + draw(st.integers(1, 40))]
    return bytes(data)


@FUZZ
@given(content=_mutated_yaml(), strict=st.booleans())
def test_validate_never_tracebacks_nor_changes_the_file(capsys: pytest.CaptureFixture[str], content: bytes,
                                                        strict: bool) -> None:
    with _folder() as folder:
        path = folder / "case.yaml"
        path.write_bytes(content)
        _run(capsys, "validate", str(path), *(["--strict"] if strict else []))
        assert path.read_bytes() == content


@FUZZ
@given(flips=_FLIPS)
def test_the_apps_history_never_raises_on_a_damaged_file(history_db: Path, flips: list[tuple[int, int]]) -> None:
    """What the app does with the history at start and on `h`: open it, find what to offer, and the overview.
    Problems are reported (a store error each), never raised; the file is not changed."""
    from simulator.application.history import History
    from simulator.application.library import Library

    loaded = load_file(MINI)
    assert isinstance(loaded, Loaded)
    library = Library((loaded,), ())
    with _flipped(history_db, flips) as path:
        before = _digest(path)
        history = History.open(path)
        try:
            history.offers("Sam", library)
            overview = history.overview("Sam", 100)
            history.standing("Sam", 12)
            for record in overview.sessions if overview is not None else []:
                history.reflection_drafts("Sam")
                try:
                    history.reopen(record.id, library)
                except Exception as err:  # a StoreError is how a damaged session is said; nothing else is
                    from simulator.store.errors import StoreError
                    assert isinstance(err, StoreError), err
        finally:
            history.close()
        assert _digest(path) == before
