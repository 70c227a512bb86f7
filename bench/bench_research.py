"""Research budgets on a generated library of 1,000 documents and 100,000 claims in War and Peace's English.

Every sample runs on a fresh connection (SQLite's cache cold; the file stays in
the system's cache), and each figure is printed beside its floor: the same
work done by bare SQLite in the same run. Search: a mix of common words (the,
and, he), names, phrases, prefixes, rare words and filters, p95 against the
bare FTS5 MATCH with a LIMIT (no ranking) on the same index. The claims view:
opening (first page, total, filter choices) and each filter change. Near
duplicates of one claim; statistics of the whole library.
"""

from __future__ import annotations

import random
import re
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from storage import Library
from storage.research import claims, collections, search, similar, stats
from storage.research.claims import ClaimFilter

from .common import WAR_AND_PEACE, Report, percentile, timed
from .research_data import build_library

COMMON = [
    "the",
    "and",
    "he",
    "was",
    "of the",
    "prince andrew",
    "pierre",
    "war",
    "said",
    "it was",
    "the count",
    "natasha",
    "had been",
    "that the",
    "to be",
]
MEDIUM = [
    '"prince andrew"',
    "moscow",
    "napoleon",
    "french army",
    "nap*",
    "battle",
    "emperor",
    "kutuzov",
    "love OR hate",
    "old prince -bolkonski",
    "moscow fire",
    "regiment",
    "hussars",
    '"the old count"',
    "dolok*",
]
FILTERED = [
    "speaker:natasha love",
    "tag:war moscow",
    "type:opinion the",
    "status:orphaned",
    'speaker:"prince andrew"',
    "tag:duel",
    'collection:"Course 3/Week 2" the',
    "doc:17 the",
    "annotator:eli napoleon",
    "type:question tag:faith",
]
RARE = 20  # words drawn from the claims' own vocabulary, each found in a handful of claims
ROUNDS = 2  # times the mix is run (each query on a fresh connection)
SIMILAR_SAMPLES = 200
STATS_RUNS = 10
FILTER_CHANGES = [
    {"types": ("opinion",)},
    {"speakers": ("Natasha",)},
    {"tags": ("war",)},
    {"statuses": ("orphaned",)},
    {"created_from": "2024-01-01", "created_to": "2024-03-31"},
    {"annotators": ("dara",)},
    {"text": "moscow"},
    {"text": "napoleon"},
    {"types": ("fact", "quote")},
    {"speakers": ("",)},
]


def main() -> bool:
    """Run the benchmarks; return True when a budget is missed (or the book is missing)."""
    report = Report()
    if not WAR_AND_PEACE.exists():
        report.missing("generated research library", WAR_AND_PEACE)
        return True
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "research.sqlite"
        copies, seconds = timed(lambda: build_library(path, WAR_AND_PEACE))
        print(f"  (library of 1,000 documents and 100,000 claims built in {seconds:.1f} s; not a budget)")
        _search(report, path)
        _claims_view(report, path)
        _similar(report, path, copies)
        _stats(report, path)
    return report.missed > 0


def cold(path: Path, work: Callable[[Library], Any]) -> float:
    """Seconds that work takes on a fresh connection (the opening not counted)."""
    return measured(path, work)[0]


def measured(path: Path, work: Callable[[Library], Any]) -> tuple[float, float]:
    """(wall, CPU) seconds that work takes on a fresh connection. CPU time is what this process spent:
    on a machine shared by others, wall time also holds the time spent waiting for a core."""
    with Library(path) as library:
        return cpu_and_wall(lambda: work(library))


def cpu_and_wall(work: Callable[[], Any]) -> tuple[float, float]:
    """(wall, CPU) seconds of one call."""
    started = time.process_time()
    seconds = timed(work)[1]
    return seconds, time.process_time() - started


def cold_sql(path: Path, sql: str, params: list[Any]) -> float:
    """Seconds that one bare SQL statement takes, all rows fetched, on a fresh sqlite3 connection."""
    conn = sqlite3.connect(path)
    try:
        return timed(lambda: conn.execute(sql, params).fetchall())[1]
    finally:
        conn.close()


