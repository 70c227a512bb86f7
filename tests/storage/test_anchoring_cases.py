"""Fixed cases of re-anchoring: the edits articles really go through between two versions."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from storage.anchoring import AnchorResult, reanchor, status_counts
from storage.records import Annotation
from storage.selectors import quote_selector

WAR_AND_PEACE = Path(__file__).resolve().parents[3] / "shared" / "articles" / "books" / "war-and-peace-gutenberg.txt"

ARTICLE = "\n".join(
    [
        "Harbour town bans cruise ships",
        "The council voted seven to six on Monday to ban cruise ships from the harbour from next spring.",
        "Fishermen welcomed the decision, saying the ships had crowded the quay and fouled the water for years.",
        "Shopkeepers said the ban would cost them a third of their summer takings, and asked for help.",
        "The mayor said the war on overtourism was not a war on visitors, and that the town would adapt.",
        "A review of the ban is planned for the autumn, when the season's figures are known.",
    ]
)


def annotate(text: str, quote: str, occurrence: int = 1, uuid: str = "") -> Annotation:
    """An annotation of the given occurrence of quote in text (any whitespace between its words)."""
    pattern = r"\s+".join(map(re.escape, quote.split()))
    start, end = list(re.finditer(pattern, text))[occurrence - 1].span()
    return Annotation(uuid or quote, 1, start, end, *quote_selector(text, start, end), "fact")


def only(annotation: Annotation, old: str, new: str) -> AnchorResult:
    """Re-anchor one annotation and return its result."""
    (result,) = reanchor([annotation], old, new)
    return result


def test_same_text_keeps_everything_as_it_was() -> None:
    """An identical text changes no position and no status (an orphan stays an orphan)."""
    vote = annotate(ARTICLE, "voted seven to six")
    orphan = Annotation("o", 1, 3, 3, "gone words", "", "", "fact", status="orphaned", score=0.0)
    assert [(vote.start, "anchored"), (3, "orphaned")] == [
        (r.start, r.status) for r in reanchor([vote, orphan], ARTICLE, ARTICLE)
    ]


def test_paragraph_deleted_orphans_its_claims_and_moves_the_rest() -> None:
    """Claims in a deleted paragraph are orphaned with their quote kept; later claims move up."""
    shop = annotate(ARTICLE, "the ban would cost them a third of their summer takings")
    review = annotate(ARTICLE, "A review of the ban is planned")
    new = ARTICLE.replace(ARTICLE.splitlines()[3] + "\n", "")
    orphan, moved = reanchor([shop, review], ARTICLE, new)
    assert ("orphaned", shop.exact, shop.prefix, 0.0) == (orphan.status, orphan.exact, orphan.prefix, orphan.score)
    assert ("moved", review.exact) == (moved.status, new[moved.start : moved.end])


def test_short_quote_with_half_its_context_changed_is_found() -> None:
    """A 3-character quote is found when one side of its context still matches, not on another "war"."""
    war = annotate(ARTICLE, "war", occurrence=2)
    new = ARTICLE.replace("not a war on visitors", "by no means a war on visitors")
    result = only(war, ARTICLE, new)
    assert ("war", new.index("a war on visitors") + 2) == (result.exact, result.start)


def test_short_quote_whose_context_is_rewritten_is_orphaned() -> None:
    """A 3-character quote whose surroundings were rewritten is orphaned although "war" still occurs nearby."""
    war = annotate(ARTICLE, "war", occurrence=2)
    new = ARTICLE.replace("was not a war on visitors, and that", "would go on, whatever the cost of that war, so")
    assert "orphaned" == only(war, ARTICLE, new).status


def test_quote_with_five_percent_typos_is_changed_keeping_both_wordings() -> None:
    """5% of a quote's characters mistyped: found, marked changed, old and new wording kept."""
    quote = "Fishermen welcomed the decision, saying the ships had crowded the quay and fouled the water"
    typos = "Fishermen welcomad the decision, sayinq the ships hed crowded the quay and fouted the water"
    assert 0.05 * len(quote) >= sum(a != b for a, b in zip(quote, typos, strict=True))
    new = ARTICLE.replace(quote, typos)
    result = only(annotate(ARTICLE, quote), ARTICLE, new)
    assert ("changed", typos, quote) == (result.status, result.exact, result.old_exact)
    assert 0.9 < result.score < 1.0


def test_rewrapped_document_keeps_every_claim_with_the_same_words() -> None:
    """Re-wrapping every paragraph onto lines of another width finds every quote, line breaks or not."""
    old = "\n\n".join(textwrap.fill(line, 41) for line in ARTICLE.splitlines())
    new = "\n\n".join(textwrap.fill(line, 23) for line in ARTICLE.splitlines())
    quotes = ["ban cruise ships from the harbour from next spring", "asked for help", "the war on overtourism"]
    results = reanchor([annotate(old, q) for q in quotes], old, new)
    assert {"moved": 3} == {k: v for k, v in status_counts(results).items() if v}
    assert quotes == [" ".join(new[r.start : r.end].split()) for r in results]


