"""Word-level marks between the old and new wording of a changed claim."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storage.anchoring.word_diff import word_changes


def _marked(pieces) -> list[str]:
    return [p.text for p in pieces if p.differs]


def test_only_the_changed_word_is_marked() -> None:
    """One word replaced: that word is marked on each side, the rest is not."""
    old, new = word_changes("The council voted seven to six on Monday", "The council voted seven to five on Monday")
    assert (["six"], ["five"]) == (_marked(old), _marked(new))


def test_rewrapping_marks_nothing() -> None:
    """Line breaks where spaces were are not a change of wording."""
    old, new = word_changes("voted seven\nto six", "voted seven to\nsix")
    assert ([], []) == (_marked(old), _marked(new))


def test_punctuation_and_added_words_are_marked() -> None:
    """A changed comma and inserted words are marked on the side that has them."""
    old, new = word_changes("Yes, he said.", "Yes; he said it again.")
    assert ([","], [";", "it", "again"]) == (_marked(old), [w.strip() for w in _marked(new)])


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60))
def test_pieces_join_back_to_both_wordings(old: str, new: str) -> None:
    """Joining the pieces gives back exactly the old and the new wording."""
    old_pieces, new_pieces = word_changes(old, new)
    assert (old, new) == ("".join(p.text for p in old_pieces), "".join(p.text for p in new_pieces))
