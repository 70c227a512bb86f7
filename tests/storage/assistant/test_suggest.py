"""Suggestions for the bundled sample article, the reasons a student reads, and accepting them in one go."""

from __future__ import annotations

from pathlib import Path

import pytest

from documents import load_path
from storage import InvalidAnnotation, Library, NotFound
from storage.assistant.accepting import accept_suggestions
from storage.assistant.rules import suggest_type
from storage.assistant.suggest import SuggestedClaim, suggest_claims, suggest_for_selection

SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "samples" / "harbour-town-bans-cruise-ships.txt"


def test_the_sample_article_sentence_by_sentence() -> None:
    """Each sentence of the bundled article gets the type an annotator gives it, but three (see the comments)."""
    document = load_path(SAMPLE)
    got = [(c.claim_type, c.speaker) for c in suggest_claims(document.text, document.blocks)]
    assert [
        ("none", ""), ("none", ""), ("none", ""), ("fact", ""), ("fact", ""), ("fact", ""),
        ("quote", "Ines Carvalho"),
        # Known misses: three opinions without a word of the lists ("long overdue", "paid for it", "underestimate").
        ("fact", ""), ("fact", ""), ("fact", ""), ("quote", "Tomas Reyes"), ("fact", ""), ("fact", ""), ("fact", ""),
        ("fact", ""), ("opinion", ""), ("quote", "Cruise Lines Association"), ("fact", ""),
    ] == got  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("“It is all over now,” she told the court.", "Quote — quotation marks and 'told'"),
        ("The council should reconsider, and it would be wise to wait.", "Opinion — 'should', 'would be wise'"),
        ("On 4 March 2025 the council voted seven to six.", "Fact — a date and a number, a reported event"),
        ("Leave a Reply", "Not a claim — page furniture ('leave a reply')"),
        ("What happens next?", "Not a claim — a question"),
        ("The mayor explained that the port would close.", "Quote — reported speech: 'explained'"),
    ],
)
def test_reasons_name_the_cues(sentence: str, reason: str) -> None:
    """The one-line reason says which words or marks decided the type."""
    assert reason == suggest_type(sentence).reason


def test_titles_and_scare_quotes_are_not_quotes() -> None:
    """A film's title in capitals or a one-word scare quote does not make a quote."""
    assert "fact" == suggest_type("It beat “Once Upon A Time in Hollywood” at the awards in 2020.").claim_type
    assert "quote" != suggest_type("They called it a “legitimate” government in 2021.").claim_type


def test_a_selection_gets_its_sentence_type_and_speaker() -> None:
    """The floating bar's suggestion: the snapped sentence, its type and reason, and a speaker seen before."""
    text = "Anatol Lieven explained that it would fail. “China would help,” he added. It rained."
    span, suggestion, speaker = suggest_for_selection(text, 50, 55)
    assert ((44, 73), "quote", "Anatol Lieven") == (span, suggestion.claim_type, speaker)


def test_accepting_stores_all_in_one_transaction(library: Library) -> None:
    """Accepted suggestions become annotations by the library's annotator; a bad one stores none of them."""
    summary, _ = library.import_document(load_path(SAMPLE))
    claims = [c for c in suggest_claims(library.document_text(summary.id)) if c.claim_type != "none"]
    with pytest.raises(InvalidAnnotation):
        accept_suggestions(library, summary.id, [claims[0], SuggestedClaim(0, 22, "none", "")])
    with pytest.raises(NotFound):
        accept_suggestions(library, summary.id, [claims[0], SuggestedClaim(0, 22, "rumour", "")])
    assert [] == library.annotations(summary.id)
    stored = accept_suggestions(library, summary.id, claims)
    assert len(claims) == len(library.annotations(summary.id)) == len(stored)
    quote = next(a for a in library.annotations(summary.id) if a.claim_type == "quote")
    assert ("Ines Carvalho", library.annotator) == (quote.speaker, quote.annotator)
