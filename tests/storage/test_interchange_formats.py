"""Each other tool's annotation file, imported against a matching document: what lands where, counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from documents import load_path
from storage import Library
from storage.interchange.annotation_import import import_annotation_file
from storage.interchange.formats import parse_bytes

FILES = Path(__file__).parent / "annotation_files"
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "harbour-town-bans-cruise-ships.txt"
PAGE_URL = "https://gazette.example.org/2025/03/04/harbour-town-cruise-ban"


@pytest.fixture
def saved_page(library: Library) -> tuple[Library, int]:
    """A library holding the saved page of the harbour story (its address known from its canonical link)."""
    summary, _ = library.import_document(load_path(FILES / "harbour-town.html"))
    assert PAGE_URL == summary.url
    return library, summary.id


@pytest.fixture
def plain_text(library: Library) -> tuple[Library, int]:
    """A library holding the harbour story as plain text: no address, found only by its words."""
    summary, _ = library.import_document(load_path(SAMPLE))
    return library, summary.id


def _counts(report) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    """(added, anchored, moved, changed, orphaned, document notes, duplicate, skipped)."""
    return (report.added, report.anchored, report.moved, report.changed, report.orphaned, report.notes_added,
            report.duplicate, len(report.skipped))  # fmt: skip


def _by_origin(library: Library) -> dict[str, object]:
    return {a.origin_id: a for a in library.annotations()}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("hypothesis-api.json", ("hypothesis", "Hypothesis API response")),
     ("hypothesis-export.json", ("hypothesis", "Hypothesis export")),
     ("zotero-items.json", ("zotero", "Zotero JSON")), ("zotero-webapi.json", ("zotero", "Zotero Web API")),
     ("My Clippings.txt", ("kindle", "Kindle My Clippings.txt")), ("readwise-export.csv", ("readwise", "Readwise CSV")),
     ("w3c-collection.jsonld", ("w3c", "W3C Web Annotation (JSON-LD)"))],
)  # fmt: skip
def test_format_is_told_from_content_alone(name: str, expected: tuple[str, str]) -> None:
    """Every fixture's format is recognised from its bytes, whatever its file name says."""
    parsed = parse_bytes((FILES / name).read_bytes(), suffix=".dat")
    assert expected == (parsed.format, parsed.label)


def test_hypothesis_api_response(saved_page: tuple[Library, int]) -> None:
    """Found by the page's URL: tagged types kept, untagged untyped, a typo changed, a missing quote orphaned."""
    library, document_id = saved_page
    report = import_annotation_file(library, FILES / "hypothesis-api.json")
    assert (5, 3, 0, 1, 1, 1, 0, 2) == _counts(report)
    assert {"replies to other annotations (replies are not imported)": 1,
            "without a matching document in the library": 1} == report.skipped_by_reason()  # fmt: skip
    found = _by_origin(library)
    fact = found["Kx3mQ2vSEe-aB1c2d3e4fA"]
    assert ("fact", "voted seven to six on Monday evening", "Check the council minutes.", "Ana Lima", PAGE_URL) == (
        fact.claim_type, fact.exact, fact.note, fact.annotator, fact.origin_url,
    )  # fmt: skip
    assert ("opinion", ("tourism",)) == (
        found["Lp9nR4wTEe-bC2d3e4f5gB"].claim_type,
        found["Lp9nR4wTEe-bC2d3e4f5gB"].tags,
    )
    spanning = found["Mq0oS5xUEe-cD3e4f5g6hC"]  # given across two paragraphs as "\n\n"
    assert ("untyped", "anchored") == (spanning.claim_type, spanning.status)
    assert "in January.\n“We are not against visitors." in spanning.exact
    changed = found["Nr1pT6yVEe-dE4f5g6h7iD"]
    assert ("changed", "tour operators", "tour operaters") == (
        changed.status,
        changed.exact[27:41],
        changed.old_exact[27:41],
    )
    assert "orphaned" == found["Os2qU7zWEe-eF5g6h7i8jE"].status
    text = library.document_text(document_id)
    assert all(text[a.start : a.end] == a.exact for a in library.annotations() if a.status != "orphaned")
    (note,) = library.document_notes(document_id)
    assert ("Compare with the 2019 referendum coverage.", ("follow-up",), "Pt3rV8aXEe-fG6h7i8j9kF") == (
        note.note, note.tags, note.origin_id,
    )  # fmt: skip


def test_hypothesis_file_imported_again_is_all_duplicates(saved_page: tuple[Library, int]) -> None:
    """The same Hypothesis file a second time adds nothing: its annotations and page note are found by id."""
    library, _ = saved_page
    import_annotation_file(library, FILES / "hypothesis-api.json")
    again = import_annotation_file(library, FILES / "hypothesis-api.json")
    assert (0, 0, 0, 0, 0, 0, 6, 2) == _counts(again)
    assert 5 == len(library.annotations()) and 1 == len(library.document_notes())


