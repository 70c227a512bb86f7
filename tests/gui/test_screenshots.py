"""The README's screenshot script: without its book it makes nothing and says why in one line."""

from __future__ import annotations

from pathlib import Path

from gui import screenshots


def test_missing_book_fails_with_one_line(tmp_path: Path, capsys, sample_path: Path) -> None:
    """`python -m gui.screenshots --book MISSING` exits 1 with one error line and writes no picture."""
    missing = tmp_path / "war-and-peace.txt"
    status = screenshots.main([str(sample_path), "--book", str(missing), "--out", str(tmp_path / "shots")])
    captured = capsys.readouterr()
    assert 1 == status
    assert [f"screenshots: error: War and Peace not found at {missing}; nothing was made"] == (
        captured.err.splitlines()
    )
    assert not (tmp_path / "shots").exists()
