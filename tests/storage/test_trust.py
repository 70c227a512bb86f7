"""Short forms of `make bench`'s trust figures: real processes killed, racing and failing; nothing saved is lost."""

from __future__ import annotations

import random
from pathlib import Path

from bench import trust_harness as harness


def _no_losses(figures: harness.Figures) -> None:
    assert (0, 0, 0) == (figures.lost, figures.integrity_failures, figures.silent_failures), figures.notes


def test_twenty_kills_of_a_writer_lose_nothing_acknowledged(tmp_path: Path) -> None:
    """20 SIGKILLs of a writing process: every acknowledged claim is in the file, which passes integrity_check."""
    figures = harness.kill_writers(tmp_path / "kills.sqlite", 20, random.Random(20))
    _no_losses(figures)
    assert figures.acknowledged > 0


def test_two_writer_processes_lose_nothing(tmp_path: Path) -> None:
    """Two processes writing at once for 2 s: all acknowledged claims kept; a wait past the bound is reported."""
    figures = harness.two_writers(tmp_path / "two.sqlite", 2.0)
    _no_losses(figures)
    assert figures.acknowledged > 0


def test_full_disk_read_only_locked_and_vanished_wal_are_each_reported(tmp_path: Path) -> None:
    """Each failure of the file system or of another program is a clear error, and nothing acknowledged is lost."""
    for name, scenario in (
        ("full", harness.disk_full),
        ("read-only", harness.read_only),
        ("locked", lambda folder: harness.locked(folder, busy_timeout=0.2, holding=1.0)),
        ("wal", harness.vanished_wal),
    ):
        folder = tmp_path / name
        folder.mkdir()
        figures = scenario(folder)
        _no_losses(figures)
        assert figures.reported > 0, name
