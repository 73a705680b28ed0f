"""How every command speaks: exit codes, JSON and text on standard output, and a problem as one line on
standard error, never a traceback.

Whatever a command prints passes ``neutralise``: text from files and from the history (a trainee's name, a
reflection, an edited export) can hold escape sequences that would set the terminal's title, clear it or
colour it, and bidirectional overrides that would show text in another order than it is. ``guarded_output``
puts both standard streams behind it for the length of a command, and turns the ways standard output can
fail (closed, full, a reader that went away) into what well-behaved tools do: a one-line message and exit 1,
or, for a closed pipe, a quiet exit.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from simulator.reports.terminal import json_safe, neutralise

if TYPE_CHECKING:
    from simulator.scenarios.problems import Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_SOFTWARE = 70  # sysexits' EX_SOFTWARE: a fault of ours that the last-resort handler caught
# What a shell reports for a command stopped by SIGPIPE (128 + 13): `case-review show --json | head -1`.
EXIT_BROKEN_PIPE = 141

plain = neutralise  # the name the tables have always used


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """``data`` as JSON that is safe on a terminal and loses nothing (``json_safe``). Never NaN or Infinity,
    which are not JSON: ValueError."""
    return json_safe(json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False))


def print_json(data: Any) -> None:
    write_stdout(json_text(data) + "\n")


def problems_out(problems: Sequence[Problem]) -> None:
    for p in problems:
        print(p.format(), file=sys.stderr)


def fail(message: str) -> int:
    print("case-review: " + " ".join(message.split()), file=sys.stderr)
    return EXIT_PROBLEMS


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def reading_new_files(waiting: int) -> str:
    """Why a command waits on the library's index: ``waiting`` files new or changed since it was made (a new
    folder, or every file after an upgrade) are being read."""
    return f"reading {waiting:,} new or changed scenario {'file' if waiting == 1 else 'files'} for the library's index"


def write_stdout(text: str) -> None:
    """Write to standard output as UTF-8 whatever the locale says (a redirected export is UTF-8)."""
    out = sys.stdout
    if out is None:
        raise OutputError(errno.EBADF, os.strerror(errno.EBADF))
    if isinstance(out, Neutral):
        out.write(text)
        return
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(neutralise(text))
        return
    out.flush()
    buffer.write(neutralise(text).encode("utf-8"))
    buffer.flush()


class OutputError(OSError):
    """Standard output (or standard error) could not be written: closed, or a full disk."""


class Neutral(io.TextIOBase):
    """A standard stream as commands see it: everything written is neutralised and sent on as UTF-8."""

    def __init__(self, target: TextIO) -> None:
        super().__init__()
        self.target = target
        # A write that failed, kept: argparse swallows the OSError of its help text, and the command must still
        # end saying so (``finish_output``).
        self.failed: OSError | None = None

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        safe = neutralise(text)
        buffer = getattr(self.target, "buffer", None)
        try:
            if buffer is None:
                self.target.write(safe)
            else:
                self.target.flush()  # what was written to the text layer first goes first
                buffer.write(safe.encode("utf-8", "replace"))
        except BrokenPipeError:
            raise
        except OSError as err:
            self.failed = err
            raise OutputError(err.errno, err.strerror) from err
        return len(text)

    def flush(self) -> None:
        try:
            self.target.flush()
            buffer = getattr(self.target, "buffer", None)
            if buffer is not None:
                buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as err:
            raise OutputError(err.errno, err.strerror) from err

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()


class _Closed(io.TextIOBase):
    """Standard output when the command was started without one (`>&-`): every write fails as it would on a
    closed descriptor, and is reported as such."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OutputError(errno.EBADF, os.strerror(errno.EBADF))


@contextlib.contextmanager
def guarded_output() -> Iterator[None]:
    """Run a command with both standard streams behind ``Neutral`` (a missing one behind ``_Closed``), put
    them back afterwards."""
    saved = sys.stdout, sys.stderr
    out: TextIO = Neutral(saved[0]) if saved[0] is not None else _Closed()  # type: ignore[assignment]
    err: TextIO = Neutral(saved[1]) if saved[1] is not None else io.StringIO()  # type: ignore[assignment]
    sys.stdout, sys.stderr = out, err
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def finish_output() -> int | None:
    """Flush standard output at the end of a command. None when all went out; otherwise the exit code, after
    a one-line message on standard error (nothing for a reader that went away)."""
    out = sys.stdout
    try:
        if out is not None:
            out.flush()
    except BrokenPipeError:
        return broken_pipe()
    except OSError as err:
        return output_failed(err)
    failed = getattr(out, "failed", None)
    if isinstance(failed, BrokenPipeError):
        return broken_pipe()
    if isinstance(failed, OSError):
        return output_failed(failed)
    return None


def broken_pipe() -> int:
    """The reader of standard output went away (`| head`): stop quietly, as a tool killed by SIGPIPE would,
    and make sure Python's own flush at exit does not complain either."""
    _detach_stdout()
    return EXIT_BROKEN_PIPE


def output_failed(err: OSError) -> int:
    """Standard output cannot be written (closed, a full disk, /dev/full): say so in one line."""
    _detach_stdout()
    reason = err.strerror or str(err)
    with contextlib.suppress(OSError, ValueError, AttributeError):
        print(f"case-review: standard output: cannot write: {reason}", file=sys.stderr)
        sys.stderr.flush()
    return EXIT_PROBLEMS


def _detach_stdout() -> None:
    """Point file descriptor 1 at /dev/null, so what is still buffered is dropped rather than raised again
    when the interpreter exits."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 1)
        finally:
            os.close(null)
