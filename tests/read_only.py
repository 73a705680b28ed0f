"""A folder this process truly cannot write, for the tests of a read-only history: ``chattr +i`` as root (root
writes through permission bits), ``chmod`` otherwise; the test is skipped where neither makes it read-only."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def lock(folder: Path) -> None:
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("chattr is not available")
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
        if done.returncode:
            pytest.skip(f"chattr +i is not allowed here: {done.stderr.decode(errors='replace').strip()}")
    else:
        folder.chmod(0o555)
    if os.access(folder, os.W_OK):
        unlock(folder)
        pytest.skip("this folder cannot be made read-only here")


def unlock(folder: Path) -> None:
    if os.geteuid() == 0 and shutil.which("chattr") is not None:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True, check=False)
    folder.chmod(0o700)
