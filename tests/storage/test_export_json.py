"""W3C Web Annotation JSON: its shape, the round trip through an empty library, import from other tools."""

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

from .conftest import HARBOUR_ARTICLE


def test_collection_has_selectors_and_bodies(harbour_library: tuple[Library, int], harbour_claims: list) -> None:
    """Each annotation has both selectors and tagging/commenting/identifying bodies; the collection has the hash."""
    library, document_id = harbour_library
    data = json.loads(export_json(library, [document_id]))
    assert ("AnnotationCollection", 5) == (data["type"], data["total"])
    assert library.document(document_id).sha256 == data["claimmark:document"]["sha256"]
    item = next(i for i in data["first"]["items"] if i["id"] == f"urn:uuid:{harbour_claims[3][0]}")
    quote, position = item["target"]["selector"]
    assert ("TextQuoteSelector", harbour_claims[3][1]) == (quote["type"], quote["exact"])
    assert library.document_text(document_id)[position["start"] : position["end"]] == quote["exact"]
    purposes = [(b["purpose"], b["value"]) for b in item["body"]]
    assert ("tagging", "quote") == purposes[0] and ("identifying", "Tomas Reyes") in purposes
    assert {("tagging", "tourism"), ("commenting", harbour_claims[3][3])} <= set(purposes)


def test_round_trip_through_an_empty_library(harbour_library: tuple[Library, int], tmp_path: Path) -> None:
    """Export with the text, import into an empty library, export again: the same file, every annotation kept,
    except the exporting machine's file path, which an import keeps as a note and never adopts as the source."""
    library, document_id = harbour_library
    first = export_json(library, [document_id], include_text=True)
    (tmp_path / "claims.json").write_text(first, encoding="utf-8")
    with Library(tmp_path / "empty.sqlite") as empty:
        report = import_annotation_file(empty, tmp_path / "claims.json")
        assert (5, 0, 1) == (report.added, report.duplicate, report.documents_added)
        again = export_json(empty, [d.id for d in empty.documents()], include_text=True)
        assert _same_annotations(empty, library)
        [added] = empty.documents()
        stored = empty.document(added.id)
    source = library.document_summary(document_id).source
    assert ("", [f"source named in the annotation file: {source}"]) == (added.source, stored.metadata.notes)
    assert _without_source(json.loads(first)) == json.loads(again)


def _without_source(exported: dict) -> dict:
    """An exported collection as it would be had its document no source (targets then name the text's hash)."""
    document = exported["claimmark:document"]
    document["source"] = ""
    for item in exported["first"]["items"]:
        item["target"]["source"] = document.get("url") or "urn:sha256:" + document["sha256"]
    return exported


def _same_annotations(left: Library, right: Library) -> bool:
    """Whether two libraries hold the same annotations, field for field (document ids aside)."""
    fields = ("uuid", "start", "end", "exact", "prefix", "suffix", "claim_type", "note", "speaker", "tags", "status",
              "score", "created", "updated")  # fmt: skip
    key = [tuple(getattr(a, f) for f in fields) for a in left.annotations()]
    return key == [tuple(getattr(a, f) for f in fields) for a in right.annotations()]


def test_import_twice_counts_duplicates(harbour_library: tuple[Library, int], tmp_path: Path) -> None:
    """Into a library that has the article: all added, then a second import adds nothing (all duplicate)."""
    library, document_id = harbour_library
    data = json.loads(export_json(library, [document_id]))
    with Library(tmp_path / "other.sqlite") as other:
        other.import_document(load_path(HARBOUR_ARTICLE))
        assert 5 == import_annotations(other, data).added
        report = import_annotations(other, data)
        assert (0, 5, 0) == (report.added, report.duplicate, report.unmatched)
        assert _same_annotations(other, library)


def test_foreign_annotation_anchors_by_quote(harbour_library: tuple[Library, int], tmp_path: Path) -> None:
    """A bare W3C annotation from another tool is anchored by its quote; a missing quote counts as unmatched."""
    library, document_id = harbour_library
    foreign = [
        {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "https://example.org/anno/1", "type": "Annotation",
         "body": [{"type": "TextualBody", "purpose": "tagging", "value": "Opinion"},
                  {"type": "TextualBody", "purpose": "tagging", "value": "media"}],
         "bodyValue": "Seen elsewhere",
         "target": {"source": "https://example.org/article",
                    "selector": {"type": "TextQuoteSelector", "exact": "narrowly approved the ban"}}},
        {"type": "Annotation", "target": {"selector": {"type": "TextQuoteSelector", "exact": "not in any text"}}},
    ]  # fmt: skip
    report = import_annotations(library, foreign)
    assert (1, 1) == (report.added, report.unmatched)
    added = next(a for a in library.annotations(document_id) if a.exact == "narrowly approved the ban")
    assert ("opinion", ("media",), "Seen elsewhere", "anchored") == (
        added.claim_type,
        added.tags,
        added.note,
        added.status,
    )


