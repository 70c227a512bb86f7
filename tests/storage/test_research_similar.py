"""The same claim elsewhere: near-identical quotes in other documents, found through the full-text index."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storage import Library, NotFound, find_occurrence
from storage.research.similar import normalised, similar

from .research_library import SmallLibrary, article, fill


@pytest.fixture
def small(library: Library) -> Iterator[SmallLibrary]:
    """The small research library."""
    yield fill(library)


def test_a_reworded_copy_in_another_document_is_found(small: SmallLibrary) -> None:
    """The quote with one word changed, in another document, is found with its speaker and place."""
    [found] = similar(small.library, small.uuids["h1"])
    assert (small.uuids["f1"], "near", "Ana Minister") == (
        found.annotation.uuid,
        found.relation,
        found.annotation.speaker,
    )
    assert "Fishing crews wait for the harbour" == found.document_title and found.score >= 85
    text = small.library.document_text(found.annotation.document_id)
    assert found.annotation.exact == text[found.annotation.start : found.annotation.end]


def test_same_words_inside_a_longer_claim_and_exact_copies(small: SmallLibrary) -> None:
    """A longer claim holding the quote is "contains"; the same words (other case and punctuation) are "same"."""
    lib = small.library
    summary, _ = lib.import_document(article("Budget digest", [
        "Officials say the council will publish the full budget next week. Nobody believed them.",
        "THE COUNCIL WILL PUBLISH THE FULL BUDGET NEXT WEEK!",
    ]))  # fmt: skip
    text = lib.document_text(summary.id)
    longer = lib.add_annotation(summary.id, 0, text.index(" Nobody"), "fact")
    start, end = find_occurrence(text, "THE COUNCIL WILL PUBLISH THE FULL BUDGET NEXT WEEK!")
    shouted = lib.add_annotation(summary.id, start, end, "quote")
    harbour = lib.document_text(small.documents[0])
    start, end = find_occurrence(harbour, "The council will publish the full budget next week.")
    original = lib.add_annotation(small.documents[0], start, end, "fact")
    relations = {s.annotation.uuid: s.relation for s in similar(lib, original.uuid)}
    assert {shouted.uuid: "same", longer.uuid: "contains"} == relations


def test_unrelated_claims_and_the_same_document_stay_out(small: SmallLibrary) -> None:
    """Claims in the claim's own document, and claims sharing only common words, are not listed."""
    assert [] == similar(small.library, small.uuids["h2"])
    assert [] == similar(small.library, small.uuids["c2"])


def test_unknown_claim_is_not_found(small: SmallLibrary) -> None:
    """An unknown uuid is NotFound."""
    with pytest.raises(NotFound):
        similar(small.library, "00000000-0000-4000-8000-999999999999")


def test_normalised_text_ignores_case_accents_and_punctuation() -> None:
    """Normalising drops case, accents and punctuation, keeping the words in order."""
    assert "cafe bezukhov s staff" == normalised("  Café — Bezúkhov’s STAFF!")
