"""A throwaway PostgreSQL for the sync tests: one cluster per session, a fresh group and people per test.

The cluster is Debian's (or any) PostgreSQL server started by bench/postgres.py
on 127.0.0.1 with password authentication. Without a server on the machine
these tests skip with one line, except on CI, where they fail.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from bench.postgres import PostgresCluster, PostgresUnavailable
from documents import Block, Document, Metadata
from storage import Library
from storage.sync import add_member, create_group, init_server, join_group

_names = itertools.count(1)
ARTICLE = [
    "Harbour town votes to ban large cruise ships",
    "The council voted seven to two on Tuesday to close the old port to ships over 200 metres.",
    "Residents say the ships bring crowds but little money, the mayor said.",
    "Tour operators warn that the ban will cost the town 300 jobs.",
    "The ban takes effect next spring, after a consultation.",
]


def article(paragraphs: list[str] = ARTICLE, title: str = "Cruise ban") -> Document:
    """A small document written in the test (its text is the paragraphs joined by newlines)."""
    return Document(Metadata(title=title, format="text"), [Block("paragraph", p) for p in paragraphs])


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """A PostgreSQL cluster of the session's own (skips without a server; fails on CI)."""
    try:
        cluster = PostgresCluster().start()
    except PostgresUnavailable as error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is needed on CI: {error}")
        pytest.skip(f"no PostgreSQL server here: {error}")
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def server(postgres: PostgresCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The administrator's connection string to a database with the Claimmark schema."""
    previous = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(tmp_path_factory.mktemp("pgpass") / "pgpass")
    dsn = postgres.create_database("claimmark")
    init_server(dsn)
    yield dsn
    if previous is None:
        os.environ.pop("PGPASSFILE", None)
    else:
        os.environ["PGPASSFILE"] = previous


@dataclass
class Classroom:
    """A group on the test server with a teacher (owner) and people added as asked; unique names per test."""

    postgres: PostgresCluster
    admin: str
    group: str
    teacher: str
    folder: Path
    passwords: dict[str, str] = field(default_factory=dict)

    def dsn(self, person: str, password: str | None = None, port: int = 0) -> str:
        """A person's connection string (with their password unless another is given)."""
        secret = self.passwords[person] if password is None else password
        return self.postgres.dsn(user=person, password=secret, dbname="claimmark", port=port)

    def add(self, name: str, role: str = "member") -> str:
        """Add a new person to the group with role; return their role name."""
        person = f"{self.group}_{name}"
        self.passwords[person] = f"pw-{person}"
        add_member(self.dsn(self.teacher), self.group, person, role, password=self.passwords[person])
        return person

    def library(self, person: str, name: str = "", port: int = 0) -> Library:
        """A new library of person's (a laptop), joined to the group (through port, if given)."""
        library = Library(self.folder / f"{person}{name}.sqlite", annotator=person)
        join_group(library, self.dsn(person, port=port), self.group)
        return library

    def connect(self, person: str) -> psycopg.Connection[tuple[object, ...]]:
        """The person's own SQL connection to the server, autocommitting."""
        return psycopg.connect(self.dsn(person), autocommit=True)


@pytest.fixture
def classroom(postgres: PostgresCluster, server: str, tmp_path: Path) -> Classroom:
    """A fresh group with its teacher, who may add people."""
    group = f"g{next(_names)}"
    teacher = f"{group}_teacher"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {teacher} LOGIN CREATEROLE PASSWORD 'pw-{teacher}' IN ROLE claimmark_users")
    room = Classroom(postgres, server, group, teacher, tmp_path, {teacher: f"pw-{teacher}"})
    create_group(room.dsn(teacher), group)
    return room


ROOT_README = Path(__file__).resolve().parent.parent.parent / "README.md"
