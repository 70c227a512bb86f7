"""A class syncing through a bad network: many client processes, one PostgreSQL, a fault-injecting proxy.

Each client process has its own library (people have two laptops each, so the
same claims are edited in two places at once) and makes a bounded number of
random edits of its own claims — add, note, type, speaker, tag added, tag
removed, delete — syncing now and then through ``FaultProxy`` (refused
connections, delays, resets anywhere, stalls). Then every client syncs, round
after round, until a whole round moves nothing. The check:

- every client's library holds exactly the server's state (all of it: the group is shared);
- no edit is lost: every note written is the final note, or was seen and replaced by a later
  edit, or is kept in a conflict; every tag added is there unless someone removed it (after
  seeing it) or it is kept in a conflict; every claim created exists on the server.

Used by bench/bench_sync.py (30 clients) and, small, by tests/sync/test_simulation.py.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import random
import shutil
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from documents import Block, Document, Metadata

from .fault_proxy import FaultProxy, random_plans
from .postgres import PostgresCluster

TYPES = ("fact", "opinion", "quote")
PARAGRAPHS = [
    "The council voted seven to two on Tuesday to close the old port to ships over 200 metres long.",
    "Residents say the ships bring crowds but little money, according to a survey by the harbour office.",
    "Tour operators warn that the ban will cost the town 300 jobs and many of its summer visitors.",
    "The mayor said the decision was the hardest of her term, and promised help for the operators.",
    "The ban takes effect next spring, after a consultation with the neighbouring towns and the port.",
]


def documents() -> list[Document]:
    """The readings the teacher hands out."""
    return [
        Document(Metadata(title=f"Reading {n}", format="text"),
                 [Block("paragraph", f"Reading {n}.")] + [Block("paragraph", p) for p in PARAGRAPHS])
        for n in range(1, 4)
    ]  # fmt: skip


@dataclass
class Report:
    """What a simulation did and found."""

    clients: int
    edits: int = 0  # edits committed by the clients' libraries (each one shown as saved)
    edit_seconds: float = 0.0  # wall time of the editing phase
    converge_seconds: float = 0.0  # from the end of editing until a round moved nothing
    rounds: int = 0
    join_seconds: float = 0.0  # starting the client processes, joining and the first sync of each
    server_writes: int = 0  # changes the server applied (idempotency keys recorded)
    conflicts: int = 0
    faults: int = 0  # connections the proxy broke, delayed or refused
    connections: int = 0
    mismatched: list[str] = field(default_factory=list)  # clients whose library differs from the server
    lost: list[str] = field(default_factory=list)  # edits neither present, superseded, nor kept as a conflict

    @property
    def edits_per_second(self) -> float:
        """Edits the clients made (and synced while they went on) per second of the editing phase."""
        return self.edits / self.edit_seconds if self.edit_seconds else 0.0

    @property
    def server_writes_per_second(self) -> float:
        """Changes the server applied per second, editing and converging together."""
        seconds = self.edit_seconds + self.converge_seconds
        return self.server_writes / seconds if seconds else 0.0


def run_simulation(
    cluster: PostgresCluster, clients: int = 30, ops: int = 40, sync_every: int = 5, seed: int = 1,
    fault_rate: float = 0.3, max_rounds: int = 30,
) -> Report:  # fmt: skip
    """Run the simulation on a fresh database of cluster; return its report (check mismatched and lost)."""
    folder = Path(tempfile.mkdtemp(prefix="claimmark-sim-"))
    previous = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(folder / "pgpass")
    try:
        return _simulate(cluster, folder, clients, ops, sync_every, seed, fault_rate, max_rounds)
    finally:
        if previous is None:
            os.environ.pop("PGPASSFILE", None)
        else:
            os.environ["PGPASSFILE"] = previous
        shutil.rmtree(folder, ignore_errors=True)


def _simulate(
    cluster: PostgresCluster, folder: Path, clients: int, ops: int, sync_every: int, seed: int, fault_rate: float,
    max_rounds: int,
) -> Report:  # fmt: skip
    from storage import Library
    from storage.sync import add_member, create_group, init_server, join_group, sync

    name = f"sim{seed}_{os.getpid()}_{int(time.time())}"
    admin = cluster.create_database(name)
    init_server(admin)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {name}_t LOGIN CREATEROLE PASSWORD 'pw' IN ROLE claimmark_users")
    teacher = cluster.dsn(user=f"{name}_t", password="pw", dbname=name)
    create_group(teacher, "class", shared=True)
    people = [f"{name}_p{n}" for n in range((clients + 1) // 2)]
    for person in people:
        add_member(teacher, "class", person, "member", password=f"pw-{person}")
    with Library(folder / "teacher.sqlite") as library:
        join_group(library, teacher)
        for document in documents():
            library.import_document(document)
        assert sync(library).ok
    proxy = FaultProxy(cluster.port, random_plans(seed, fault_rate)).start()
    try:
        return _run(cluster, proxy, name, people, folder, clients, ops, sync_every, seed, max_rounds)
    finally:
        proxy.stop()


def _run(
    cluster: PostgresCluster, proxy: FaultProxy, name: str, people: list[str], folder: Path, clients: int,
    ops: int, sync_every: int, seed: int, max_rounds: int,
) -> Report:  # fmt: skip
    # Children are forked from one server process that imported Claimmark once (forking this process,
    # which runs the proxy's thread, would not be safe); spawning 30 fresh interpreters costs ~40 s of CPU.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["bench.sync_simulation", "storage", "storage.sync"])
    pipes, processes = [], []
    for n in range(clients):
        person = people[n // 2]
        dsn = cluster.dsn(user=person, password=f"pw-{person}", dbname=name, port=proxy.port)
        mine, theirs = context.Pipe()
        job = {"index": n, "dsn": dsn, "library": str(folder / f"client{n}.sqlite"), "person": person,
               "pgpass": str(folder / f"pgpass{n}"), "ops": ops, "sync_every": sync_every,
               "seed": seed * 1000 + n}  # fmt: skip
        process = context.Process(target=client_main, args=(job, theirs), daemon=True)
        process.start()
        pipes.append(mine)
        processes.append(process)
    report = Report(clients)
    try:
        ready = time.perf_counter()
        _wait_all(pipes, "ready")
        report.join_seconds = time.perf_counter() - ready
        started = time.perf_counter()
        for pipe in pipes:
            pipe.send("edit")
        report.edits = sum(reply["edits"] for reply in _wait_all(pipes, "edited"))
        report.edit_seconds = time.perf_counter() - started
        started = time.perf_counter()
        report.rounds = _converge(pipes, max_rounds)
        report.converge_seconds = time.perf_counter() - started
        for pipe in pipes:
            pipe.send("dump")
        dumps = _wait_all(pipes, "dump")
    finally:
        for pipe in pipes:
            with contextlib.suppress(OSError):
                pipe.send("exit")
        for process in processes:
            process.join(timeout=30)
    report.faults, report.connections = proxy.faults, proxy.connections
    _check(cluster, name, dumps, report)
    return report


def _wait_all(pipes: list[Any], kind: str) -> list[dict[str, Any]]:
    replies = []
    for pipe in pipes:
        reply = pipe.recv()
        if reply.get("error"):
            raise RuntimeError(f"client failed: {reply['error']}")
        assert reply["kind"] == kind, reply
        replies.append(reply)
    return replies


def _converge(pipes: list[Any], max_rounds: int) -> int:
    """Sync every client, round after round, until a round in which nothing moved; return the rounds."""
    for round_ in range(1, max_rounds + 1):
        for pipe in pipes:
            pipe.send("sync")
        replies = _wait_all(pipes, "synced")
        if all(r["ok"] and r["pushed"] == r["pulled"] == r["pending"] == 0 for r in replies):
            return round_
    raise RuntimeError(f"no quiescence after {max_rounds} rounds")


def client_main(job: dict[str, Any], pipe: Any) -> None:
    """One client process: join, edit on command, sync on command, dump its library on command."""
    os.environ["PGPASSFILE"] = job["pgpass"]
    try:
        started = time.perf_counter()
        client = _Client(job)
        pipe.send({"kind": "ready", "seconds": time.perf_counter() - started})
        while (command := pipe.recv()) != "exit":
            pipe.send(getattr(client, command)())
    except Exception as error:  # report any failure to the parent rather than hang it
        pipe.send({"kind": "error", "error": f"{type(error).__name__}: {error}"})


class _Client:
    def __init__(self, job: dict[str, Any]) -> None:
        from storage import Library
        from storage.sync import SyncError, join_group

        self.job = job
        self.rng = random.Random(job["seed"])
        self.library = Library(job["library"], annotator=job["person"])
        self.log: list[dict[str, Any]] = []
        self.counter = 0
        for _ in range(50):  # the network is bad for joining too
            try:
                join_group(self.library, job["dsn"])
                break
            except SyncError:
                continue
        else:
            raise RuntimeError("could not join through the proxy in 50 tries")
        self._sync_until_ok()

    def _sync_until_ok(self) -> dict[str, Any]:
        from storage.sync import RetryPolicy, sync

        state = sync(self.library, RetryPolicy(attempts=50, first_delay=0.02, max_delay=0.2), timeout=5)
        return {"kind": "synced", "ok": state.ok, "pushed": state.pushed, "pulled": state.pulled,
                "pending": state.pending, "reason": state.reason}  # fmt: skip

    def edit(self) -> dict[str, Any]:
        from storage.sync import sync_once

        for n in range(1, self.job["ops"] + 1):
            self._one_edit()
            if n % self.job["sync_every"] == 0:
                sync_once(self.library, timeout=5)
        return {"kind": "edited", "edits": self.job["ops"]}

    def sync(self) -> dict[str, Any]:
        return self._sync_until_ok()

    def _unique(self, what: str) -> str:
        self.counter += 1
        return f"{what}-{self.job['index']}-{self.counter}"

    def _one_edit(self) -> None:
        mine = [a for a in self.library.annotations() if a.annotator in (self.job["person"], "")]
        roll = self.rng.random()
        if roll < 0.3 or not mine:
            self._add()
            return
        target = self.rng.choice(mine)
        if roll < 0.55:
            self._change(target, "note", self._unique("note"))
        elif roll < 0.65:
            self._change(target, "claim_type", self.rng.choice(TYPES))
        elif roll < 0.7:
            self._change(target, "speaker", self._unique("speaker"))
        elif roll < 0.85:
            tag = self._unique("tag")
            self.library.update_annotation(target.uuid, tags=[*target.tags, tag])
            self.log.append({"kind": "tag_added", "uuid": target.uuid, "value": tag})
        elif roll < 0.95 and target.tags:
            tag = self.rng.choice(target.tags)
            self.library.update_annotation(target.uuid, tags=[t for t in target.tags if t != tag])
            self.log.append({"kind": "tag_removed", "uuid": target.uuid, "value": tag})
        else:
            self.library.delete_annotation(target.uuid)
            self.log.append({"kind": "deleted", "uuid": target.uuid, "seen_note": target.note,
                             "seen_tags": list(target.tags)})  # fmt: skip

    def _add(self) -> None:
        summaries = self.library.documents()
        document = self.rng.choice(summaries).id
        text = self.library.document_text(document)
        start = self.rng.randrange(0, len(text) - 40)
        note, tag = self._unique("note"), self._unique("tag")
        claim = self.library.add_annotation(document, start, start + self.rng.randint(5, 35),
                                            self.rng.choice(TYPES), note=note, tags=[tag])  # fmt: skip
        self.log.append({"kind": "created", "uuid": claim.uuid})
        self.log.append({"kind": "note", "uuid": claim.uuid, "value": note, "seen": ""})
        self.log.append({"kind": "tag_added", "uuid": claim.uuid, "value": tag})

    def _change(self, target: Any, name: str, value: str) -> None:
        self.library.update_annotation(target.uuid, **{name: value})
        if name == "note":
            self.log.append({"kind": "note", "uuid": target.uuid, "value": value, "seen": target.note})

    def dump(self) -> dict[str, Any]:
        from storage.sync import list_conflicts

        claims = {
            a.uuid: _state(a.claim_type, a.note, a.speaker, a.tags, a.annotator) for a in self.library.annotations()
        }
        conflicts = [{"uuid": c.key, "field": c.field, "mine": c.mine, "theirs": c.theirs, "record": c.record}
                     for c in list_conflicts(self.library, include_resolved=True)]  # fmt: skip
        return {"kind": "dump", "claims": claims, "log": self.log, "conflicts": conflicts}


def _state(claim_type: str, note: str, speaker: str, tags: Any, annotator: str) -> tuple[Any, ...]:
    return (claim_type, note, speaker, tuple(sorted(tags, key=str.casefold)), annotator)


def _check(cluster: PostgresCluster, name: str, dumps: list[dict[str, Any]], report: Report) -> None:
    """Compare every library with the server; account for every edit."""
    with psycopg.connect(cluster.dsn(dbname=name)) as conn:
        rows = conn.execute(
            "SELECT uuid::text, claim_type, note, speaker, tags, annotator, deleted FROM claimmark.annotations"
        ).fetchall()
        writes = conn.execute("SELECT coalesce(sum(cardinality(rows)), 0) FROM claimmark.pushes").fetchone()
        report.server_writes = int(writes[0]) if writes else 0
    server = {r[0]: _state(*r[1:6]) for r in rows if not r[6]}
    deleted = {r[0] for r in rows if r[6]}
    for n, dump in enumerate(dumps):
        if dump["claims"] != server:
            report.mismatched.append(f"client {n}: {len(dump['claims'])} claims here, {len(server)} on the server")
    log = [entry for dump in dumps for entry in dump["log"]]
    conflicts = [c for dump in dumps for c in dump["conflicts"]]
    report.conflicts = len(conflicts)
    report.lost = _lost(log, conflicts, server, deleted)


def _lost(
    log: list[dict[str, Any]], conflicts: list[dict[str, Any]], server: dict[str, Any], deleted: set[str]
) -> list[str]:
    kept: dict[str, set[str]] = defaultdict(set)  # uuid -> every value kept in a conflict (mine, theirs, whole record)
    for c in conflicts:
        for value in (c["mine"], c["theirs"], c["record"].get("note", ""), *c["record"].get("tags", [])):
            if isinstance(value, str):
                kept[c["uuid"]].add(value)
    seen: dict[str, set[str]] = defaultdict(set)  # uuid -> values someone saw and then replaced
    removed: dict[str, set[str]] = defaultdict(set)
    gone: set[str] = set()
    for entry in log:
        if entry["kind"] == "note":
            seen[entry["uuid"]].add(entry["seen"])
        elif entry["kind"] == "tag_removed":
            removed[entry["uuid"]].add(entry["value"])
        elif entry["kind"] == "deleted":
            seen[entry["uuid"]].update([entry["seen_note"], *entry["seen_tags"]])
            gone.add(entry["uuid"])  # deleted by its author, perhaps before it was ever sent
    lost = []
    for entry in log:
        uuid, value = entry["uuid"], entry.get("value")
        if entry["kind"] == "created" and uuid not in server and uuid not in deleted and uuid not in gone:
            lost.append(f"claim {uuid} never reached the server")
        elif entry["kind"] == "note" and not (
            (uuid in server and server[uuid][1] == value) or value in seen[uuid] or value in kept[uuid]
        ):
            lost.append(f"note {value!r} of {uuid}")
        elif entry["kind"] == "tag_added" and not (
            (uuid in server and value in server[uuid][3]) or value in removed[uuid] or value in seen[uuid]
            or value in kept[uuid]
        ):  # fmt: skip
            lost.append(f"tag {value!r} of {uuid}")
    return lost
