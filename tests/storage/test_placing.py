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


def _first_near_from_the_start(placer: QuotePlacer, whole: str, before: int, hint: int) -> list[tuple[int, int]]:
    """The occurrences the search from the text's start collects (what the search near the hint must agree with)."""
    collapsed = placer._collapsed_text()
    found, at = [], collapsed.text.find(whole)
    while at >= 0:
        found.append((collapsed.to_flat(at + before), at + before))
        if abs(found[-1][0] - hint) <= 2048:
            return found
        at = collapsed.text.find(whole, at + 1)
    return found


@given(
    st.lists(st.sampled_from(["the ban came too late.", "  ", "\n", "x" * 700, "Critics said", " "]), max_size=40),
    st.integers(min_value=0, max_value=30_000),
)
def test_a_quote_near_its_position_is_the_one_a_search_from_the_start_finds(pieces: list[str], hint: int) -> None:
    """Searching only from near the given position picks the occurrence a scan of the whole text would pick."""
    text = "".join(pieces) + " Critics said the ban came too late. " + "".join(reversed(pieces))
    placer = QuotePlacer(text)
    collapsed = placer._collapsed_text()
    whole, before = "said the ban came too late.", len("said ")
    near = placer._near_hint(collapsed, whole, before, hint)
    everywhere = _first_near_from_the_start(placer, whole, before, hint)
    if near:
        assert near == [min(everywhere, key=lambda place: abs(place[0] - hint))]
    else:
        assert not everywhere or abs(everywhere[-1][0] - hint) > 2048
    placed = placer.place("the ban came too late.", "Critics said ", "", hint)
    assert placed is not None and text[placed.start : placed.end] == "the ban came too late."
