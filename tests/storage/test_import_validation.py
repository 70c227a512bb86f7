"""Annotation files are checked whole before anything is written, and imported in one transaction."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from documents import load_document
from storage import Library
from storage.export.w3c_export import export_json
from storage.interchange.annotation_import import MAX_NEW_TYPES, import_annotation_file, import_annotations
from storage.interchange.w3c_reader import InvalidAnnotationFile

TEXT = b"Title\n\nA text of some fifty characters, more or less."
OTHER = b"Other\n\nA second article with words of its own."


def _export(tmp_path: Path, *articles: bytes) -> Any:
    """W3C JSON (texts included) of one annotation on each article, from a library of its own."""
    with Library(tmp_path / "source.sqlite", backups=False) as source:
        ids = []
        for number, article in enumerate(articles):
            summary, _ = source.import_document(load_document(article, f"{number}.txt"))
            text = source.document_text(summary.id)
            source.add_annotation(summary.id, len(text) - 8, len(text), "fact", note=f"n{number}")
            ids.append(summary.id)
        return json.loads(export_json(source, ids, include_text=True))


def _counts(library: Library) -> tuple[int, int, int]:
    conn = library.db.conn
    return tuple(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in  # type: ignore[return-value]
                 ("documents", "claim_types", "annotations"))  # fmt: skip


def _selector(data: Any) -> dict[str, Any]:
    return data["first"]["items"][0]["target"]["selector"][1]


@pytest.mark.parametrize("end", [2**62, 10**30, -1, 2**31])
def test_position_out_of_range_refuses_the_file(library: Library, tmp_path: Path, end: int) -> None:
    """The tail's quote with end = 2**62 (or 10**30, -1) is refused whole: nothing stored, no OverflowError."""
    data = _export(tmp_path, TEXT)
    _selector(data)["end"] = end
    before = _counts(library)
    with pytest.raises(InvalidAnnotationFile, match=r"position .* is not a whole number"):
        import_annotations(library, data)
    assert before == _counts(library)


@pytest.mark.parametrize("score", ["1" + "0" * 400, "NaN", "-Infinity", "1.5", "-0.1"])
def test_score_out_of_range_refuses_the_file(library: Library, tmp_path: Path, score: str) -> None:
    """A score of 10**400, NaN or outside 0..1 refuses the file with one message, nothing written."""
    data = _export(tmp_path, TEXT)
    data["first"]["items"][0]["claimmark:score"] = 0.25
    text = json.dumps(data).replace('"claimmark:score": 0.25', f'"claimmark:score": {score}')
    path = tmp_path / "scores.json"
    path.write_text(text, encoding="utf-8")
    before = _counts(library)
    with pytest.raises(InvalidAnnotationFile, match=r"scores\.json: .*(score|not JSON)"):
        import_annotation_file(library, path)
    assert before == _counts(library)


def test_position_past_the_end_of_a_matching_text_is_anchored_on_the_quote(library: Library, tmp_path: Path) -> None:
    """A sane position past this text's end is not stored as is: the quote is found (42-50 on a 50-character text)."""
    data = _export(tmp_path, TEXT)
    _selector(data)["end"] += 1000
    import_annotations(library, data)
    (stored,) = library.annotations()
    assert library.document_text(stored.document_id)[stored.start : stored.end] == stored.exact
    assert stored.end <= len(library.document_text(stored.document_id))


def test_second_collection_failing_its_hash_writes_nothing(library: Library, tmp_path: Path) -> None:
    """Two carried documents, the second's text not matching its sha256: refused, the first document not added."""
    data = _export(tmp_path, TEXT, OTHER)
    data[1]["claimmark:document"]["sha256"] = "0" * 64
    with pytest.raises(InvalidAnnotationFile, match="does not match its sha256"):
        import_annotations(library, data)
    assert (0, 4, 0) == _counts(library)  # the four built-in claim types, nothing else


def test_failure_while_writing_rolls_back_documents_and_claim_types(library: Library, tmp_path: Path) -> None:
    """A write refused at the very end (a trigger here) leaves no document, claim type or annotation behind."""
    data = _export(tmp_path, TEXT)
    data["first"]["items"][0]["body"][0]["value"] = "rumour"  # a claim type the library lacks
    library.db.conn.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON annotations BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    with pytest.raises(Exception, match="refused"):
        import_annotations(library, data)
    assert (0, 4, 0) == _counts(library)  # the four built-in claim types, nothing else


def test_too_many_new_claim_types_are_refused(library: Library, tmp_path: Path) -> None:
    """A file naming more new claim types than allowed adds none of them (nor anything else)."""
    data = _export(tmp_path, TEXT)
    template = data["first"]["items"][0]
    items = []
    for number in range(MAX_NEW_TYPES + 1):
        item = copy.deepcopy(template)
        item["id"] = f"urn:uuid:20000000-0000-4000-8000-{number:012d}"
        item["body"][0]["value"] = f"kind{number}"
        items.append(item)
    data["first"]["items"] = items
    with pytest.raises(InvalidAnnotationFile, match="new claim types"):
        import_annotations(library, data)
    assert (0, 4, 0) == _counts(library)  # the four built-in claim types, nothing else


def test_malformed_claim_type_name_becomes_a_tag(library: Library, tmp_path: Path) -> None:
    """A claim type that could never be one (spaces, 200 characters) is never made a type: it is kept as a tag."""
    data = _export(tmp_path, TEXT)
    data["first"]["items"][0]["body"][0]["value"] = "not a name " * 20
    import_annotations(library, data)
    (stored,) = library.annotations()
    assert 4 == len(library.claim_types())  # the four built-in claim types, nothing else
    assert "untyped" == stored.claim_type and 1 == len(stored.tags) and stored.tags[0].startswith("not a name")


def test_nesting_and_size_limits(library: Library, tmp_path: Path) -> None:
    """Too deep a structure (JSON or W3C) and a quote over the limit are each one clear refusal."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InvalidAnnotationFile, match="deep"):
        import_annotation_file(library, deep)
    nested: Any = _export(tmp_path, TEXT)
    for _ in range(9):
        nested = [nested]
    with pytest.raises(InvalidAnnotationFile, match="nested more than 8 levels"):
        import_annotations(library, nested)
    data = _export(tmp_path, TEXT)
    data["first"]["items"][0]["target"]["selector"][0]["prefix"] = "x" * 20_000
    with pytest.raises(InvalidAnnotationFile, match="longer than"):
        import_annotations(library, data)
    assert (0, 4, 0) == _counts(library)  # the four built-in claim types, nothing else


def test_a_good_file_adds_documents_types_and_annotations_together(library_path: Path, tmp_path: Path) -> None:
    """Documents carried by the file, its new claim type and its annotations arrive in one commit."""
    data = _export(tmp_path, TEXT, OTHER)
    data[0]["first"]["items"][0]["body"][0]["value"] = "rumour"
    with Library(library_path) as library:
        watcher = sqlite3.connect(library_path)
        version = watcher.execute("PRAGMA data_version").fetchone()[0]
        report = import_annotations(library, data)
        assert (2, 2) == (report.added, report.documents_added)
        assert version + 1 == watcher.execute("PRAGMA data_version").fetchone()[0]  # one commit seen from outside
        watcher.close()
        assert (2, 5, 2) == _counts(library)