def _queries(path: Path) -> list[str]:
    with Library(path) as library:
        words = [
            w
            for (text,) in library.db.conn.execute("SELECT exact FROM annotations WHERE id % 97 = 0")
            for w in re.findall(r"[a-z]{8,}", text.lower())
        ]
        rare = []
        for word in sorted(set(words)):
            if 1 <= search.totals(library, word).claims <= 20:
                rare.append(word)
    return COMMON + MEDIUM + FILTERED + random.Random(10).sample(rare, RARE)


def _search(report: Report, path: Path) -> None:
    queries = _queries(path)
    with Library(path) as library:
        matches = {q: search.prepare(library, q).claim_match for q in queries}
    times, cpu, floors, counts, warm = [], [], [], [], []
    for _ in range(ROUNDS):
        for query in queries:
            with Library(path) as library:
                started = time.process_time()
                times.append(timed(lambda q=query, lib=library: search.search(lib, q))[1])  # type: ignore[misc]
                cpu.append(time.process_time() - started)
            floors.append(cold_sql(path, _BARE, [matches[query]]))
            counts.append(cold(path, lambda lib, q=query: search.totals(lib, q)))
        with Library(path) as library:  # one fresh connection for the whole mix: the brief's "per figure"
            warm += [timed(lambda q=query, lib=library: search.search(lib, q))[1] for query in queries]  # type: ignore[misc]
    ranked = [cold_sql(path, _BARE_RANKED, [matches[query]]) for query in COMMON[:4]]
    common = [t for i, t in enumerate(times) if queries[i % len(queries)] in COMMON]
    report.beside_floor(
        f"search, {len(queries)} queries x {ROUNDS}, each cold: p95",
        percentile(times, 0.95),
        0.020,
        percentile(floors, 0.95),
    )
    print(
        f"    (p50 {percentile(times, 0.5) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms; common words only p95"
        f" {percentile(common, 0.95) * 1000:.1f} ms; CPU time p95 {percentile(cpu, 0.95) * 1000:.1f} ms)"
    )
    report.beside_floor(
        "search, one fresh connection per run of the mix: p95", percentile(warm, 0.95), 0.020, percentile(floors, 0.95)
    )
    print(
        f"    (bare FTS5 ranked in full, ORDER BY rank LIMIT 20, for {', '.join(COMMON[:4])}:"
        f" {' '.join(f'{t * 1000:.0f}' for t in ranked)} ms)"
    )
    print(
        f"    (totals counted apart, each cold: p95 {percentile(counts, 0.95) * 1000:.1f} ms,"
        f" max {max(counts) * 1000:.1f} ms)"
    )


_BARE = "SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ? LIMIT 20"
_BARE_RANKED = "SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ? ORDER BY rank LIMIT 20"
_BARE_PAGE = "SELECT * FROM annotations a {where} ORDER BY a.document_id, a.start, a.end, a.id LIMIT 200"


def _claims_view(report: Report, path: Path) -> None:
    opens = [measured(path, lambda library: claims.page(library, limit=200)) for _ in range(5)]
    choices = [measured(path, claims.choices) for _ in range(5)]
    floor = min(
        cold_sql(path, _BARE_PAGE.format(where=""), []) + cold_sql(path, "SELECT count(*) FROM annotations", [])
        for _ in range(5)
    )
    report.beside_floor(
        "claims view: open (first page of 200, total): max of 5", max(w for w, _ in opens), 0.300, floor
    )
    print(
        f"    (CPU time max {max(c for _, c in opens) * 1000:.1f} ms; floor: the first page and count, bare;"
        " the filters' choices with counts, read apart (a job in the window):"
        f" max {max(w for w, _ in choices) * 1000:.0f} ms, CPU {max(c for _, c in choices) * 1000:.0f} ms)"
    )
    changes, floors = [], []
    with Library(path) as library:
        course = collections.find(library, "Course 2").id
        steps = [*FILTER_CHANGES, {"collections": (course,)}]
        claims.page(library, limit=200)  # the view is open: its connection is warm, as in the window
        current = ClaimFilter()
        for step in steps + steps[::-1]:
            current = current.changed(**step)
            changes.append(cpu_and_wall(lambda f=current: claims.page(library, f, limit=200)))
            floors.append(timed(lambda f=current: _bare_page(library, f))[1])
            current = ClaimFilter() if len(changes) % 3 == 0 else current
        claims.page(library, limit=200)
        worst = ClaimFilter(types=("fact", "quote"), text="the")  # a set of 72,000 claims to test each against
        seconds = timed(lambda: claims.page(library, worst, limit=200))[1]
    walls = [w for w, _ in changes]
    report.beside_floor(
        f"claims view: filter change ({len(changes)} changes): p95", percentile(walls, 0.95), 0.050,
        percentile(floors, 0.95),
    )  # fmt: skip
    print(
        f"    (max {max(walls) * 1000:.1f} ms; CPU time p95 {percentile([c for _, c in changes], 0.95) * 1000:.1f} ms;"
        f" floor: the same two statements, bare; the most common word as text filter with two types:"
        f" {seconds * 1000:.1f} ms)"
    )


