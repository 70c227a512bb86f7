"""The one import path: finding documents (hash, address, source, quote), duplicates, types, notes, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from documents import Document, Metadata, load_document
from documents.model import make_block
from storage import Library, NotFound
from storage.export.w3c_export import export_json
from storage.interchange.annotation_import import import_annotation_file, import_annotations, import_parsed
from storage.interchange.document_matching import DocumentMatcher, QuoteIndex
from storage.interchange.formats import parse_bytes, parse_decoded
from storage.interchange.import_report import ImportReport
from storage.interchange.incoming import InvalidAnnotationFile

WORDS = ("harbour", "council", "ferry", "tourism", "referendum", "berth", "mayor", "residents", "passengers")


def _article(number: int) -> Document:
    """A short article whose third paragraph names it uniquely."""
    blocks = [
        make_block("heading", f"Report {number}", 1),
        make_block("paragraph", " ".join(WORDS[(number + i) % len(WORDS)] for i in range(40))),
        make_block("paragraph", f"Paragraph unique to report number {number}, about lighthouse{number}."),
        make_block("paragraph", "Every report ends with the same closing sentence about the weather."),
    ]
    return Document(Metadata(title=f"Report {number}", source=f"/saved/report-{number}.txt"), blocks)


@pytest.fixture
def reports(library: Library) -> tuple[Library, list[int]]:
    """A library of twelve short reports, none with a known address."""
    return library, [library.import_document(_article(n))[0].id for n in range(12)]


def _hypothesis(rows: list[dict]) -> dict:
    return {"total": len(rows), "rows": rows}


def _row(id_: str, exact: str, uri: str = "https://unknown.example.org/page", **extra: object) -> dict:
    selector = [{"type": "TextQuoteSelector", "exact": exact, "prefix": "", "suffix": ""}] if exact else []
    return {"id": id_, "uri": uri, "target": [{"source": uri, "selector": selector}], **extra}


def test_quote_index_finds_the_document_without_reading_the_others(reports: tuple[Library, list[int]]) -> None:
    """The index offers the one report holding the quote; only the offered documents' texts are read."""
    library, ids = reports
    index = QuoteIndex(library.db.conn)
    assert [ids[7]] == index.candidates("Paragraph unique to report number 7, about lighthouse7.")
    matcher = DocumentMatcher(library, ImportReport())
    items = parse_decoded(_hypothesis([_row("a", "report number 7, about lighthouse7")])).items
    matcher.settle_groups(items)
    assert {ids[7]} == set(matcher.placers)


def test_annotations_of_one_page_share_the_document_their_longest_quotes_find(
    reports: tuple[Library, list[int]],
) -> None:
    """A sentence every report has goes to the page's own report, settled by the page's distinctive quote."""
    library, ids = reports
    rows = [_row("a", "Every report ends with the same closing sentence"),
            _row("b", "Paragraph unique to report number 9, about lighthouse9.")]  # fmt: skip
    report = import_annotations(library, _hypothesis(rows))
    assert (2, 0) == (report.added, len(report.skipped))
    assert {ids[9]} == {a.document_id for a in library.annotations()}


def test_address_beats_quote(library: Library) -> None:
    """A document whose url is the annotation's uri is chosen even when another document holds the quote too."""
    library.import_document(_article(1))
    page = _article(2)
    page.metadata.url = "https://news.example.org/report-2"
    second, _ = library.import_document(page)
    rows = [_row("a", "Every report ends with the same closing sentence", uri="https://news.example.org/report-2/")]
    import_annotations(library, _hypothesis(rows))
    assert [second.id] == [a.document_id for a in library.annotations()]


def test_quote_spanning_paragraphs_with_blank_lines_matches(reports: tuple[Library, list[int]]) -> None:
    """A quote given across two paragraphs as "\\n\\n" (page text) matches the canonical "\\n"."""
    library, ids = reports
    quote = "about lighthouse4.\n\nEvery report ends"
    import_annotations(library, _hypothesis([_row("a", quote)]))
    (annotation,) = library.annotations()
    assert (ids[4], "about lighthouse4.\nEvery report ends", "anchored") == (
        annotation.document_id, annotation.exact, annotation.status,
    )  # fmt: skip


