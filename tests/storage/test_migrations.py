"""A library made at every earlier schema version opens with the current code, its data intact and backed up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage import Library
from storage.anchoring.versions import versions
from storage.backup import backups
from storage.library_file import APPLICATION_ID, inspect
from storage.migrations import MIGRATIONS, SCHEMA_VERSION

TEXT = "Title\nThe council voted seven to six on Monday."
UUID = "00000000-0000-4000-8000-0000000000aa"


def _library_at(path: Path, version: int) -> None:
    """Write a library as Claimmark made it at schema version (its migrations, no application id), with data."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for number, migration in enumerate(MIGRATIONS[:version], start=1):
        conn.execute("BEGIN")
        migration(conn)
        conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    conn.execute(
        "INSERT INTO documents (id, title, blocks, text, sha256, imported) VALUES (1, 'Council', ?, ?, 'h', 't0')",
        ['[{"kind": "paragraph", "text": "The council voted seven to six on Monday."}]', TEXT],
    )
    conn.execute("INSERT INTO claim_types (name, label, colour) VALUES ('rumour', 'Rumour', '#123456')")
    conn.execute(
        "INSERT INTO annotations (uuid, document_id, start, end, exact, prefix, suffix, claim_type, note, speaker,"
        " status, score, created, updated) VALUES (?, 1, 22, 34, 'seven to six', 'voted ', ' on', 'rumour',"
        " 'a note', 'Mayor', 'anchored', 0.75, 't1', 't2')",
        [UUID],
    )
    conn.execute("INSERT INTO tags (id, name) VALUES (1, 'votes')")
    conn.execute("INSERT INTO annotation_tags (annotation_id, tag_id) SELECT id, 1 FROM annotations")
    if version >= 2:
        conn.execute(
            "INSERT INTO document_versions (document_id, version, blocks, text, sha256, imported, replaced)"
            " VALUES (1, 1, '[]', 'Older text', 'h0', 't', 't0')"
        )
        conn.execute("UPDATE documents SET version = 2")
    conn.close()


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_earlier_library_opens_with_its_data_intact(tmp_path: Path, version: int) -> None:
    """Built by migrations 1..version, opened now: migrated, every field kept, searchable, backed up first."""
    path = tmp_path / "library.sqlite"
    _library_at(path, version)
    with Library(path) as library:
        (annotation,) = library.annotations(1)
        a = annotation
        fields = (a.uuid, a.exact, a.claim_type, a.note, a.speaker, a.tags, a.score, a.created, a.updated, a.status)
        assert (UUID, "seven to six", "rumour", "a note", "Mayor", ("votes",), 0.75, "t1", "t2", "anchored") == fields
        assert [UUID] == [hit.annotation.uuid for hit in library.search("note")]
        assert ("Council", TEXT) == (library.document_summary(1).title, library.document_text(1))
        assert "rumour" in [t.name for t in library.claim_types()]
        assert (["Older text"] if version >= 2 else []) == [v.text for v in versions(library, 1)]
        library.add_annotation(1, 6, 17, "fact")  # and it takes new claims
    found = inspect(path)
    assert (APPLICATION_ID, SCHEMA_VERSION) == (found.application_id, found.user_version)
    (before,) = [b for b in backups(path) if b.kind == "migration"]
    assert version == inspect(before.path).user_version  # the backup is the library as it was
