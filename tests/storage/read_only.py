"""Making a real file read-only for a test, also when tests run as root (who may write any file with mode 0444)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def read_only_file(path: Path) -> Iterator[Path]:
    """Make path unwritable for this process for the duration: mode 0444, or the immutable attribute as root."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o444)
        try:
            yield path
        finally:
            path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode:
        if os.environ.get("CI"):
            pytest.fail("cannot make a file read-only as root: chattr +i failed")
        pytest.skip("cannot make a file read-only as root here (chattr +i unavailable)")
    try:
        yield path
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)