def test_moved_and_orphaned_on_a_matching_document(harbour_library: tuple[Library, int], tmp_path: Path) -> None:
    """A stale position is re-found by quote (moved); a quote not in the text is kept as orphaned."""
    source, document_id = harbour_library
    data = json.loads(export_json(source, [document_id]))
    items = data["first"]["items"][:2]
    for number, item in enumerate(items):
        item["id"] = f"urn:uuid:10000000-0000-4000-8000-00000000000{number}"
        item["target"]["selector"][1]["start"] += 3
    items[1]["target"]["selector"][0]["exact"] = "words that are nowhere"
    data["first"]["items"] = items
    with Library(tmp_path / "other.sqlite") as library:
        library.import_document(load_path(HARBOUR_ARTICLE))
        report = import_annotations(library, data)
        assert (2, 1) == (report.added, report.orphaned)
        statuses = {a.uuid[-1]: a.status for a in library.annotations()}
    assert {"0": "moved", "1": "orphaned"} == statuses


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"{not json", "not JSON"), (b'{"type": "Nothing"}', "holds no W3C annotations"),
     (b'[{"title": "a list of something else"}]', "nor Hypothesis or Zotero annotations")],
)  # fmt: skip
def test_bad_files_are_refused_untouched(
    harbour_library: tuple[Library, int], tmp_path: Path, content: bytes, message: str
) -> None:
    """A file in no format read here raises one clear error naming the file, and writes nothing."""
    library, _ = harbour_library
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InvalidAnnotationFile, match=message) as raised:
        import_annotation_file(library, path)
    assert str(path) in str(raised.value) and 5 == len(library.annotations())


def test_items_written_by_sqlite_match_the_python_model(harbour_cited: tuple[Library, int]) -> None:
    """The annotations SQLite writes (creator joined on) are exactly w3c.annotation()'s dicts, one per line."""
    library, document_id = harbour_cited
    text = export_json(library, [document_id])
    document = next(document_exports(library, [document_id]))
    expected = [annotation(claim, document_source(document)) for claim in document.claims]
    assert expected == json.loads(text)["first"]["items"]
    assert len(expected) == sum(line.startswith('      {"id":"urn:uuid:') for line in text.splitlines())


def test_large_import_keeps_search_and_its_trigger(harbour_library: tuple[Library, int], tmp_path: Path) -> None:
    """Importing thousands at once fills the full-text index; claims added afterwards are indexed too."""
    library, document_id = harbour_library
    data = json.loads(export_json(library, [document_id]))
    template, text = data["first"]["items"][0], library.document_text(document_id)

    def item(n: int) -> dict:  # a distinct (start, end) for each n, within the short text
        start, length = n % (len(text) - 40), 20 + n // (len(text) - 40)
        selectors = [{"type": "TextQuoteSelector", "exact": text[start : start + length]},
                     {"type": "TextPositionSelector", "start": start, "end": start + length}]  # fmt: skip
        return {**template, "id": f"urn:uuid:20000000-0000-4000-8000-{n:012d}", "target": {"selector": selectors}}

    data["first"]["items"] = [item(n) for n in range(BULK_INDEXING + 5)]
    data["first"]["items"][-1]["body"] = [*template["body"], {"type": "TextualBody", "purpose": "commenting",
                                                              "value": "zanzibarian"}]  # fmt: skip
    with Library(tmp_path / "bulk.sqlite") as other:
        other.import_document(load_path(HARBOUR_ARTICLE))
        assert BULK_INDEXING + 5 == import_annotations(other, data).added
        last = f"20000000-0000-4000-8000-{BULK_INDEXING + 4:012d}"  # the one with the unusual note
        assert [last] == [hit.annotation.uuid for hit in other.search("zanzibarian")]
        added = other.add_annotation(1, 0, 6, "fact", note="quixotically")
        assert [added.uuid] == [hit.annotation.uuid for hit in other.search("quixotically")]


def test_direct_reading_of_own_annotations_matches_the_general_reader(harbour_library: tuple[Library, int]) -> None:
    """Claimmark's own annotations read the same on the direct path as through the general W3C reader."""
    from storage.interchange.w3c_reader import DocumentHint, _annotation, _own_annotation

    library, document_id = harbour_library
    items = json.loads(export_json(library, [document_id]))["first"]["items"]
    hint = DocumentHint()
    direct = [_own_annotation(item, hint) for item in items]
    assert None not in direct and [_annotation(item, hint) for item in items] == direct
    assert _own_annotation({**items[0], "body": "https://example.org/body"}, hint) is None


def test_items_carry_creator_page_id_and_the_documents_url(harbour_cited: tuple[Library, int]) -> None:
    """Each annotation's creator is its annotator; the page has an id; targets are the document's URL."""
    library, document_id = harbour_cited
    data = json.loads(export_json(library, [document_id]))
    items = data["first"]["items"]
    assert [{"type": "Person", "name": "Ana Ruiz"}] * 5 == [item["creator"] for item in items]
    assert {"https://news.example.org/2025/03/04/harbour-town-bans-cruise-ships"} == {
        item["target"]["source"] for item in items
    }
    assert (data["id"] + ":page:0", data["id"]) == (data["first"]["id"], data["first"]["partOf"])
    assert "https://news.example.org/2025/03/04/harbour-town-bans-cruise-ships" == data["claimmark:document"]["url"]


def test_round_trip_keeps_creators_and_url(harbour_cited: tuple[Library, int], tmp_path: Path) -> None:
    """Export with creators and a URL, import into an empty library, export again: the same file (but for the
    exporting machine's path, which an import never adopts as the document's source)."""
    library, document_id = harbour_cited
    first = export_json(library, [document_id], include_text=True)
    (tmp_path / "claims.json").write_text(first, encoding="utf-8")
    with Library(tmp_path / "empty.sqlite") as empty:
        import_annotation_file(empty, tmp_path / "claims.json")
        again = export_json(empty, [d.id for d in empty.documents()], include_text=True)
    assert _without_source(json.loads(first)) == json.loads(again)
