"""Foundation budgets: the command line from process start, per-action commits, listing with tags, search.

Each figure is measured as a person meets it and beside its floor from the same
run: `claimmark list` is a fresh process against `python -c pass`; a tag
committed by Library.add_annotation against one INSERT + COMMIT in bare
sqlite3 with the same pragmas; listing a book's 10,000 claims (a third with
tags) on a fresh connection each time against the same SELECTs in bare sqlite3.
"""

from __future__ import annotations

import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from documents import load_path
from storage import Library, annotation_rows

from .common import WAR_AND_PEACE, Report, median, percentile, require, timed
from .fixtures import TAGS, insert_claims, sentence_claims, sentences

CLAIMS = 10_000
COMMITTED = 200  # claims added one committed action at a time (the rest in bulk): enough for a p99
SEARCH_CORPUS = 100_000
QUERIES = 200
RUNS = 5


def main() -> bool:
    """Run the benchmarks; return True when a budget is missed or an input is missing."""
    report = Report()
    with tempfile.TemporaryDirectory() as folder:
        _command_line(report, Path(folder))
        if not require(report, "War and Peace benchmarks", WAR_AND_PEACE):
            return True
        path = Path(folder) / "bench.sqlite"
        with Library(path) as library:
            (summary, _), seconds = timed(lambda: library.import_document(load_path(WAR_AND_PEACE)))
            report.line("import War and Peace (parse + store)", seconds, 1.0)
            text = library.document_text(summary.id)
            _commits(report, library, summary.id, text, Path(folder) / "floor.sqlite")
            insert_claims(library, sentence_claims(text, summary.id, CLAIMS - COMMITTED, random.Random(5)))
        _listing(report, path, summary.id)
        with Library(path) as library:
            _search(report, library, summary.id, text)
    return report.failed()


def _command_line(report: Report, folder: Path) -> None:
    """`claimmark list` on an empty library from process start, against `python -c pass`."""
    library = folder / "empty.sqlite"
    Library(library).close()
    command = [sys.executable, "-m", "claimmark", "--library", str(library), "list"]
    runs, floors = [], []
    for _ in range(RUNS):
        floors.append(timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True))[1])
        runs.append(timed(lambda: subprocess.run(command, check=True, capture_output=True))[1])
    report.line("`claimmark list`, empty library, process start to exit", median(runs), 0.150, floor=median(floors))


def _commits(report: Report, library: Library, document_id: int, text: str, floor_path: Path) -> None:
    """Tag sentences one committed action each (some with tags), beside bare INSERT + COMMIT."""
    rng, spans = random.Random(1), sentences(text)
    conn = sqlite3.connect(floor_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE claims (uuid TEXT, start INTEGER, end INTEGER, exact TEXT, claim_type TEXT)")
    samples, floors = [], []
    for n in range(COMMITTED):
        start, end = spans[rng.randrange(len(spans))]
        tags = rng.sample(TAGS, 1) if rng.random() < 0.33 else []
        samples.append(
            timed(lambda s=start, e=end, t=tags: library.add_annotation(document_id, s, e, "fact", tags=t))[1]
        )
        began = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO claims VALUES (?, ?, ?, ?, ?)", [str(n), start, end, text[start:end], "fact"])
        conn.execute("COMMIT")
        floors.append(time.perf_counter() - began)
    conn.close()
    what = f"tag a sentence, one committed action ({COMMITTED} samples)"
    report.line(f"{what}: median", median(samples), 0.001, "ms", floor=median(floors))
    report.line(f"{what}: p99", percentile(samples, 0.99), 0.010, "ms", floor=percentile(floors, 0.99))


def _listing(report: Report, path: Path, document_id: int) -> None:
    """List the book's claims with their tags, each run on a fresh connection, beside bare sqlite3."""
    times, floors = [], []
    for _ in range(RUNS):
        with Library(path) as library:
            listed, seconds = timed(lambda lib=library: lib.annotations(document_id))
        assert len(listed) == CLAIMS and sum(bool(a.tags) for a in listed) > CLAIMS // 4
        times.append(seconds)
        floors.append(_bare_listing(path, document_id))
    report.line(f"list {CLAIMS:,} claims with tags, fresh connection: median", median(times), 0.050, "ms",
                floor=median(floors))  # fmt: skip


def _bare_listing(path: Path, document_id: int) -> float:
    """The same rows and tags through bare sqlite3 on a fresh connection, rows as tuples."""
    began = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute(
        f"SELECT {annotation_rows.SELECT_COLUMNS} FROM annotations a WHERE a.document_id = ?"
        " ORDER BY a.document_id, a.start, a.end, a.id",
        [document_id],
    ).fetchall()
    conn.execute(
        "SELECT x.annotation_id, t.name FROM annotation_tags x JOIN tags t ON t.id = x.tag_id"
        " JOIN annotations a ON a.id = x.annotation_id WHERE a.document_id = ?",
        [document_id],
    ).fetchall()
    conn.close()
    return time.perf_counter() - began


def _search(report: Report, library: Library, document_id: int, text: str) -> None:
    """Full-text search over 100,000 claims (set-up in bulk, not measured)."""
    insert_claims(library, sentence_claims(text, document_id, SEARCH_CORPUS - CLAIMS, random.Random(3)))
    words = sorted(set(re.findall(r"[a-z]{5,}", text.lower())))
    rng = random.Random(2)
    queries = [" ".join(rng.sample(words, rng.choice((1, 1, 2)))) for _ in range(QUERIES)]
    queries += ["prince andrew", "napoleon", "moscow"]
    times = [timed(lambda q=q: library.search(q))[1] for q in queries]
    report.line(f"search {SEARCH_CORPUS:,} claims ({len(queries)} queries): p95", percentile(times, 0.95), 0.050, "ms")