def test_repaired_mojibake_between_versions_is_followed() -> None:
    """Text whose mojibake was repaired: claims around it move, a claim on it is found and marked changed."""
    old = ARTICLE.replace("mayor said", "mayor, RenÃ© Dupuis, said").replace("season's", "seasonâ€™s")
    new = ARTICLE.replace("mayor said", "mayor, René Dupuis, said").replace("season's", "season’s")
    name = annotate(old, "RenÃ© Dupuis")
    figures = annotate(old, "when the seasonâ€™s figures are known")
    review = annotate(old, "A review of the ban is planned")
    found_name, found_figures, found_review = reanchor([name, figures, review], old, new)
    assert ("changed", "René Dupuis", "RenÃ© Dupuis") == (found_name.status, found_name.exact, found_name.old_exact)
    assert ("changed", "when the season’s figures are known") == (found_figures.status, found_figures.exact)
    assert ("moved", review.exact) == (found_review.status, found_review.exact)


def test_paragraph_moved_a_megabyte_away_is_found_there() -> None:
    """A paragraph moved 1 MB further into War and Peace takes its claim along; the rest stay put."""
    if not WAR_AND_PEACE.exists():
        pytest.skip("War and Peace is not on this machine")
    book = WAR_AND_PEACE.read_text(encoding="utf-8")
    start = book.index("\n\n", 100_000) + 2
    end = book.index("\n\n", start + 200) + 2
    paragraph = book[start:end]
    target = book.index("\n\n", start + 1_000_000) + 2
    new = book[:start] + book[end:target] + paragraph + book[target:]
    inside = annotate(book, paragraph[40:140].strip(), uuid="inside")
    before = annotate(book, book[start - 300 : start - 200].strip(), uuid="before")
    moved, kept = reanchor([inside, before], book, new)
    assert ("moved", inside.exact) == (moved.status, new[moved.start : moved.end])
    assert moved.start > target - len(paragraph) > 1_000_000
    assert ("anchored", before.start) == (kept.status, kept.start)


def test_every_annotation_gets_exactly_one_result_in_order() -> None:
    """Nothing is dropped or reordered, whatever happens to each quote."""
    annotations = [annotate(ARTICLE, q) for q in ("Harbour town", "seven to six", "asked for help", "autumn")]
    new = "Something else entirely, with nothing of the old article in it."
    results = reanchor(annotations, ARTICLE, new)
    assert [a.uuid for a in annotations] == [r.uuid for r in results]
    assert {"orphaned"} == {r.status for r in results}
    assert [a.exact for a in annotations] == [r.exact for r in results]


def test_deleted_sentence_is_not_attached_to_a_similar_one_nearby() -> None:
    """When a sentence is deleted, its claim is orphaned, not taken over by a similar sentence left beside it."""
    old = (
        "They were brought nearer to the destruction of their whole army, which they feared more than anything. "
        "Then the rain came. "
        "We were brought nearer to the destruction of Moscow, which we feared more than a defeat."
    )
    new = old[old.index("Then the rain") :]
    claim = annotate(old, "brought nearer to the destruction of their whole army")
    assert "orphaned" == only(claim, old, new).status


def test_deleted_paragraph_is_not_attached_to_the_same_words_elsewhere() -> None:
    """Words that also stood in another paragraph before the edit do not adopt the claim on the deleted ones."""
    refrain = "the council will review the ban in the autumn"
    old = ARTICLE.replace("from next spring.", f"from next spring; {refrain}.") + f"\nAs before, {refrain}."
    new = old.replace(old.splitlines()[1] + "\n", "")
    assert "orphaned" == only(annotate(old, refrain, occurrence=1), old, new).status
    kept = only(annotate(old, refrain, occurrence=2), old, new)
    assert ("moved", new.rindex(refrain)) == (kept.status, kept.start)


def test_duplicated_paragraph_keeps_the_copy_whose_surroundings_match() -> None:
    """A paragraph copied far away, with the mark before the original changed: the original still wins.

    The copy then carries the sentence-start landmark that predicts the quote's place, so it is
    found first; the original reads closer to the quote's old surroundings and is kept.
    """
    filler = [f"Line {n} tells of the march, the mud and the rain on the road to the {place}."
              for n, place in enumerate(["river", "dark wood", "mill", "open plain"] * 15)]  # fmt: skip
    target = "“Lift it two lines more and it will be just right,” cried he in a feeble voice."
    old = "\n".join([*filler[:40], target, *filler[40:]])
    quote = annotate(old, "it will be just")
    edited = old.replace(f"{filler[39]}\n{target}", f"{filler[39][:-1]},\n{target}")
    new_lines = edited.split("\n")
    new_lines.insert(10, target)
    new = "\n".join(new_lines)
    original = new.index(target, new.index(filler[39][:-1] + ","))
    result = only(quote, old, new)
    assert (original + target.index("it will be just"), "moved") == (result.start, result.status)


def test_a_space_inserted_between_words_is_a_change_not_a_move() -> None:
    """ "killing at least100 people" -> "...at least 100 people" changes the words: changed, old wording kept."""
    old = "The attack left the city in mourning, killing at least100 people on the first day of the festival."
    new = old.replace("least100", "least 100")
    result = only(annotate(old, "killing at least100 people"), old, new)
    assert ("changed", "killing at least 100 people", "killing at least100 people") == (
        result.status, new[result.start : result.end], result.old_exact,
    )  # fmt: skip


def test_only_a_change_of_whitespace_kind_or_amount_is_a_move() -> None:
    """The same words re-wrapped (a newline, two spaces where one was) are moved, not changed."""
    old = "The attack left the city in mourning, killing at least 100 people on the first day of the festival."
    new = old.replace("at least 100", "at\nleast  100")
    result = only(annotate(old, "killing at least 100 people"), old, new)
    assert ("moved", "") == (result.status, result.old_exact)
