"""Row-level security with real roles: each person's own SQL connection can do only what their role allows."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
import pytest

from storage.sync import set_shared, sync

from .conftest import Classroom, article


@dataclass
class Tagged:
    """A class where the teacher's key, alice's and bob's claims are on the server."""

    room: Classroom
    alice: str
    bob: str
    reader: str
    key_uuid: str
    alice_uuid: str
    bob_uuid: str


@pytest.fixture
def tagged(classroom: Classroom) -> Tagged:
    """The teacher shares a document with a key claim; alice and bob each tag it."""
    alice, bob, reader = classroom.add("alice"), classroom.add("bob"), classroom.add("parent", "reader")
    teacher = classroom.library(classroom.teacher)
    summary, _ = teacher.import_document(article())
    key = teacher.add_annotation(summary.id, 0, 18, "fact", note="the key")
    assert sync(teacher).ok
    uuids = []
    for person in (alice, bob):
        library = classroom.library(person)
        assert sync(library).ok
        uuids.append(library.add_annotation(library.documents()[0].id, 19, 30, "opinion", note=person).uuid)
        assert sync(library).ok
    return Tagged(classroom, alice, bob, reader, key.uuid, *uuids)


def _visible(conn: psycopg.Connection[tuple[object, ...]]) -> set[str]:
    return {str(row[0]) for row in conn.execute("SELECT uuid FROM claimmark.annotations")}


def test_a_student_reads_only_their_own_claims_until_the_teacher_shares(tagged: Tagged) -> None:
    """Alice's connection sees neither bob's claim nor the key; after sharing it sees both."""
    with tagged.room.connect(tagged.alice) as conn:
        assert {tagged.alice_uuid} == _visible(conn)
        set_shared(tagged.room.dsn(tagged.room.teacher), tagged.room.group, True)
        assert {tagged.alice_uuid, tagged.bob_uuid, tagged.key_uuid} == _visible(conn)


def test_the_teacher_reads_every_students_claims(tagged: Tagged) -> None:
    """The owner's connection sees the key and both students' claims, each with its annotator."""
    with tagged.room.connect(tagged.room.teacher) as conn:
        rows = dict(conn.execute("SELECT uuid::text, annotator FROM claimmark.annotations").fetchall())
    assert {tagged.key_uuid: tagged.room.teacher, tagged.alice_uuid: tagged.alice, tagged.bob_uuid: tagged.bob} == rows


def test_a_student_cannot_change_the_key_or_another_students_claim(tagged: Tagged) -> None:
    """Even with sharing on, alice's UPDATE of the key or of bob's claim changes no row."""
    set_shared(tagged.room.dsn(tagged.room.teacher), tagged.room.group, True)
    with tagged.room.connect(tagged.alice) as conn:
        for uuid in (tagged.key_uuid, tagged.bob_uuid):
            changed = conn.execute(
                "UPDATE claimmark.annotations SET note = 'changed by alice', deleted = true WHERE uuid = %s", [uuid]
            )
            assert 0 == changed.rowcount
    with tagged.room.connect(tagged.room.teacher) as conn:
        notes = {str(u): n for u, n in conn.execute("SELECT uuid, note FROM claimmark.annotations")}
    assert "the key" == notes[tagged.key_uuid] and tagged.bob == notes[tagged.bob_uuid]


def test_a_student_cannot_delete_rows_or_claim_to_be_someone_else(tagged: Tagged) -> None:
    """DELETE is not granted; an INSERT naming another annotator is stored under the writer's own name."""
    with tagged.room.connect(tagged.alice) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM claimmark.annotations")
        conn.execute(
            'INSERT INTO claimmark.annotations (group_id, uuid, document, annotator, start, "end", exact,'
            " claim_type, text_sha256) SELECT group_id, gen_random_uuid(), uid, %s, 0, 3, 'Har', 'fact', sha256"
            " FROM claimmark.documents",
            [tagged.bob],
        )
        authors = {row[0] for row in conn.execute("SELECT annotator FROM claimmark.annotations")}
    assert {tagged.alice} == authors


def test_a_reader_cannot_write_anything(tagged: Tagged) -> None:
    """A read-only member's INSERT of a claim is refused by the policy."""
    with tagged.room.connect(tagged.reader) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(
            'INSERT INTO claimmark.annotations (group_id, uuid, document, start, "end", exact, claim_type,'
            " text_sha256) SELECT group_id, gen_random_uuid(), uid, 0, 3, 'Har', 'fact', sha256"
            " FROM claimmark.documents"
        )


def test_a_student_cannot_promote_themselves_or_share_the_group(tagged: Tagged) -> None:
    """Alice cannot make herself owner, add a member, or turn sharing on."""
    with tagged.room.connect(tagged.alice) as conn:
        assert (
            0 == conn.execute("UPDATE claimmark.members SET role = 'owner' WHERE person = %s", [tagged.alice]).rowcount
        )
        assert 0 == conn.execute("UPDATE claimmark.groups SET shared = true").rowcount
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO claimmark.members (group_id, person, role) SELECT id, %s, 'owner'"
                         " FROM claimmark.groups", [tagged.alice])  # fmt: skip
        assert (
            "member"
            == conn.execute("SELECT role FROM claimmark.members WHERE person = %s", [tagged.alice]).fetchone()[0]
        )


def test_nobody_outside_the_group_sees_its_documents_texts_or_claims(tagged: Tagged, classroom: Classroom) -> None:
    """A member of another group reads no row of this group's documents, texts, claims or members."""
    with psycopg.connect(classroom.admin, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {classroom.group}_out LOGIN PASSWORD 'pw-out' IN ROLE claimmark_users")
    outsider = classroom.postgres.dsn(user=f"{classroom.group}_out", password="pw-out", dbname="claimmark")
    with psycopg.connect(outsider) as conn:
        for table in ("groups", "members", "documents", "texts", "annotations", "group_heads", "claim_types"):
            assert [] == conn.execute(f"SELECT * FROM claimmark.{table}").fetchall(), table


def test_a_role_outside_claimmark_cannot_even_read_the_schema(classroom: Classroom) -> None:
    """A login role that is not a Claimmark user is denied the schema altogether."""
    name = f"{classroom.group}_stranger"
    with psycopg.connect(classroom.admin, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {name} LOGIN PASSWORD 'pw'")
    dsn = classroom.postgres.dsn(user=name, password="pw", dbname="claimmark")
    with psycopg.connect(dsn) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT * FROM claimmark.annotations")
