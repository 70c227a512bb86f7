"""Highlight segments, shared formats and word snapping: the pure parts of painting and selecting."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCharFormat

from gui.highlights import HighlightFormats, segments
from gui.text_ranges import excerpt, snap_to_words
from storage import Annotation, ClaimType

TYPES = [
    ClaimType("fact", "Fact", "#2f7ed8", "solid"),
    ClaimType("opinion", "Opinion", "#e07b00", "dash"),
    ClaimType("quote", "Quote", "#2e9d57", "wave"),
]


def claim(uuid: str, start: int, end: int, claim_type: str, status: str = "anchored") -> Annotation:
    return Annotation(uuid, 1, start, end, "x", "", "", claim_type, status=status)


def test_overlap_is_cut_into_runs_with_the_innermost_type() -> None:
    """A quote inside a fact yields fact / fact+quote / fact runs; the overlap is underlined as the quote."""
    runs = segments([claim("a", 0, 20, "fact"), claim("b", 5, 10, "quote")])
    expected = [
        (0, 5, ("fact",), "fact"),
        (5, 10, ("fact", "quote"), "quote"),
        (10, 20, ("fact",), "fact"),
    ]
    assert expected == runs


def test_segments_clip_to_a_window_and_skip_orphans() -> None:
    """Repainting a range only yields runs inside it; orphaned annotations are never painted."""
    runs = segments([claim("a", 0, 20, "fact"), claim("b", 8, 30, "opinion", "orphaned")], 5, 12)
    assert [(5, 12, ("fact",), "fact")] == runs


def test_each_type_has_its_own_underline_and_formats_are_shared() -> None:
    """Fact, opinion and quote differ without colour (solid, dash, wave); one format object per combination."""
    formats = HighlightFormats(TYPES)
    styles = {name: formats.format_for((name,), name).underlineStyle() for name in ("fact", "opinion", "quote")}
    expected = {
        "fact": QTextCharFormat.UnderlineStyle.SingleUnderline,
        "opinion": QTextCharFormat.UnderlineStyle.DashUnderline,
        "quote": QTextCharFormat.UnderlineStyle.WaveUnderline,
    }
    assert expected == styles
    assert formats.format_for(("fact",), "fact") is formats.format_for(("fact",), "fact")


def test_snapping_grows_to_words_and_keeps_punctuation() -> None:
    """Half-selected words become whole; a selected full stop stays; surrounding spaces go."""
    text = "Founded in 2015 as an offshoot of Daesh."
    assert "Founded in" == text.__getitem__(slice(*snap_to_words(text, 2, 9)))
    assert "offshoot of Daesh." == text.__getitem__(slice(*snap_to_words(text, 22, len(text))))
    assert "in" == text.__getitem__(slice(*snap_to_words(text, 7, 11)))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab -.é’\n", max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_snapping_contains_the_selection_and_never_starts_or_ends_in_space(text: str, a: int, b: int) -> None:
    """The snapped range holds every non-space character selected and has no edge whitespace."""
    start, end = snap_to_words(text, a, b)
    low, high = max(0, min(a, b)), min(len(text), max(a, b))
    assert 0 <= start <= end <= len(text)
    if start < end:
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert text[low:high].strip() in text[start:end]
    else:
        assert not text[low:high].strip()


def test_excerpt_cuts_long_text_at_a_word() -> None:
    """Long quotes are shortened on a word boundary with an ellipsis; short ones are untouched."""
    assert "short text" == excerpt("short\n text")
    cut = excerpt("word " * 100, 40)
    assert cut.endswith("…") and len(cut) <= 40 and not cut[:-1].endswith(" ")


_SPANS = st.lists(
    st.tuples(st.integers(0, 40), st.integers(1, 15), st.sampled_from(["fact", "opinion", "quote"])), max_size=8
)


@settings(max_examples=100, deadline=None)
@given(_SPANS)
def test_runs_cover_exactly_the_annotated_characters(spans: list[tuple[int, int, str]]) -> None:
    """Every character's run lists exactly the types of the annotations covering it, and no run is empty."""
    annotations = [claim(str(i), start, start + length, kind) for i, (start, length, kind) in enumerate(spans)]
    covered: dict[int, tuple[str, ...]] = {}
    for start, end, types, innermost in segments(annotations):
        assert start < end and innermost in types
        for position in range(start, end):
            covered[position] = types
    for position in range(60):
        expected = tuple(sorted({a.claim_type for a in annotations if a.start <= position < a.end}))
        assert expected == covered.get(position, ())
