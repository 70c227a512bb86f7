"""Reader budgets on War and Peace with 10,000 stored annotations: open, paint, tag, scroll, filter, memory."""

from __future__ import annotations

import os
import random
import resource
import tempfile
import time
import uuid
from pathlib import Path

from .common import WAR_AND_PEACE, Report, percentile, timed

ANNOTATIONS = 10_000
TYPES = ("fact", "opinion", "quote")


def main() -> bool:
    """Run the benchmarks; return True when a budget is missed."""
    report = Report()
    if not WAR_AND_PEACE.exists():
        report.skip("reader benchmarks", f"{WAR_AND_PEACE} not found")
        return False
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from documents import load_path
    from gui.app import open_window
    from storage import Library

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder, Library(Path(folder) / "bench.sqlite") as library:
        summary, _ = library.import_document(load_path(WAR_AND_PEACE))
        _fill(library, summary.id, library.document_text(summary.id))
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = open_window(library, [], settings=settings)  # as the app starts it
        window.resize(1400, 900)
        app.processEvents()
        stall, seconds = timed(lambda: _open_and_paint(app, window, summary.id))
        report.line("open War and Peace + 10,000 highlights: first page", seconds, 1.5)
        report.line("  longest UI-thread stall while it opens", stall, 0.100, "ms")
        _paint_only(report, window, library, summary.id)
        _settle(app, 3.0)  # Qt finishes laying the book out between events, as while a person reads
        _tag_one(report, app, window, library, summary.id)
        _scroll(report, window)
        _filter(report, window)
        window.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report.line("peak resident memory", rss, 600, "MB")
    return report.missed > 0


def _open_and_paint(app: object, window: object, document_id: int) -> float:
    """Open the book as a click would, wait until it is shown and painted; return the longest UI stall."""
    began = time.perf_counter()
    window.open_document(document_id)  # type: ignore[attr-defined]
    stalls = [time.perf_counter() - began]
    while window.current_document_id != document_id:  # type: ignore[attr-defined]
        began = time.perf_counter()
        app.processEvents()  # type: ignore[attr-defined]
        stalls.append(time.perf_counter() - began)
        time.sleep(0.002)
    began = time.perf_counter()
    window.reader.viewport().repaint()  # type: ignore[attr-defined]
    return max(*stalls, time.perf_counter() - began)


def _paint_only(report: Report, window: object, library: object, document_id: int) -> None:
    """Time painting 10,000 highlights into a freshly built document (segments + one edit block)."""
    from gui import highlights
    from gui.document_builder import build_document

    document = library.document(document_id)  # type: ignore[attr-defined]
    annotations = library.annotations(document_id)  # type: ignore[attr-defined]
    formats = highlights.HighlightFormats(library.claim_types())  # type: ignore[attr-defined]
    qt_document = build_document(document.blocks, document.text, 13.0)
    reader = window.reader  # type: ignore[attr-defined]
    _, seconds = timed(lambda: highlights.paint(qt_document, reader.offsets, formats, highlights.segments(annotations)))
    report.line(f"paint {len(annotations):,} highlights", seconds, 0.5)


def _tag_one(report: Report, app: object, window: object, library: object, document_id: int) -> None:
    """Key press to painted and committed, for claims across the book."""
    reader = window.reader  # type: ignore[attr-defined]
    text = reader.text
    samples = []
    for fraction in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        start = text.find(" the ", int(len(text) * fraction)) + 1
        reader.select_range(start, start + 3)
        began = time.perf_counter()
        window.tag_selection("opinion")  # type: ignore[attr-defined]
        reader.viewport().repaint()
        samples.append(time.perf_counter() - began)
    print("  samples (ms):", " ".join(f"{s * 1000:.0f}" for s in samples))
    report.line("tag one more claim: key press to painted + committed (median)", percentile(samples, 0.5), 0.050, "ms")
    report.line("tag one more claim: key press to painted + committed (worst of 9)", max(samples), 0.100, "ms")


def _scroll(report: Report, window: object) -> None:
    bar = window.reader.verticalScrollBar()  # type: ignore[attr-defined]
    samples = []
    for step in range(40):
        began = time.perf_counter()
        bar.setValue(bar.maximum() * step // 40)
        window.reader.viewport().repaint()  # type: ignore[attr-defined]
        samples.append(time.perf_counter() - began)
    report.line("scroll a page and repaint: p95", percentile(samples, 0.95), 0.050, "ms")


def _filter(report: Report, window: object) -> None:
    panel = window.annotation_panel  # type: ignore[attr-defined]
    _, typed = timed(lambda: panel.text_filter.setText("prince"))
    _, cleared = timed(lambda: panel.text_filter.setText(""))
    _, toggled = timed(lambda: panel.type_buttons["fact"].setChecked(False))
    report.line("filter 10,000 cards by text", max(typed, cleared), 0.150, "ms")
    report.line("hide one claim type's cards", toggled, 0.150, "ms")


def _settle(app: object, seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)


def _fill(library: object, document_id: int, text: str) -> None:
    """Store ANNOTATIONS random sentence-sized annotations in one transaction."""
    from storage.clock import now
    from storage.selectors import quote_selector

    rng, rows, stamp = random.Random(7), [], now()
    for _ in range(ANNOTATIONS):
        start = rng.randrange(0, len(text) - 400)
        end = start + rng.randrange(20, 300)
        exact, prefix, suffix = quote_selector(text, start, end)
        row = (str(uuid.uuid4()), document_id, start, end, exact, prefix, suffix, rng.choice(TYPES), stamp, stamp)
        rows.append(row)
    with library.transaction() as conn:  # type: ignore[attr-defined]
        conn.executemany(
            "INSERT INTO annotations (uuid, document_id, start, end, exact, prefix, suffix, claim_type,"
            " created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