def test_untagged_foreign_annotation_is_untyped_never_a_fact(reports: tuple[Library, list[int]]) -> None:
    """Without a tag naming a type, a foreign annotation is "untyped" (grey, built in); a tag names its type."""
    library, _ = reports
    rows = [_row("a", "about lighthouse3"), _row("b", "about lighthouse5", tags=["Opinion", "local"])]
    import_annotations(library, _hypothesis(rows))
    assert [("untyped", ()), ("opinion", ("local",))] == [(a.claim_type, a.tags) for a in library.annotations()]
    untyped = next(t for t in library.claim_types() if t.name == "untyped")
    assert ("Untyped", "#8c8c8c", True) == (untyped.label, untyped.colour, untyped.builtin)


def test_chosen_type_must_exist_and_nothing_is_written_otherwise(reports: tuple[Library, list[int]]) -> None:
    """An unknown --type is refused before anything is read or written."""
    library, _ = reports
    with pytest.raises(NotFound, match="unknown claim type 'claim'"):
        import_annotations(library, _hypothesis([_row("a", "about lighthouse3")]), claim_type="claim")
    assert [] == library.annotations()


def test_duplicate_found_by_origin_id_even_after_an_edit(reports: tuple[Library, list[int]]) -> None:
    """An annotation retyped since its import is still a duplicate when the file comes again (found by its id)."""
    library, _ = reports
    data = _hypothesis([_row("a", "about lighthouse3")])
    import_annotations(library, data)
    (annotation,) = library.annotations()
    library.update_annotation(annotation.uuid, claim_type="fact", note="checked")
    again = import_annotations(library, data)
    assert (0, 1) == (again.added, again.duplicate)
    assert ("fact", "checked", "a") == (lambda a: (a.claim_type, a.note, a.origin_id))(library.annotations()[0])


def test_page_notes_never_abort_the_file(reports: tuple[Library, list[int]]) -> None:
    """A page note on an unknown page and an empty annotation are skipped with their reasons; the rest imports."""
    library, _ = reports
    rows = [_row("a", "about lighthouse3"), _row("b", "", uri="https://nobody.example.org/", text="A page note"),
            _row("c", "")]  # fmt: skip
    report = import_annotations(library, _hypothesis(rows))
    assert (1, 0) == (report.added, report.notes_added)
    assert {"notes on a page the library does not have (found by address only)": 1,
            "without quote or note": 1} == report.skipped_by_reason()  # fmt: skip
    assert "1 added (1 anchored), 0 duplicate, 2 skipped" in report.summary()


def test_page_note_on_a_page_found_by_its_quotes(reports: tuple[Library, list[int]]) -> None:
    """A page note of a page whose annotations were found by quote goes to that document."""
    library, ids = reports
    uri = "https://unknown.example.org/report-6"
    rows = [_row("a", "about lighthouse6", uri=uri), _row("b", "", uri=uri, text="Read the whole series.")]
    report = import_annotations(library, _hypothesis(rows))
    assert (1, 1) == (report.added, report.notes_added)
    assert [(ids[6], "Read the whole series.")] == [(n.document_id, n.note) for n in library.document_notes()]


def test_own_round_trip_keeps_orphans_as_they_were(library: Library, tmp_path: Path) -> None:
    """An orphaned claim of Claimmark's own file stays orphaned (not re-found) in another library."""
    summary, _ = library.import_document(load_document(b"Title\n\nThe harbour is busy today.\n", "a.txt"))
    orphan = library.add_annotation(summary.id, 4, 11, "fact")
    library.db.conn.execute("UPDATE annotations SET start = 0, end = 0, status = 'orphaned' WHERE uuid = ?",
                            [orphan.uuid])  # fmt: skip
    first = export_json(library, [summary.id], include_text=True)
    with Library(tmp_path / "other.sqlite") as other:
        report = import_annotations(other, json.loads(first))
        assert (1, 1) == (report.added, report.orphaned)
        assert first == export_json(other, [d.id for d in other.documents()], include_text=True)