def test_hypothesis_client_export_matches_another_spelling_of_the_url(saved_page: tuple[Library, int]) -> None:
    """http://, a trailing slash and utm_ parameters still name the page whose canonical URL is https://."""
    library, document_id = saved_page
    report = import_annotation_file(library, FILES / "hypothesis-export.json")
    assert (1, 1, 0, 0, 0, 1, 0, 0) == _counts(report)
    (annotation,) = library.annotations(document_id)
    assert ("quote", "Smaller ships will still be allowed to dock") == (annotation.claim_type, annotation.exact)


def test_zotero_items_with_their_parent_article(saved_page: tuple[Library, int]) -> None:
    """toJSON items: the article's URL finds the page; a note is a document note; image and empty highlight skip."""
    library, document_id = saved_page
    report = import_annotation_file(library, FILES / "zotero-items.json")
    assert (2, 2, 0, 0, 0, 1, 0, 2) == _counts(report)
    found = _by_origin(library)
    assert ("fact", ("numbers",), "Compare with the census.") == (
        found["ZA1HIGH1"].claim_type, found["ZA1HIGH1"].tags, found["ZA1HIGH1"].note,
    )  # fmt: skip
    assert ("untyped", "2025-03-07T10:01:12Z") == (found["ZA2UNDR2"].claim_type, found["ZA2UNDR2"].created)
    assert ["The whole piece leans towards the ban."] == [n.note for n in library.document_notes(document_id)]


def test_zotero_web_api_found_by_quote(plain_text: tuple[Library, int]) -> None:
    """Web API items name no page: the quotes find the document; the API's user becomes the annotator."""
    library, document_id = plain_text
    report = import_annotation_file(library, FILES / "zotero-webapi.json")
    assert (2, 2, 0, 0, 0, 1, 0, 0) == _counts(report)
    found = _by_origin(library)
    assert ("opinion", "Marta L.", document_id) == (
        found["ZB1HIGH1"].claim_type, found["ZB1HIGH1"].annotator, found["ZB1HIGH1"].document_id,
    )  # fmt: skip
    assert ["Circled the figures"] == [n.note for n in library.document_notes(document_id)]


def test_kindle_clippings(plain_text: tuple[Library, int]) -> None:
    """Highlights found by their words, a note joined to its highlight, a lone note, duplicates and bookmarks."""
    library, document_id = plain_text
    report = import_annotation_file(library, FILES / "My Clippings.txt")
    assert (2, 2, 0, 0, 0, 1, 1, 3) == _counts(report)
    assert {"Kindle bookmarks (they hold no text)": 1, "cut by the Kindle's clipping limit (no text)": 1,
            "without a matching document in the library": 1} == report.skipped_by_reason()  # fmt: skip
    vote = next(a for a in library.annotations() if a.exact.startswith("The town council"))
    assert ("untyped", "check the vote count", "2025-03-07T21:14:03", "kindle") == (
        vote.claim_type, vote.note, vote.created, vote.origin_format,
    )  # fmt: skip
    assert ["Ask the harbour authority for the 2024 figures."] == [n.note for n in library.document_notes(document_id)]
    again = import_annotation_file(library, FILES / "My Clippings.txt")
    assert (0, 4) == (again.added, again.duplicate)


def test_readwise_export(plain_text: tuple[Library, int]) -> None:
    """Tags naming a claim type give it (the rest stay tags); a note-only row is a document note."""
    library, document_id = plain_text
    report = import_annotation_file(library, FILES / "readwise-export.csv")
    assert (3, 3, 0, 0, 0, 1, 0, 2) == _counts(report)
    types = {a.exact[:20]: (a.claim_type, a.tags) for a in library.annotations()}
    assert {"Critics of the ban u": ("opinion", ("tourism",)), "the council plans to": ("untyped", ()),
            "The Cruise Lines Ass": ("quote", ())} == types  # fmt: skip
    assert ["Follow the October referendum."] == [n.note for n in library.document_notes(document_id)]


def test_w3c_collection_with_page_targets_and_refined_selectors(saved_page: tuple[Library, int]) -> None:
    """A refined TextQuoteSelector across paragraphs anchors; page targets become notes; none aborts the file."""
    library, document_id = saved_page
    report = import_annotation_file(library, FILES / "w3c-collection.jsonld")
    assert (1, 1, 0, 0, 0, 2, 0, 2) == _counts(report)
    (annotation,) = library.annotations(document_id)
    assert ("quote", "Bo Chen", "https://annotations.example.net/anno/1") == (
        annotation.claim_type, annotation.annotator, annotation.origin_id,
    )  # fmt: skip
    assert "who cast the deciding vote.\nThe decision is long overdue." == annotation.exact
    notes = sorted(n.note for n in library.document_notes(document_id))
    assert [
        "Worth reading with last year's tourism report.",
        "https://annotations.example.net/comments/harbour-maps",
    ] == notes


def test_chosen_type_for_untagged_annotations(plain_text: tuple[Library, int]) -> None:
    """--type gives untagged annotations that type; tagged ones keep theirs; nothing becomes a fact unasked."""
    library, _ = plain_text
    import_annotation_file(library, FILES / "readwise-export.csv", claim_type="opinion")
    assert {"opinion": 2, "quote": 1} == library.documents()[0].counts
