"""Where `export -o` may write (issue 14, item 6; design.md's contract): never over a file that is there
unless --force, never into a scenario folder or over a scenario file, never over anything but a regular
file, in the command line and the app alike."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from simulator.application.export import ExportError, TargetExists, write_export
from simulator.scenarios.loader import Loaded, load_file
from simulator.store.database import Store

from .conftest import MINI
from .conftest import run_cli as run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    loaded = load_file(MINI)
    assert isinstance(loaded, Loaded)
    path = tmp_path / "history.sqlite3"
    with Store.open(path) as store:
        store.start_session(store.ensure_profile("Sam"), loaded)
    return path


def test_an_existing_file_is_kept_unless_forced(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "notes.md"
    target.write_text("my own notes\n", encoding="utf-8")
    target.chmod(0o644)
    code, out, err = run(capsys, "export", "1", "--db", str(db), "-o", str(target))
    assert (code, out) == (1, "")
    assert err == f"case-review: {target} already exists; choose another name, or replace it with --force.\n"
    assert target.read_text(encoding="utf-8") == "my own notes\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert run(capsys, "export", "1", "--db", str(db), "-o", str(target), "--force") == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("# Case review")


def test_a_scenario_file_is_never_replaced_even_forced(db: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    trainer = tmp_path / "trainer"
    trainer.mkdir()
    case = trainer / "my-case.yaml"
    case.write_bytes(MINI.read_bytes())
    for extra in ([], ["--scenarios", str(trainer)]):
        code, _, err = run(capsys, "export", "1", "--db", str(db), *extra, "-o", str(case), "--force")
        assert code == 1 and err.startswith("case-review: ")
        assert case.read_bytes() == MINI.read_bytes()
    code, _, err = run(capsys, "export", "1", "--db", str(db), "--scenarios", str(trainer),
                       "-o", str(trainer / "new.md"))
    assert code == 1 and "scenario folder" in err and not (trainer / "new.md").exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX special files")
def test_anything_but_a_regular_file_is_never_replaced(db: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    real = tmp_path / "real.md"
    real.write_text("kept\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    for target in (fifo, link, tmp_path):
        code, _, err = run(capsys, "export", "1", "--db", str(db), "-o", str(target), "--force")
        assert code == 1 and err.startswith("case-review: "), target
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and link.is_symlink() and real.read_text() == "kept\n"


def test_a_file_appearing_while_the_export_is_made_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "race.md"

    def text() -> str:
        target.write_text("someone else's\n", encoding="utf-8")
        return "export"

    with pytest.raises(TargetExists):
        write_export(target, text, [])
    assert target.read_text(encoding="utf-8") == "someone else's\n"
    assert [p.name for p in tmp_path.iterdir()] == ["race.md"]  # no temporary left behind


def test_the_writer_refuses_a_device(tmp_path: Path) -> None:
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null")
    with pytest.raises(ExportError, match="not a regular file"):
        write_export(Path("/dev/null"), lambda: "x", [], force=True)
