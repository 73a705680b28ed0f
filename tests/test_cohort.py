"""`case-review cohort` over many exports, including bad and mixed-version files."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest

from simulator.cli.main import main
from simulator.domain.engine import replay
from simulator.domain.events import event_to_json
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.serialise import debrief_to_json
from simulator.domain.strategies import random_play, reference_play
from simulator.reports.cohort import Skipped, summarise

from .conftest import load_mini

MINI = load_mini()


def _export(trainee: str, events: list[object], version: int = 1) -> dict[str, object]:
    """The shape `case-review export --format json` writes (see simulator/reports/json_export.py)."""
    return {
        "scenario": MINI.id,
        "events": [event_to_json(e) for e in events],  # type: ignore[arg-type]
        "format": "case-review-session",
        "format_version": version,
        "session": {"trainee": trainee, "scenario": {"id": MINI.id, "title": MINI.title}},
        "debrief": debrief_to_json(score(replay(MINI, events))),  # type: ignore[arg-type]
    }


@pytest.fixture
def exports(tmp_path: Path) -> list[str]:
    paths = []
    for i in range(24):
        events = reference_play(MINI) if i % 4 == 0 else random_play(MINI, i)
        path = tmp_path / f"trainee-{i:02}.json"
        path.write_text(json.dumps(_export(f"trainee {i % 12}", events)))
        paths.append(str(path))
    return paths


def test_cohort_tables(exports: list[str]) -> None:
    cohort = summarise(exports)
    assert (cohort.sessions, cohort.trainees, cohort.skipped) == (24, 12, ())
    scenario = cohort.scenarios[MINI.id]
    assert scenario["n"] == 24 and sum(scenario["grades"].values()) == 24
    assert scenario["grades"]["outstanding"] >= 6  # the six reference plays
    front_door = cohort.criteria["front-door"]
    assert front_door["n"] == 24 and 0 <= front_door["mean"] <= 1
    assert cohort.missed and all(m["missed"] <= m["of"] for m in cohort.missed)
    assert {c["rule"] for c in cohort.critical} <= {"closed-without-checks", "child-never-seen"}


def test_bad_and_mixed_version_files_are_skipped_not_fatal(
    exports: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "broken.json").write_text("{nope")
    (tmp_path / "other.json").write_text(json.dumps({"hello": 1}))
    (tmp_path / "future.json").write_text(json.dumps(_export("x", [], version=2)))
    code = main(["cohort", *exports, str(tmp_path / "broken.json"), str(tmp_path / "other.json"),
                 str(tmp_path / "future.json"), str(tmp_path / "missing.json")])
    out, err = capsys.readouterr()
    assert code == 0
    assert out.startswith("24 finished sessions from 12 trainees")
    assert f"{tmp_path}/broken.json: skipped: not a JSON file" in err
    assert f"{tmp_path}/other.json: skipped: not a session export" in err
    assert f"{tmp_path}/future.json: skipped: export format version 2; this version reads 1" in err
    assert f"{tmp_path}/missing.json: skipped: cannot read the file" in err


def test_cohort_json_and_html(exports: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["cohort", *exports, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sessions"] == 24 and "most_missed_indicators" in data
    hostile = _export("<script>alert(1)</script>", reference_play(MINI))
    hostile["session"]["scenario"]["title"] = "<b>[@click=app.quit]</b>"  # type: ignore[index]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(hostile))
    assert main(["cohort", str(path), "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert "<b>[@click" not in page and "&lt;b&gt;[@click=app.quit]&lt;/b&gt;" in page


def test_no_readable_exports_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.json").write_text("[]")
    assert main(["cohort", str(tmp_path / "x.json")]) == 1


@pytest.mark.parametrize(("change", "reason"), [
    (lambda d: d["debrief"]["criteria"]["front-door"].update(score="abc"),
     '$.debrief.criteria.front-door.score is "abc", not a number from 0 to 1'),
    (lambda d: d["debrief"]["criteria"]["front-door"].update(score=10**400),
     "$.debrief.criteria.front-door.score is a huge number, not a number from 0 to 1"),
    (lambda d: d["debrief"]["criteria"]["front-door"].update(score=float("nan")),
     "$.debrief.criteria.front-door.score is NaN, not a number from 0 to 1"),
    (lambda d: d["debrief"].update(evidence=5), "$.debrief.evidence is 5, not a list"),
    (lambda d: d["debrief"].update(evidence=["x"]), '$.debrief.evidence[0] is "x", not an object'),
    (lambda d: d["debrief"].update(critical=[{"rule": 1, "criterion": "x"}]),
     "$.debrief.critical[0].rule is 1, not text"),
    (lambda d: d["session"].update(trainee=["a"]), '$.session.trainee is ["a"], not text'),
])
def test_fields_of_the_wrong_type_skip_the_file_with_the_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any, reason: str) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_export("Ann", reference_play(MINI))))
    data = _export("Bob", reference_play(MINI))
    change(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    for extra in ([], ["--json"], ["--format", "html"]):
        code = main(["cohort", str(good), str(bad), *extra])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert err == f"{bad}: skipped: {reason}\n"
        if extra == ["--json"]:
            parsed = json.loads(out)  # never NaN: JSON
            assert parsed["sessions"] == 1 and parsed["skipped"] == [{"path": str(bad), "reason": reason}]
        elif extra:
            assert html.escape(reason) in out
        else:
            assert out.startswith("1 finished session from 1 trainee\n")
            assert f"Files skipped (1):\n  {bad}: {reason}" in out


def test_the_same_session_exported_twice_is_counted_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = reference_play(MINI)
    early = _export("Ann", events[:2])
    late = _export("Ann", events)
    other = _export("Ann", events)
    for data, uuid in ((early, "u-1"), (late, "u-1"), (other, "u-2")):
        data["session"]["uuid"] = uuid  # type: ignore[index]
    paths = []
    for name, data in (("early", early), ("late", late), ("other", other)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(data))
        paths.append(str(path))
    cohort = summarise(paths)
    assert (cohort.sessions, cohort.trainees) == (2, 1)
    assert cohort.skipped == (Skipped(paths[0], f"the same session as {paths[1]}, counted once"),)
    assert cohort.scenarios[MINI.id]["unfinished"] == 0  # the later, finished export is the one counted


def test_unfinished_attempts_are_counted_apart_not_graded(exports: list[str], tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """An export of an attempt stopped part way (or abandoned) used to count as an inadequate case and pull down
    every mean it had a score in; the live view counts it apart."""
    finished = json.loads(Path(exports[0]).read_text())
    stopped = json.loads(Path(exports[0]).read_text())
    stopped["debrief"]["finished"] = False
    stopped["debrief"]["overall"] = "inadequate"
    stopped["debrief"]["criteria"] = {cid: {**c, "score": 0.0, "grade": "inadequate"}
                                      for cid, c in stopped["debrief"]["criteria"].items()}
    stopped["session"]["uuid"] = "00000000-0000-4000-8000-999999999999"
    path = tmp_path / "stopped.json"
    path.write_text(json.dumps(stopped))
    assert main(["cohort", exports[0], str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["sessions"], data["unfinished"]) == (1, 1)
    [scenario] = data["scenarios"].values()
    assert scenario["n"] == 1 and scenario["unfinished"] == 1 and scenario["grades"]["inadequate"] == (
        finished["debrief"]["overall"] == "inadequate")
    assert all(c["n"] == 1 for c in data["criteria"].values())
    assert main(["cohort", exports[0], str(path)]) == 0
    assert capsys.readouterr().out.startswith("1 finished session (and 1 unfinished, not graded) from 1 trainee")
