"""Run the command line in a subprocess, as a user would."""

from __future__ import annotations

import subprocess
import sys


def claimmark(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `python -m claimmark ARGS`; with check, assert it succeeded. Return the finished process."""
    result = subprocess.run(
        [sys.executable, "-m", "claimmark", *args], capture_output=True, text=True, env=env, timeout=120
    )
    if check:
        assert 0 == result.returncode, result.stderr
    return result


def fails(env: dict[str, str], *args: str) -> str:
    """Run a command that must fail: nothing on stdout, one `claimmark: error:` line. Return that line."""
    result = claimmark(env, *args, check=False)
    assert 0 != result.returncode and "" == result.stdout
    lines = result.stderr.splitlines()
    assert 1 == len(lines) and lines[0].startswith("claimmark: error: "), result.stderr
    return lines[0]
