"""Sync budgets on a throwaway PostgreSQL: a first sync of 10,000 claims, a sync with nothing to do, and a class
of 30 client processes syncing through a fault-injecting proxy (time to converge, edits per second, 0 lost).

Floors, measured in the same run: the same 10,000 rows written by bare psycopg (COPY into a plain table) and
a bare connect-and-SELECT round trip.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
from pathlib import Path

import psycopg

from documents import load_path
from storage import Library
from storage.sync import add_member, create_group, init_server, join_group, sync

from .common import WAR_AND_PEACE, Report, percentile, timed
from .postgres import PostgresCluster
from .sync_simulation import run_simulation

CLAIMS = 10_000
NOOP_RUNS = 100
FIRST_RUNS = 3
CLIENTS, OPS = 30, 40
BUDGET_FIRST_SYNC = 5.0
BUDGET_NOOP = 0.100
BUDGET_CONVERGE = 30.0


def main() -> bool:
    """Run the benchmarks; return True when a budget is missed (or an input is missing)."""
    report = Report()
    if not WAR_AND_PEACE.exists():
        print(f"  MISSING INPUT: {WAR_AND_PEACE}")
        return True
    cluster = PostgresCluster().start()
    folder = Path(tempfile.mkdtemp(prefix="claimmark-bench-sync-"))
    os.environ["PGPASSFILE"] = str(folder / "pgpass")
    try:
        _first_and_noop(cluster, folder, report)
        _simulation(cluster, report)
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return report.missed > 0


def _class(cluster: PostgresCluster, name: str) -> tuple[str, str, str]:
    """A database with a group, its teacher and one student; returns (teacher dsn, student dsn, admin dsn)."""
    admin = cluster.create_database(name)
    init_server(admin)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {name}_teacher LOGIN CREATEROLE PASSWORD 'pw' IN ROLE claimmark_users")
    teacher = cluster.dsn(user=f"{name}_teacher", password="pw", dbname=name)
    create_group(teacher, "class")
    add_member(teacher, "class", f"{name}_student", "member", password="pw-student")
    return teacher, cluster.dsn(user=f"{name}_student", password="pw-student", dbname=name), admin


def _first_and_noop(cluster: PostgresCluster, folder: Path, report: Report) -> None:
    """First syncs of 10,000 claims (each to a fresh server database), then syncs with nothing to do."""
    firsts, floors, pulls = [], [], []
    for run in range(FIRST_RUNS):
        teacher, student, admin = _class(cluster, f"bench{run}")
        library = Library(folder / f"student{run}.sqlite", annotator=f"bench{run}_student")
        summary, _ = library.import_document(load_path(WAR_AND_PEACE))
        _add_claims(library, summary.id, library.document_text(summary.id))
        join_group(library, student)
        state, seconds = timed(lambda lib=library: sync(lib))
        assert state.ok and CLAIMS == state.pushed - 1, state
        firsts.append(seconds)
        floors.append(_copy_floor(admin, library))
        with Library(folder / f"teacher{run}.sqlite") as other:
            join_group(other, teacher)
            pulled, seconds = timed(lambda lib=other: sync(lib))
            assert pulled.ok and CLAIMS + 1 == pulled.pulled, pulled
            pulls.append(seconds)
        if run < FIRST_RUNS - 1:
            library.close()
    print(
        f"  first sync runs (s): {' '.join(f'{t:.2f}' for t in firsts)}; floor: bare COPY of the same rows"
        f" {percentile(floors, 0.5) * 1000:.0f} ms (ratio {percentile(firsts, 0.5) / percentile(floors, 0.5):.0f}x)"
    )
    report.line(f"first sync: {CLAIMS:,} claims + War and Peace, median of {FIRST_RUNS}", percentile(firsts, 0.5),
                BUDGET_FIRST_SYNC)  # fmt: skip
    report.line(f"first sync: {CLAIMS:,} claims + War and Peace, worst of {FIRST_RUNS}", max(firsts), BUDGET_FIRST_SYNC)
    print(f"  a second member's first sync pulls them: {' '.join(f'{t:.2f}' for t in pulls)} s")
    times = [timed(lambda: sync(library))[1] for _ in range(NOOP_RUNS)]
    assert all(sync(library).pushed == 0 for _ in range(2))
    library.close()
    bare = [timed(lambda: _round_trip(student))[1] for _ in range(NOOP_RUNS)]
    report.line(f"incremental sync, nothing to do: median of {NOOP_RUNS}", percentile(times, 0.5), BUDGET_NOOP, "ms")
    report.line(f"incremental sync, nothing to do: p99 of {NOOP_RUNS}", percentile(times, 0.99), BUDGET_NOOP, "ms")
    print(f"  floor: bare connect + SELECT {percentile(bare, 0.5) * 1000:.1f} ms median"
          f" (ratio {percentile(times, 0.5) / percentile(bare, 0.5):.1f}x)")  # fmt: skip


def _add_claims(library: Library, document_id: int, text: str) -> None:
    rng = random.Random(1)
    for n in range(CLAIMS):
        start = rng.randrange(len(text) - 300)
        library.add_annotation(document_id, start, start + rng.randint(20, 250), rng.choice(("fact", "opinion")),
                               note=f"note {n}", tags=[f"t{n % 50}"])  # fmt: skip


def _copy_floor(admin: str, library: Library) -> float:
    """Seconds bare psycopg takes to COPY the same annotation rows into a plain table."""
    rows = library.db.execute(
        "SELECT uuid, start, end, exact, prefix, suffix, claim_type, note, speaker, created, updated FROM annotations"
    ).fetchall()
    with psycopg.connect(admin) as conn:
        conn.execute(
            'CREATE TEMP TABLE floor (uuid uuid, start int, "end" int, exact text, prefix text, suffix text,'
            " claim_type text, note text, speaker text, created text, updated text)"
        )
        started = time.perf_counter()
        with conn.cursor().copy("COPY floor FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        conn.commit()
        return time.perf_counter() - started


def _round_trip(dsn: str) -> None:
    with psycopg.connect(dsn) as conn:
        conn.execute("SELECT 1").fetchone()


def _simulation(cluster: PostgresCluster, report: Report) -> None:
    started = time.perf_counter()
    result = run_simulation(cluster, clients=CLIENTS, ops=OPS, sync_every=5, seed=1, fault_rate=0.3)
    print(f"  simulation: {CLIENTS} client processes ({CLIENTS // 2} people on 2 laptops each), {OPS} edits each,"
          f" {result.connections} connections of which {result.faults} faulty (drops, resets, delays, stalls),"
          f" {time.perf_counter() - started:.1f} s in all")  # fmt: skip
    print(f"  edits: {result.edits:,} made at {result.edits_per_second:.0f}/s while syncing;"
          f" the server applied {result.server_writes:,} changes ({result.server_writes_per_second:.0f}/s);"
          f" {result.conflicts} conflicts kept; converged in {result.rounds} rounds")  # fmt: skip
    report.line("simulation: time to converge after the last edit", result.converge_seconds, BUDGET_CONVERGE)
    report.line("simulation: libraries differing from the server", len(result.mismatched), 0, "")
    report.line("simulation: edits lost", len(result.lost), 0, "")
    for problem in (result.mismatched + result.lost)[:10]:
        print(f"    {problem}")
