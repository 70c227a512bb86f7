"""Run the command line as a user would: in-process by default (fast), in a real process where that matters."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from unittest import mock


def claimmark(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `claimmark ARGS` in this process with env as its environment; with check, assert it succeeded.

    Exactly what `python -m claimmark` runs (claimmark.cli.main), with its standard output and error
    captured; returns a finished process record like subprocess.run.
    """
    from claimmark.cli import main

    out, err = io.StringIO(), io.StringIO()
    with mock.patch.dict(os.environ, env, clear=True), redirect_stdout(out), redirect_stderr(err):
        status = main(list(args))
    result = subprocess.CompletedProcess(["claimmark", *args], status, out.getvalue(), err.getvalue())
    if check:
        assert 0 == result.returncode, result.stderr
    return result


def claimmark_process(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `python -m claimmark ARGS` in a subprocess (for what only a real process shows: exit codes, pipes)."""
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
