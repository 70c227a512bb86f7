"""Foundation budgets on War and Peace: import, per-action commits, listing, export, search."""

from __future__ import annotations

import random
import re
import tempfile
import uuid
from pathlib import Path

from documents import load_path
from storage import Library
from storage.clock import now
from storage.export.markdown import export_markdown
from storage.selectors import quote_selector

from .common import WAR_AND_PEACE, Report, percentile, timed

ANNOTATIONS = 10_000
SEARCH_CORPUS = 100_000
QUERIES = 200
LIST_RUNS = 5


def main() -> bool:
    """Run the benchmarks; return True when a budget is missed."""
    report = Report()
    if not WAR_AND_PEACE.exists():
        report.skip("War and Peace benchmarks", f"{WAR_AND_PEACE} not found")
        return False
    with tempfile.TemporaryDirectory() as folder, Library(Path(folder) / "bench.sqlite") as library:
        (summary, _), seconds = timed(lambda: library.import_document(load_path(WAR_AND_PEACE)))
        report.line("import War and Peace (parse + store)", seconds, 1.0)
        text = library.document_text(summary.id)
        spans = _random_spans(text, ANNOTATIONS, random.Random(1))
        samples = []
        for start, end in spans:
            _, seconds = timed(lambda s=start, e=end: library.add_annotation(summary.id, s, e, "fact", note="n"))
            samples.append(seconds)
        report.line(f"add {ANNOTATIONS:,} annotations, each committed: median", percentile(samples, 0.5), 0.001, "ms")
        report.line(f"add {ANNOTATIONS:,} annotations, each committed: p99", percentile(samples, 0.99), 0.010, "ms")
        runs = [timed(lambda: library.annotations(summary.id)) for _ in range(LIST_RUNS)]
        assert all(len(listed) == ANNOTATIONS for listed, _ in runs)
        times = [seconds for _, seconds in runs]
        print(f"  list runs (ms): {' '.join(f'{t * 1000:.0f}' for t in times)}")
        report.line(f"list {ANNOTATIONS:,} annotations: median of {LIST_RUNS}", percentile(times, 0.5), 0.050, "ms")
        _, seconds = timed(lambda: export_markdown(library, [summary.id]))
        report.line(f"export {ANNOTATIONS:,} annotations to Markdown", seconds, 0.5)
        _bulk_fill(library, summary.id, text, SEARCH_CORPUS - ANNOTATIONS)
        words = sorted(set(re.findall(r"[a-z]{5,}", text.lower())))
        rng = random.Random(2)
        queries = [" ".join(rng.sample(words, rng.choice((1, 1, 2)))) for _ in range(QUERIES)]
        queries += ["prince andrew", "napoleon", "moscow"]
        times = [timed(lambda q=q: library.search(q))[1] for q in queries]
        report.line(
            f"search {SEARCH_CORPUS:,} annotations ({len(queries)} queries): p95", percentile(times, 0.95), 0.050, "ms"
        )
    return report.missed > 0


def _random_spans(text: str, count: int, rng: random.Random) -> list[tuple[int, int]]:
    spans = []
    while len(spans) < count:
        start = rng.randrange(len(text) - 300)
        end = start + rng.randint(20, 250)
        if text[start:end].strip():
            spans.append((start, end))
    return spans


def _bulk_fill(library: Library, document_id: int, text: str, count: int) -> None:
    """Add annotations in one transaction: set-up for the search benchmark, not a measured path."""
    stamp = now()
    rows = []
    for start, end in _random_spans(text, count, random.Random(3)):
        exact, prefix, suffix = quote_selector(text, start, end)
        rows.append(
            (str(uuid.uuid4()), document_id, start, end, exact, prefix, suffix, "opinion", "", "", stamp, stamp)
        )
    with library.transaction() as conn:
        conn.executemany(
            "INSERT INTO annotations (uuid, document_id, start, end, exact, prefix, suffix, claim_type, note,"
            " speaker, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
