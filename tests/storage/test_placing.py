"""Placing quotes from other tools on a text: by context, by words (whitespace aside), fuzzily, or not at all."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storage.anchoring.placing import QuotePlacer
from storage.anchoring.spaces import CollapsedText

TEXT = (
    "Harbour town votes to ban cruise ships\n"
    "The council voted seven to six on Monday evening.\n"
    "Critics said the ban came too late.   The mayor said the ban came too late for some.\n"
    "Residents will vote on the wider plan in October."
)


def test_quote_with_its_context_is_found_whatever_the_whitespace() -> None:
    """Page text gives paragraphs "\\n\\n" apart and collapses runs of spaces: the canonical words are found."""
    placed = QuotePlacer(TEXT).place("on Monday evening.\n\nCritics said", "council voted seven to six ", " the ban")
    assert placed is not None
    assert ("anchored", "on Monday evening.\nCritics said") == (placed.status, placed.exact)
    assert TEXT[placed.start : placed.end] == placed.exact


def test_repeated_words_are_told_apart_by_context_then_by_position() -> None:
    """The occurrence whose surroundings match wins; with no context, the one nearest the given position."""
    placer = QuotePlacer(TEXT)
    second = TEXT.rindex("the ban came too late")
    assert second == placer.place("the ban came too late", "The mayor said ", " for some").start
    assert second == placer.place("the ban came too late", start=second - 5).start
    assert TEXT.index("the ban came too late") == placer.place("the ban came too late", start=0).start


def test_moved_only_where_the_position_counts_in_this_text() -> None:
    """A quote found away from its position is moved when the position counts here, anchored when it was a hint."""
    placer = QuotePlacer(TEXT)
    start = TEXT.index("Residents will vote")
    assert "anchored" == placer.place("Residents will vote", start=start - 3).status
    assert "moved" == placer.place("Residents will vote", start=start - 3, position_counts=True).status
    assert "anchored" == placer.place("Residents will vote", start=start, position_counts=True).status


def test_changed_words_are_found_fuzzily_and_kept() -> None:
    """Similar words are found as changed, with the quote as given kept; without fuzzy, nothing is found."""
    placer = QuotePlacer(TEXT)
    quote = "Residents will vote on the wider plen in October"
    placed = placer.place(quote, "for some.\n", "")
    assert placed is not None
    assert ("changed", "Residents will vote on the wider plan in October", quote) == (
        placed.status, placed.exact, placed.old_exact,
    )  # fmt: skip
    assert placer.place(quote, "for some.\n", "", fuzzy=False) is None


def test_quote_not_in_the_text_is_not_placed() -> None:
    """Words the text does not hold give None (the caller keeps the annotation orphaned)."""
    assert QuotePlacer(TEXT).place("Subscribe to our morning newsletter for more") is None
    assert QuotePlacer(TEXT).place("  \n ") is None


@given(st.text(alphabet="ab \n", max_size=80))
def test_collapsed_offsets_map_back_to_the_same_characters(flat_source: str) -> None:
    """Every character of the single-spaced text maps back to the same character of the text."""
    flat = flat_source.replace("\n", " ")
    collapsed = CollapsedText(flat)
    assert all(flat[collapsed.to_flat(i)] == character for i, character in enumerate(collapsed.text))
