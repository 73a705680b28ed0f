"""End to end, as a trainee's machine would see it: the real `case-review`
process in a pseudo-terminal, driven by keystrokes, killed with SIGKILL in
the middle of a case, started again, resumed and finished. The debrief it
saves must be exactly what replaying the stored events gives.

Every wait is a bounded loop on what the terminal shows or what the database
holds, with a deadline; nothing sleeps for a fixed time.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from simulator.domain.engine import replay
from simulator.domain.events import Event, event_from_json
from simulator.domain.scoring.debrief import score
from simulator.domain.scoring.serialise import debrief_to_json
from tests.app.helpers import MINI
from tests.app.history_helpers import mini

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

BIN = Path(sys.executable).parent / "case-review"
ROWS, COLS = 32, 110
DEADLINE_S = 30.0
# CSI and OSC sequences, and the other two-byte escapes: what is left is the text drawn.
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x1b[()][0-9A-Za-z]")
ENTER, DOWN, CTRL_S, CTRL_Q = "\r", "\x1b[B", "\x13", "\x11"


class Terminal:
    """One process on a pseudo-terminal of a fixed size; its output is read as it comes."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self.mark = 0  # where the output the next wait looks at begins

    def pump(self, wait_s: float) -> None:
        ready, _, _ = select.select([self.master], [], [], wait_s)
        if not ready:
            return
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the other end has gone
            return
        self.output += chunk

    def text(self, since: int = 0) -> str:
        return ANSI.sub("", self.output[since:].decode("utf-8", "replace"))

    def send(self, keys: str) -> None:
        self.mark = len(self.output)
        os.write(self.master, keys.encode())

    def wait(self, condition: Callable[[], bool], what: str, deadline_s: float = DEADLINE_S) -> None:
        end = time.monotonic() + deadline_s
        while not condition():
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting for {what}; the terminal last showed:\n"
                                     f"{self.text()[-1500:]}")
            if self.proc.poll() is not None:
                raise AssertionError(f"case-review exited ({self.proc.returncode}) while waiting for {what}:\n"
                                     f"{self.text()[-1500:]}")
            self.pump(0.05)

    def shows(self, words: str, what: str | None = None) -> None:
        """Wait until ``words`` are drawn after the last keys sent."""
        self.wait(lambda: words in self.text(self.mark), what or repr(words))

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=DEADLINE_S)
        os.close(self.master)

    def quit(self) -> int:
        self.send(CTRL_Q)
        end = time.monotonic() + DEADLINE_S
        while self.proc.poll() is None and time.monotonic() < end:
            self.pump(0.05)
        if self.proc.poll() is None:
            self.kill()
            raise AssertionError("case-review did not quit on ctrl+q")
        os.close(self.master)
        return self.proc.returncode


def _query(db: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    if not db.exists():
        return []
    conn = sqlite3.connect(db, timeout=5)
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError:  # the tables are not made yet
        return []
    finally:
        conn.close()


def _events(db: Path) -> list[Event]:
    rows = _query(db, "SELECT event FROM events ORDER BY session_id, seq")
    return [event_from_json(json.loads(str(text))) for (text,) in rows]


def _status(db: Path) -> list[str]:
    return [str(s) for (s,) in _query(db, "SELECT status FROM sessions ORDER BY id")]


def _open_the_test_case(term: Terminal, db: Path) -> None:
    """From the library: search for the test case and open it, as a trainee would."""
    term.send("/")
    term.shows("Search cases", "the search box to take the focus (its cursor is drawn)")
    term.send("mini-test-case")
    term.shows("Choose a case: 1 of", "the search to narrow the library to the test case")
    term.send(ENTER)  # out of the search, into the table
    term.shows("Open case", "the table to take the focus (the footer offers Open case again)")
    term.send(ENTER)  # open the case
    term.wait(lambda: len(_status(db)) == 1, "the session to be started in the database")
    term.shows("Check our records", "the case screen")


@pytest.fixture
def world(tmp_path: Path) -> tuple[list[str], dict[str, str], Path]:
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    shutil.copy(MINI, scenarios / "mini.yaml")
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"trainee": "Pty Trainee"}), encoding="utf-8")
    db = tmp_path / "history.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "CASE_REVIEW"))}
    env.update(CASE_REVIEW_DB=str(db), CASE_REVIEW_SETTINGS=str(settings), CASE_REVIEW_CONFIG=str(tmp_path / "none.toml"),
               TERM="xterm-256color",
               COLORTERM="truecolor", HOME=str(tmp_path), LANG="C.UTF-8", LC_ALL="C.UTF-8")
    return [str(BIN), "--scenarios", str(scenarios)], env, db


