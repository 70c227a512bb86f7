"""W3C Web Annotation JSON: its shape, the round trip through an empty library, and import from other tools."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from documents import load_path
from storage import Library
from storage.export.context import document_exports
from storage.export.w3c_export import annotation, document_source, export_json
from storage.interchange.annotation_import import BULK_INDEXING, import_annotation_file, import_annotations
from storage.interchange.w3c_reader import InvalidAnnotationFile


def test_collection_has_selectors_and_bodies(trt_library: tuple[Library, int], trt_claims: list) -> None:
    """Each annotation has both selectors and tagging/commenting/identifying bodies; the collection has the hash."""
    library, document_id = trt_library
    data = json.loads(export_json(library, [document_id]))
    assert ("AnnotationCollection", 4) == (data["type"], data["total"])
    assert library.document(document_id).sha256 == data["claimmark:document"]["sha256"]
    item = next(i for i in data["first"]["items"] if i["id"] == f"urn:uuid:{trt_claims[3][0]}")
    quote, position = item["target"]["selector"]
    assert ("TextQuoteSelector", trt_claims[3][1]) == (quote["type"], quote["exact"])
    assert library.document_text(document_id)[position["start"] : position["end"]] == quote["exact"]
    purposes = [(b["purpose"], b["value"]) for b in item["body"]]
    assert ("tagging", "quote") == purposes[0] and ("identifying", "Anatol Lieven") in purposes
    assert {("tagging", "US policy"), ("tagging", "sanctions"), ("commenting", trt_claims[3][3])} <= set(purposes)


def test_round_trip_through_an_empty_library(trt_library: tuple[Library, int], tmp_path: Path) -> None:
    """Export with the text, import into an empty library, export again: the same file, every annotation kept,
    except the exporting machine's file path, which an import keeps as a note and never adopts as the source."""
    library, document_id = trt_library
    first = export_json(library, [document_id], include_text=True)
    (tmp_path / "claims.json").write_text(first, encoding="utf-8")
    with Library(tmp_path / "empty.sqlite") as empty:
        report = import_annotation_file(empty, tmp_path / "claims.json")
        assert (4, 0, 1) == (report.added, report.duplicate, report.documents_added)
        again = export_json(empty, [d.id for d in empty.documents()], include_text=True)
        assert _same_annotations(empty, library)
        [added] = empty.documents()
        stored = empty.document(added.id)
    source = library.document_summary(document_id).source
    assert ("", [f"source named in the annotation file: {source}"]) == (added.source, stored.metadata.notes)
    assert _without_source(json.loads(first)) == json.loads(again)


def _without_source(exported: dict) -> dict:
    """An exported collection as it would be had its document no source (targets then name the text's hash)."""
    exported["claimmark:document"]["source"] = ""
    for item in exported["first"]["items"]:
        item["target"]["source"] = exported["id"]
    return exported


def _same_annotations(left: Library, right: Library) -> bool:
    """Whether two libraries hold the same annotations, field for field (document ids aside)."""
    fields = ("uuid", "start", "end", "exact", "prefix", "suffix", "claim_type", "note", "speaker", "tags", "status",
              "score", "created", "updated")  # fmt: skip
    key = [tuple(getattr(a, f) for f in fields) for a in left.annotations()]
    return key == [tuple(getattr(a, f) for f in fields) for a in right.annotations()]


def test_import_twice_counts_duplicates(trt_library: tuple[Library, int], trt_path: Path, tmp_path: Path) -> None:
    """Into a library that has the article: all added, then a second import adds nothing (all duplicate)."""
    library, document_id = trt_library
    data = json.loads(export_json(library, [document_id]))
    with Library(tmp_path / "other.sqlite") as other:
        other.import_document(load_path(trt_path))
        assert 4 == import_annotations(other, data).added
        report = import_annotations(other, data)
        assert (0, 4, 0) == (report.added, report.duplicate, report.unmatched)
        assert _same_annotations(other, library)


def test_foreign_annotation_anchors_by_quote(trt_library: tuple[Library, int], tmp_path: Path) -> None:
    """A bare W3C annotation from another tool is anchored by its quote; a missing quote counts as unmatched."""
    library, document_id = trt_library
    foreign = [
        {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "https://example.org/anno/1", "type": "Annotation",
         "body": [{"type": "TextualBody", "purpose": "tagging", "value": "Opinion"},
                  {"type": "TextualBody", "purpose": "tagging", "value": "media"}],
         "bodyValue": "Seen elsewhere",
         "target": {"source": "https://example.org/article",
                    "selector": {"type": "TextQuoteSelector", "exact": "persistent threat to IAE’s rule"}}},
        {"type": "Annotation", "target": {"selector": {"type": "TextQuoteSelector", "exact": "not in any text"}}},
    ]  # fmt: skip
    report = import_annotations(library, foreign)
    assert (1, 1) == (report.added, report.unmatched)
    added = next(a for a in library.annotations(document_id) if a.exact == "persistent threat to IAE’s rule")
    assert ("opinion", ("media",), "Seen elsewhere", "anchored") == (
        added.claim_type,
        added.tags,
        added.note,
        added.status,
    )


