"""Storing many annotations at once (the bulk path) leaves the library as storing them one batch at a time does."""

from __future__ import annotations

from pathlib import Path

from documents import Document, Metadata
from documents.model import make_block
from storage import Annotation, Library, annotation_rows
from storage.interchange.annotation_import import insert_annotations

TEXT = "The council voted on Monday. Critics said the plan was unfair. Growth slowed sharply."


def _library(path: Path) -> tuple[Library, int]:
    library = Library(path, annotator="ana")
    document = Document(Metadata(title="Article", format="text"), [make_block("paragraph", TEXT)])
    return library, library.import_document(document)[0].id


STAMP = "2024-05-20T09:30:00.000+00:00"
_PAIRS = (
    "SELECT a.uuid, t.name FROM annotation_tags x JOIN annotations a ON a.id = x.annotation_id"
    " JOIN tags t ON t.id = x.tag_id ORDER BY 1, 2"
)
_WAR = "SELECT count(*) FROM annotations_fts WHERE annotations_fts MATCH 'tag_text : war'"


def _claim(document_id: int, n: int) -> Annotation:
    uuid = f"00000000-0000-4000-8000-{n:012d}"
    tags = ("war", "peace")[: n % 3]
    return Annotation(uuid, document_id, 4, 11, "council", "The ", " voted", "fact", tags=tags, created=STAMP)


def _claims(document_id: int, count: int, first: int = 0) -> list[Annotation]:
    return [_claim(document_id, first + n) for n in range(count)]


def _link(library: Library) -> None:
    with library.transaction() as conn:
        conn.execute(
            "INSERT INTO sync_link (id, dsn, group_id, group_name, person, role, joined)"
            " VALUES (1, 'postgresql://server/class', 7, 'Class', 'ana', 'student', '2024-05-20')"
        )


def _logged(library: Library) -> set[tuple[str, str, int]]:
    return set(library.db.conn.execute("SELECT entity, key, dirty FROM sync_changes WHERE entity = 'annotation'"))


def _triggers(library: Library) -> dict[str, str]:
    return dict(library.db.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())


def test_a_bulk_insert_into_a_linked_library_logs_every_new_annotation_for_syncing(tmp_path: Path) -> None:
    """A linked library's change log gets one dirty row per annotation stored in bulk, as the triggers write."""
    library, document_id = _library(tmp_path / "bulk.sqlite")
    with library:
        _link(library)
        before = _triggers(library)
        claims = _claims(document_id, annotation_rows.BULK_INDEXING + 3)
        insert_annotations(library, claims)
        assert {("annotation", a.uuid, 1) for a in claims} == _logged(library)
        assert before == _triggers(library)  # the triggers dropped for the bulk insert are back, unchanged


def test_a_bulk_insert_logs_what_small_inserts_log(tmp_path: Path) -> None:
    """The bulk path and the per-row triggers give the same change log, full-text index and tags of each claim."""
    results = []
    for name, batches in (("bulk", [annotation_rows.BULK_INDEXING + 3]), ("small", [1000, 1000, 3])):
        library, document_id = _library(tmp_path / f"{name}.sqlite")
        with library:
            _link(library)
            first = 0
            for size in batches:
                insert_annotations(library, _claims(document_id, size, first))
                first += size
            conn = library.db.conn
            tagged = conn.execute("SELECT count(*), sum(tag_text != '') FROM annotations").fetchone()
            pairs = conn.execute(_PAIRS).fetchall()
            results.append((_logged(library), conn.execute(_WAR).fetchone(), tagged, pairs))
    assert results[0] == results[1]
    assert results[0][1][0] > 0 and len(results[0][3]) > 2000


def test_a_bulk_insert_logs_nothing_while_pulled_changes_are_applied_or_when_unlinked(tmp_path: Path) -> None:
    """Rows stored while sync applies a pull, or in a library that is not linked, are not logged."""
    library, document_id = _library(tmp_path / "applying.sqlite")
    with library:
        insert_annotations(library, _claims(document_id, annotation_rows.BULK_INDEXING))
        assert set() == _logged(library)
        _link(library)
        with library.transaction() as conn:
            conn.execute("INSERT INTO sync_applying VALUES (1)")
            annotation_rows.insert_many(conn, _claims(document_id, annotation_rows.BULK_INDEXING, first=10_000))
            conn.execute("DELETE FROM sync_applying")
        assert set() == _logged(library)


def _indexes(library: Library) -> dict[str, str]:
    return dict(library.db.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall())


def test_a_bulk_insert_into_a_small_table_rebuilds_its_indexes_unchanged(tmp_path: Path) -> None:
    """Rows outnumbering the table's are stored with the indexes built after them: the same indexes, all used."""
    library, document_id = _library(tmp_path / "indexes.sqlite")
    with library:
        insert_annotations(library, _claims(document_id, 5))
        before = _indexes(library)
        conn = library.db.conn
        dropped: list[str] = []
        conn.set_trace_callback(lambda sql: dropped.append(sql) if sql.startswith("DROP INDEX") else None)
        insert_annotations(library, _claims(document_id, annotation_rows.BULK_INDEXING, first=10))
        conn.set_trace_callback(None)
        assert len(dropped) >= 7  # the bulk path was taken: the annotations table's secondary indexes
        assert before == _indexes(library)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM annotations WHERE document_id = ? ORDER BY start", [document_id]
        ).fetchall()
        assert any("USING" in str(row[-1]) and "INDEX" in str(row[-1]) for row in plan)
        count = conn.execute("SELECT count(*) FROM annotations WHERE document_id = ?", [document_id]).fetchone()
        assert count == (annotation_rows.BULK_INDEXING + 5,)


def test_a_bulk_insert_into_a_bigger_table_keeps_its_indexes(tmp_path: Path) -> None:
    """Fewer new rows than the table holds: the indexes stay and take each row (rebuilding would cost more)."""
    library, document_id = _library(tmp_path / "kept.sqlite")
    with library:
        insert_annotations(library, _claims(document_id, annotation_rows.BULK_INDEXING + 100))
        conn = library.db.conn
        dropped: list[str] = []
        conn.set_trace_callback(lambda sql: dropped.append(sql) if sql.startswith("DROP INDEX") else None)
        insert_annotations(library, _claims(document_id, annotation_rows.BULK_INDEXING, first=10_000))
        conn.set_trace_callback(None)
        assert dropped == []
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
