"""The reader as a person feels it: a fresh `claimmark` process on a book, its stalls, tagging, and big libraries.

Every open figure runs a real process (``python -m claimmark --library L``, the
book as the document read last) and reads its probe (gui/probe.py): from the
moment before the process starts to the book painted, every UI-thread stall
of a 5 ms heartbeat until Qt has laid all of the book out, and the peak memory.
Beside it, the floor measured in the same run: a bare PySide6 process showing
the same text with the same highlights (bench/floor_qt.py), and for stalls a
bare process doing nothing but the heartbeat. Tagging runs in a process of its
own (bench/tagging.py) with a real key event per sample.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from storage import Library

from .app_process import Run, run_app, run_floor, run_idle
from .common import WAR_AND_PEACE, Report, median, percentile, require
from .fixtures import book_library, many_documents_library

RUNS = 3  # process starts per figure (and as many floors), alternating
TAG_SAMPLES = 60


def main() -> bool:
    """Run the benchmarks; return True when a budget is missed or an input is missing."""
    report = Report()
    if not require(report, "reader benchmarks", WAR_AND_PEACE):
        return True
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book-10k.sqlite"
        document_id = book_library(book, WAR_AND_PEACE, 10_000)
        print("  War and Peace + 10,000 sentence claims (a third tagged), the book read last:")
        _open(report, book, document_id, Path(folder), open_budget=0.8, runs=RUNS)
        _tagging(report, book, document_id, median_budget=0.016, p99_budget=0.050)
        big = Path(folder) / "book-100k.sqlite"
        document_id = book_library(big, WAR_AND_PEACE, 100_000)
        print("  War and Peace + 100,000 claims:")
        _open(report, big, document_id, Path(folder), open_budget=2.5, runs=1, memory_budget=500)
        _tagging(report, big, document_id, median_budget=0.050, p99_budget=None, samples=50)
        many = Path(folder) / "many.sqlite"
        ids = many_documents_library(many, 1_000, 100_000)
        print("  1,000 articles / 100,000 claims, an article read last:")
        _window_start(report, many, ids[-1], Path(folder))
    return report.failed()


def _floor_inputs(library: Path, document_id: int, folder: Path) -> tuple[Path, Path]:
    """Write the document's text and its claims' ranges for the bare-Qt floor."""
    with Library(library) as opened:
        text = opened.document_text(document_id)
        ranges = [(a.start, a.end) for a in opened.annotations(document_id)]
    text_path, ranges_path = folder / f"floor-{document_id}.txt", folder / f"floor-{document_id}.json"
    text_path.write_text(text, encoding="utf-8")
    ranges_path.write_text(json.dumps(ranges), encoding="utf-8")
    return text_path, ranges_path


def _open(
    report: Report, library: Path, document_id: int, folder: Path, *, open_budget: float, runs: int,
    memory_budget: float | None = None,
) -> None:  # fmt: skip
    text, ranges = _floor_inputs(library, document_id, folder)
    apps: list[Run] = []
    floors: list[Run] = []
    for _ in range(runs):
        floors.append(run_floor(text, ranges))
        apps.append(run_app(library, document_id))
    if any(run.painted is None or run.laid_out is None for run in apps + floors):
        report.missing("process start -> book painted", "a process did not paint or lay the book out in time")
        return
    idle = run_idle(max(run.laid_out or 0.0 for run in apps))
    painted = median([run.painted or 0.0 for run in apps])
    report.line(
        "process start -> book painted (median)", painted, open_budget, floor=median([f.painted or 0.0 for f in floors])
    )
    report.info("  ... -> whole book laid out by Qt (median)", median([r.laid_out or 0.0 for r in apps]),
                floor=median([f.laid_out or 0.0 for f in floors]))  # fmt: skip
    stalls = [stall for run in apps for stall in run.stalls]
    report.line("longest UI-thread stall, start to laid out (worst run)", max(stalls, default=0.0), 0.050, "ms",
                floor=idle.longest_stall or None)  # fmt: skip
    if not idle.longest_stall:
        print("  ... (floor: a bare process's idle heartbeat never stalled over 10 ms meanwhile)")
    report.info("  ... stalls over 50 ms, all runs", sum(stall > 0.050 for stall in stalls), "")
    collected = [pass_ for run in apps for pass_ in run.collected]  # (the collector holds Python's lock)
    report.info("  ... longest pass of Python's cyclic collector meanwhile, any thread", max(collected, default=0.0),
                "ms")  # fmt: skip
    report.info("  ... bare Qt's longest stall laying the same book out", max(f.longest_stall for f in floors), "ms")
    if memory_budget is not None:
        report.line("peak resident memory, start to laid out", max(run.peak_mb for run in apps), memory_budget, "MB",
                    floor=max(f.peak_mb for f in floors))  # fmt: skip


def _tagging(
    report: Report, library: Path, document_id: int, *, median_budget: float, p99_budget: float | None,
    samples: int = TAG_SAMPLES,
) -> None:  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "bench.tagging", str(library), str(document_id), str(samples)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        report.missing("key -> highlight painted", (done.stderr.strip().splitlines() or ["it failed"])[-1])
        return
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    times, floor = measured["samples"], measured["floor"]
    what = f"key -> highlight painted + count updated, {len(times)} sentences"
    report.line(f"{what}: median", median(times), median_budget, "ms", floor=median(floor))
    if p99_budget is not None:
        report.line(f"{what}: p99", percentile(times, 0.99), p99_budget, "ms", floor=percentile(floor, 0.99))
    else:
        report.info(f"{what}: p99", percentile(times, 0.99), "ms", floor=percentile(floor, 0.99))


def _window_start(report: Report, library: Path, document_id: int, folder: Path) -> None:
    text, ranges = _floor_inputs(library, document_id, folder)
    apps, floors = [], []
    for _ in range(RUNS):
        floors.append(run_floor(text, ranges))
        apps.append(run_app(library, document_id, until="painted"))
    if any(run.painted is None for run in apps + floors):
        report.missing("window start", "a process did not paint in time")
        return
    report.line("process start -> window with the article painted (median)", median([r.painted or 0.0 for r in apps]),
                0.6, floor=median([f.painted or 0.0 for f in floors]))  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