def test_moved_and_orphaned_on_a_matching_document(
    trt_library: tuple[Library, int], trt_path: Path, tmp_path: Path
) -> None:
    """A stale position is re-found by quote (moved); a quote not in the text is kept as orphaned."""
    source, document_id = trt_library
    data = json.loads(export_json(source, [document_id]))
    items = data["first"]["items"][:2]
    for number, item in enumerate(items):
        item["id"] = f"urn:uuid:10000000-0000-4000-8000-00000000000{number}"
        item["target"]["selector"][1]["start"] += 3
    items[1]["target"]["selector"][0]["exact"] = "words that are nowhere"
    data["first"]["items"] = items
    with Library(tmp_path / "other.sqlite") as library:
        library.import_document(load_path(trt_path))
        report = import_annotations(library, data)
        assert (2, 1) == (report.added, report.orphaned)
        statuses = {a.uuid[-1]: a.status for a in library.annotations()}
    assert {"0": "moved", "1": "orphaned"} == statuses


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"{not json", "not JSON"), (b'{"type": "Nothing"}', "holds no W3C annotations"),
     (b'{"type": "Annotation", "target": "https://x"}', "has no TextQuoteSelector")],
)  # fmt: skip
def test_bad_files_are_refused_untouched(
    trt_library: tuple[Library, int], tmp_path: Path, content: bytes, message: str
) -> None:
    """A file that is not readable W3C JSON raises one clear error naming the file, and writes nothing."""
    library, _ = trt_library
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InvalidAnnotationFile, match=message) as raised:
        import_annotation_file(library, path)
    assert str(path) in str(raised.value) and 4 == len(library.annotations())


def test_items_written_by_sqlite_match_the_python_model(trt_library: tuple[Library, int]) -> None:
    """The annotations SQLite writes are exactly w3c.annotation()'s dicts, one per line of the file."""
    library, document_id = trt_library
    text = export_json(library, [document_id])
    document = next(document_exports(library, [document_id]))
    expected = [annotation(claim, document_source(document)) for claim in document.claims]
    assert expected == json.loads(text)["first"]["items"]
    assert len(expected) == sum(line.startswith('      {"id":"urn:uuid:') for line in text.splitlines())


def test_large_import_keeps_search_and_its_trigger(trt_library: tuple[Library, int], tmp_path: Path) -> None:
    """Importing thousands at once fills the full-text index; claims added afterwards are indexed too."""
    library, document_id = trt_library
    data = json.loads(export_json(library, [document_id]))
    template, text = data["first"]["items"][0], library.document_text(document_id)

    def item(n: int) -> dict:
        selectors = [{"type": "TextQuoteSelector", "exact": text[n : n + 20]},
                     {"type": "TextPositionSelector", "start": n, "end": n + 20}]  # fmt: skip
        return {**template, "id": f"urn:uuid:20000000-0000-4000-8000-{n:012d}", "target": {"selector": selectors}}

    data["first"]["items"] = [item(n) for n in range(BULK_INDEXING + 5)]
    data["first"]["items"][-1]["body"] = [*template["body"], {"type": "TextualBody", "purpose": "commenting",
                                                              "value": "zanzibarian"}]  # fmt: skip
    with Library(tmp_path / "bulk.sqlite") as other:
        other.import_document(load_path(library.documents()[0].source))
        assert BULK_INDEXING + 5 == import_annotations(other, data).added
        last = f"20000000-0000-4000-8000-{BULK_INDEXING + 4:012d}"  # the one with the unusual note
        assert [last] == [hit.annotation.uuid for hit in other.search("zanzibarian")]
        added = other.add_annotation(1, 0, 6, "fact", note="quixotically")
        assert [added.uuid] == [hit.annotation.uuid for hit in other.search("quixotically")]


def test_direct_reading_of_own_annotations_matches_the_general_reader(trt_library: tuple[Library, int]) -> None:
    """Claimmark's own annotations read the same on the direct path as through the general W3C reader."""
    from storage.interchange.w3c_reader import DocumentHint, _annotation, _own_annotation

    library, document_id = trt_library
    items = json.loads(export_json(library, [document_id]))["first"]["items"]
    hint = DocumentHint()
    direct = [_own_annotation(item, hint) for item in items]
    assert None not in direct and [_annotation(item, hint) for item in items] == direct
    assert _own_annotation({**items[0], "body": "https://example.org/body"}, hint) is None