def _bare_page(library: Library, claim_filter: ClaimFilter) -> None:
    """The claims view's two statements for a page (ids, count), without building any record."""
    sql, params, _ = claims.page_sql(library, claim_filter, sort="document", descending=False, limit=200, offset=0)
    library.db.conn.execute(sql, params).fetchall()
    claims.count(library, claim_filter)


def _similar(report: Report, path: Path, copies: list[tuple[str, str]]) -> None:
    rng = random.Random(11)
    with Library(path) as library:
        every = [row[0] for row in library.db.conn.execute("SELECT uuid FROM annotations")]
    chosen = rng.sample(copies, SIMILAR_SAMPLES // 2)
    samples = [original for original, _ in chosen] + rng.sample(every, SIMILAR_SAMPLES // 2)
    times, cpu, found = [], [], 0
    for uuid in samples:
        with Library(path) as library:
            started = time.process_time()
            result, seconds = timed(lambda u=uuid, lib=library: similar.similar(lib, u))
            cpu.append(time.process_time() - started)
        times.append(seconds)
        found += any(s.annotation.uuid == dict(chosen).get(uuid) for s in result)
    floors = [
        cold_sql(path, "SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ? LIMIT 2000", ["exact : moscow"])
        for _ in range(20)
    ]
    report.beside_floor(
        f"near-duplicates of one claim ({len(samples)} cold): p95",
        percentile(times, 0.95),
        0.050,
        percentile(floors, 0.95),
    )
    print(
        f"    (p50 {percentile(times, 0.5) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms; copies found"
        f" {found} of {len(chosen)}; CPU time p95 {percentile(cpu, 0.95) * 1000:.1f} ms;"
        " floor: one bare FTS5 candidate query)"
    )


def _stats(report: Report, path: Path) -> None:
    measures = [measured(path, stats.library_statistics) for _ in range(STATS_RUNS)]
    runs = [w for w, _ in measures]
    with Library(path) as library:  # the statements it runs, recorded with their values, to run bare
        statements: list[str] = []
        library.db.conn.set_trace_callback(statements.append)
        stats.library_statistics(library)
    bare = [sql for sql in statements if sql.lstrip().upper().startswith(("SELECT", "WITH"))]
    floor = min(sum(cold_sql(path, sql, []) for sql in bare) for _ in range(3))
    report.beside_floor(f"statistics of the whole library: max of {STATS_RUNS}", max(runs), 0.500, floor)
    print(f"    (CPU time max {max(c for _, c in measures) * 1000:.0f} ms; floor: its {len(bare)} statements, bare)")
    with Library(path) as library:
        course = collections.find(library, "Course 1").id
    collection = max(cold(path, lambda lib: stats.collection_statistics(lib, course)) for _ in range(5))
    document = max(cold(path, lambda lib: stats.document_statistics(lib, 500)) for _ in range(5))
    print(f"    (one collection of ~140 documents: {collection * 1000:.0f} ms; one document: {document * 1000:.1f} ms)")