def test_killed_mid_case_then_resumed_debriefs_as_the_stored_events_replay(
        world: tuple[list[str], dict[str, str], Path]) -> None:
    argv, env, db = world
    first = Terminal(argv, env)
    try:
        first.wait(lambda: "in the library" in first.text(), "the library to load")
        _open_the_test_case(first, db)
        first.send(ENTER)  # check our records
        first.wait(lambda: len(_events(db)) == 1, "the first action in the database")
        first.send(ENTER)  # ask the police
        first.wait(lambda: len(_events(db)) == 2, "the second action in the database")
        first.send("e")
        first.shows("r p u Flag", "the evidence list to take the focus (the footer offers its flags)")
        first.send("r")  # flag the newest evidence as a risk
        first.wait(lambda: len(_events(db)) == 3, "the flag in the database")
    finally:
        first.kill()  # no chance to save anything more, or to finish
    before = _events(db)
    assert [type(e).__name__ for e in before] == ["TakeAction", "TakeAction", "Flag"]
    assert _status(db) == ["active"]

    second = Terminal(argv, env)
    try:
        second.wait(lambda: "Unfinished cases" in second.text(), "the offer to resume")
        second.send(ENTER)
        second.shows("Resumed where you left off", "the case to resume")
        second.send("d")
        second.shows("Choose", "the decision's options to take the focus (the footer offers Choose)")
        second.shows("Decision: Contact")
        second.send(DOWN)
        second.send(ENTER)  # strategy discussion
        second.shows("(•)", "the option to be chosen")
        second.send(CTRL_S)
        second.shows("Your rationale is empty", "the warning that no rationale was written")
        second.send(CTRL_S)  # recorded as it is
        second.shows("Continue", "what happened next (the footer offers Continue)")
        second.send(ENTER)
        second.shows("Decide", "the case screen again (the footer offers Decide)")
        second.send("d")
        second.shows("Choose", "the decision's options to take the focus")
        second.shows("Decision: Section 47 enquiry")
        second.send(ENTER)  # initial conference
        second.shows("(•)", "the option to be chosen")
        second.send(CTRL_S)
        second.shows("Your rationale is empty", "the warning that no rationale was written")
        second.send(CTRL_S)
        second.shows("See the debrief")
        second.send(ENTER)
        second.wait(lambda: _status(db) == ["finished"], "the session to be finished in the database")
        second.shows("Overall", "the debrief")
    finally:
        if second.proc.poll() is None:
            assert second.quit() == 0

    events = _events(db)
    assert events[:3] == before and len(events) == 5
    (cached,) = _query(db, "SELECT debrief FROM sessions")
    saved = json.loads(str(cached[0]))
    assert saved == debrief_to_json(score(replay(mini().scenario, events)))


def _draft(db: Path, kind: str) -> dict[str, object] | None:
    rows = _query(db, "SELECT data FROM drafts WHERE kind = ?", kind)
    return json.loads(str(rows[0][0])) if rows else None


def _drafted_rationale(db: Path) -> str:
    """The rationale of the contact decision's draft as the database holds it ('' while there is none)."""
    parts = (_draft(db, "decision:contact") or {}).get("parts") or [{}]
    return str(parts[0].get("rationale", ""))


def test_drafts_survive_a_sigkill_and_are_offered_back(world: tuple[list[str], dict[str, str], Path]) -> None:
    """Issue 14, item 2: an open decision with its option and half-written rationale, killed, comes back."""
    argv, env, db = world
    first = Terminal(argv, env)
    try:
        first.wait(lambda: "in the library" in first.text(), "the library to load")
        _open_the_test_case(first, db)
        first.send("d")
        first.shows("Decision: Contact", "the decision")
        first.send(DOWN)
        first.send(ENTER)  # strategy discussion
        first.shows("(•)", "the option to be chosen")
        first.send("\t")
        # Keys typed in the very moment the focus moves can go before it; a first letter is sent until the
        # database shows it arrived in the rationale (a person never types that fast after a Tab).
        for _ in range(10):
            first.send("F")
            try:
                first.wait(lambda: _drafted_rationale(db).startswith("F"),
                           "the first letter in the rationale", deadline_s=3.0)
                break
            except AssertionError:
                continue
        first.send("inger marks and a caution")
        first.wait(lambda: _drafted_rationale(db).endswith("Finger marks and a caution"),
                   "the rationale as typed in the database")
    finally:
        first.kill()  # mid-sentence, nothing confirmed
    assert _events(db) == [] and _status(db) == ["active"]

    second = Terminal(argv, env)
    try:
        second.wait(lambda: "Unfinished cases" in second.text(), "the offer to resume")
        second.send(ENTER)
        second.shows("Decision kept", "the kept decision to be offered")
        second.send("d")
        second.shows("Finger marks and a caution", "the rationale as it was typed")
        second.shows("(•)", "the option as it was chosen")
        second.send(CTRL_S)
        second.shows("Continue", "what happened next")
        second.wait(lambda: len(_events(db)) == 1, "the decision in the database")
    finally:
        if second.proc.poll() is None:
            assert second.quit() == 0
    (decision,) = _events(db)
    assert getattr(decision, "option", None) == "strategy"
    assert str(getattr(decision, "rationale", "")).endswith("Finger marks and a caution")
    assert _draft(db, "decision:contact") is None
