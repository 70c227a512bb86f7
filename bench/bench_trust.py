"""Saved means committed, measured from outside with real processes: kills, two writers, full disk, read-only,
locked, vanished -wal. Every scenario prints what was acknowledged and what was lost (budget 0), integrity
failures (0) and silent failures (0); then the cost of the checks a library pays at open.

Choices: 200 SIGKILLs of a writer process at random moments 5-80 ms after it starts (through the library
API), 20 of a window process tagging through its Fact action; two writer processes for 15 s; a 3 MB tmpfs as
the full disk when this process may mount one (else PRAGMA max_page_count, said in the output); the immutable
attribute (chattr +i) as the read-only file when running as root.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from documents import load_path
from storage import Library
from storage.library_file import inspect

from . import trust_harness as harness
from .common import WAR_AND_PEACE, Report, percentile, timed

WRITER_KILLS = 200
WINDOW_KILLS = 20
TWO_WRITERS_SECONDS = 15.0
OPENS = 5


def main() -> bool:
    """Run every scenario; return True when a budget is missed."""
    report = Report()
    with harness.scratch() as folder:
        root = Path(folder)
        killed = harness.kill_writers(root / "kills.sqlite", WRITER_KILLS, random.Random(14))
        _zeros(report, f"kill test: {WRITER_KILLS} SIGKILLs of a writer", killed)
        windows = harness.kill_windows(root / "windows.sqlite", WINDOW_KILLS, random.Random(15), max_actions=15)
        _zeros(report, f"kill test: {WINDOW_KILLS} SIGKILLs of the window", windows)
        two = harness.two_writers(root / "two.sqlite", TWO_WRITERS_SECONDS)
        _zeros(report, f"two writer processes for {TWO_WRITERS_SECONDS:g} s", two)
        for name, scenario in (
            ("disk full", harness.disk_full),
            ("read-only file", harness.read_only),
            ("locked by another process", harness.locked),
            ("-wal removed", harness.vanished_wal),
        ):
            (root / name.replace(" ", "-")).mkdir()
            _zeros(report, name, scenario(root / name.replace(" ", "-")))  # fmt: skip
    _open_costs(report)
    return report.missed > 0


def _zeros(report: Report, title: str, figures: harness.Figures) -> None:
    print(f"  {title}" + "".join(f"\n    ({note})" for note in figures.notes))
    report.figure("    acknowledged", figures.acknowledged)
    if figures.in_flight_committed or figures.in_flight_not_committed:
        report.figure("    in flight at the kill: committed", figures.in_flight_committed)
        report.figure("    in flight at the kill: not committed", figures.in_flight_not_committed)
    if figures.reported:
        report.figure("    refused with one clear error", figures.reported)
    report.count("    lost", figures.lost, 0)
    report.count("    integrity failures", figures.integrity_failures, 0)
    report.count("    silent failures", figures.silent_failures, 0)


def _open_costs(report: Report) -> None:
    """What the checks at open cost on a big library: War and Peace with 10,000 claims."""
    if not WAR_AND_PEACE.exists():
        report.count(f"open checks: {WAR_AND_PEACE} missing", 1, 0)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.sqlite"
        with Library(path, backups=False) as library:
            summary, _ = library.import_document(load_path(WAR_AND_PEACE))
            text = library.document_text(summary.id)
            rows = [(start, start + 80) for start in range(0, len(text) - 100, len(text) // 10_000)][:10_000]
            for start, end in rows:
                if text[start:end].strip():
                    library.add_annotation(summary.id, start, end, "fact")
        size = path.stat().st_size / 2**20
        from storage import library_file

        checks = []
        for _ in range(OPENS):
            library_file._verified.clear()  # a new process: quick_check again
            checks.append(timed(lambda: inspect(path))[1])
        report.line(f"inspect + quick_check at open ({size:.0f} MB library): median", percentile(checks, 0.5), 0.5)
        library_file._verified.clear()
        opens = [timed(lambda: Library(path, backups=False).close())[1] for _ in range(OPENS)]
        report.line("open for writing, checked once per process: median", percentile(opens, 0.5), 0.1, "ms")
        with Library(path, backups=False) as library:
            from storage.backup import make_backup

            _, seconds = timed(lambda: make_backup(library.db.conn, path, "daily"))
        report.line(f"daily backup of the {size:.0f} MB library (backup API + quick_check)", seconds, 2.0)