def test_unknown_format_is_one_clear_message(library: Library, tmp_path: Path) -> None:
    """A file in no known format, or not in the format named, raises one message naming the file."""
    notes = tmp_path / "notes.txt"
    notes.write_text("Dear diary, nothing here is an annotation.", encoding="utf-8")
    with pytest.raises(InvalidAnnotationFile, match=r"notes.txt: not an annotation file Claimmark reads \(text"):
        import_annotation_file(library, notes)
    with pytest.raises(InvalidAnnotationFile, match="is not Readwise CSV"):
        import_annotation_file(library, notes, format_name="readwise")
    with pytest.raises(InvalidAnnotationFile, match="unknown annotation format 'pdf'"):
        import_annotation_file(library, notes, format_name="pdf")
    with pytest.raises(InvalidAnnotationFile, match="no such file"):
        import_annotation_file(library, tmp_path / "absent.json")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["", ".json", ".csv", ".txt"]))
def test_random_bytes_give_records_or_one_clear_error(data: bytes, suffix: str) -> None:
    """Whatever the bytes, reading them gives records or InvalidAnnotationFile, never another exception."""
    try:
        parsed = parse_bytes(data, suffix)
    except InvalidAnnotationFile:
        return
    assert isinstance(parsed.items, list)


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                        st.sampled_from(["type", "rows", "total", "id", "uri", "target", "selector", "exact",
                                         "itemType", "annotationType", "data", "body", "items", "first"]),
                        inner, max_size=5), max_leaves=30))  # fmt: skip
def test_odd_json_imports_or_fails_cleanly(data: object) -> None:
    """Any JSON shaped almost like annotations imports what it can or raises InvalidAnnotationFile."""
    with Library(":memory:") as library:
        try:
            parsed = parse_decoded(data)
        except InvalidAnnotationFile:
            return
        report = import_parsed(library, parsed)
        assert report.added + report.notes_added + len(report.skipped) + report.duplicate == len(parsed.items)


def test_untyped_claims_go_through_every_export(reports: tuple[Library, list[int]], tmp_path: Path) -> None:
    """Markdown groups them as Untyped, CSV names the type, and W3C JSON brings them back untyped."""
    from storage.export.exporting import ExportOptions, export_text

    library, ids = reports
    import_annotations(library, _hypothesis([_row("a", "about lighthouse3")]))
    assert "## Untyped (1)" in export_text(library, [ids[3]], ExportOptions(format="markdown"))
    assert ',"untyped",' in export_text(library, [ids[3]], ExportOptions(format="csv"))
    data = json.loads(export_json(library, [ids[3]], include_text=True))
    with Library(tmp_path / "other.sqlite") as other:
        import_annotations(other, data)
        assert ["untyped"] == [a.claim_type for a in other.annotations()]


def test_position_without_quote_counts_only_in_the_very_text(library: Library) -> None:
    """A position alone becomes a claim on the text it was made on (same sha256), and is skipped elsewhere."""
    page = _article(1)
    page.metadata.url = "https://news.example.org/report-1"
    summary, _ = library.import_document(page)
    start = page.text.index("about lighthouse1")
    target = {"source": "https://news.example.org/report-1",
              "selector": {"type": "TextPositionSelector", "start": start, "end": start + 17}}  # fmt: skip
    hashed = {"type": "AnnotationCollection", "claimmark:document": {"sha256": page.sha256},
              "items": [{"id": "urn:uuid:30000000-0000-4000-8000-000000000001", "type": "Annotation",
                         "target": target}]}  # fmt: skip
    assert 1 == import_annotations(library, hashed).added
    assert ["about lighthouse1"] == [a.exact for a in library.annotations(summary.id)]
    report = import_annotations(library, {"id": "https://x.example/1", "type": "Annotation", "target": target})
    assert {"without quote or note": 1} == report.skipped_by_reason()
