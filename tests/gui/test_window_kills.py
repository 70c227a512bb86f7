"""The window killed while tagging through its actions: every claim it acknowledged as saved is in the file."""

from __future__ import annotations

import random
from pathlib import Path

from bench import trust_harness as harness


def test_killed_window_loses_no_saved_claim(tmp_path: Path) -> None:
    """Two SIGKILLs of a window process tagging with its Fact action: no acknowledged tag lost, file sound."""
    figures = harness.kill_windows(tmp_path / "window.sqlite", 2, random.Random(2), max_actions=5)
    assert (0, 0, 0) == (figures.lost, figures.integrity_failures, figures.silent_failures)
    assert figures.acknowledged > 0
