"""The sentence splitter on the hard cases, and the window's sentence selection and snapping."""

from __future__ import annotations

import pytest

from storage.assistant.sentences import sentence_at, snap_to_sentence, split_sentences

HARD_CASES = [
    (
        "Dr. Smith met Mr. Jones in the U.S. capital. They talked.",
        ["Dr. Smith met Mr. Jones in the U.S. capital.", "They talked."],
    ),
    ("It was made in the U.S. Then it shipped to Europe.", ["It was made in the U.S.", "Then it shipped to Europe."]),
    (
        "He took a shot at U.S. President Donald Trump. The room laughed.",
        ["He took a shot at U.S. President Donald Trump.", "The room laughed."],
    ),
    (
        "Rates rose 3.5 percent in 2019. They fell 0.25 points later.",
        ["Rates rose 3.5 percent in 2019.", "They fell 0.25 points later."],
    ),
    (
        "Some fruit, e.g. apples, is cheap, i.e. under a euro. Pears are not.",
        ["Some fruit, e.g. apples, is cheap, i.e. under a euro.", "Pears are not."],
    ),
    (
        "The vote is on Jan. 5 in Paris. Nobody expects a surprise.",
        ["The vote is on Jan. 5 in Paris.", "Nobody expects a surprise."],
    ),
    ("J. R. R. Tolkien wrote it. Others read it.", ["J. R. R. Tolkien wrote it.", "Others read it."]),
    (
        "Prof. A. B. Jones and Mrs. Smith of Acme Inc. disagreed. St. Louis was quiet.",
        ["Prof. A. B. Jones and Mrs. Smith of Acme Inc. disagreed.", "St. Louis was quiet."],
    ),
    (
        "Let us run some benchmarks… I use a Skylake processor.",
        ["Let us run some benchmarks…", "I use a Skylake processor."],
    ),
    ("She waited... and waited. Then she went.", ["She waited... and waited.", "Then she went."]),
    ("He paused... Then he left.", ["He paused...", "Then he left."]),
    (
        "“We are not against visitors. We are against a theme park,” said Mayor Ines Carvalho. She voted.",
        ["“We are not against visitors. We are against a theme park,” said Mayor Ines Carvalho.", "She voted."],
    ),
    ('He said "it\'s over." Then he left.', ['He said "it\'s over."', "Then he left."]),
    (
        "She wrote: “He told me ‘never again.’ I believed him.” Then silence fell.",
        ["She wrote: “He told me ‘never again.’ I believed him.”", "Then silence fell."],
    ),
    (
        "‘It was a dream. It’s over,’ she said. Nobody answered.",
        ["‘It was a dream. It’s over,’ she said.", "Nobody answered."],
    ),
    (
        "(This is in brackets. It has two sentences.) After that, more.",
        ["(This is in brackets. It has two sentences.)", "After that, more."],
    ),
    (
        "The telescope (US$171-million, see p. 5) opened. Crowds came.",
        ["The telescope (US$171-million, see p. 5) opened.", "Crowds came."],
    ),
    ("Is it true? Yes! It is.", ["Is it true?", "Yes!", "It is."]),
    (
        "A heading without a stop\nA paragraph. Another one.",
        ["A heading without a stop", "A paragraph.", "Another one."],
    ),
    ("“A quote without its end. It goes on\nNext block.", ["“A quote without its end.", "It goes on", "Next block."]),
    ("It runs at 2 GB/s. The other is slower.", ["It runs at 2 GB/s.", "The other is slower."]),
    (
        "Growth was 21.9% in 2011-12. Contracts fell by 16.1%.",
        ["Growth was 21.9% in 2011-12.", "Contracts fell by 16.1%."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), HARD_CASES)
def test_hard_cases_split_as_a_reader_reads(text: str, expected: list[str]) -> None:
    """Abbreviations, initials, decimals, ellipses, quotes, brackets and blocks split where a reader would."""
    assert expected == [text[start:end] for start, end in split_sentences(text)]


def test_offsets_are_code_points_and_spans_carry_no_spaces() -> None:
    """Spans index the canonical text by code points (astral characters count one) and are trimmed."""
    text = "😀 Café opened.   It sold 3.5 kg.\n\n  Next block here."
    spans = split_sentences(text)
    assert ["😀 Café opened.", "It sold 3.5 kg.", "Next block here."] == [text[s:e] for s, e in spans]
    assert all(not text[s].isspace() and not text[e - 1].isspace() for s, e in spans)


def test_sentence_at_selects_the_sentence_under_the_cursor() -> None:
    """An offset inside, just after, or in the space before a sentence selects it; an empty line none."""
    text = "First one here. Second one.\n\nThird."
    assert (0, 15) == sentence_at(text, 3)
    assert (0, 15) == sentence_at(text, 15)
    assert (16, 27) == sentence_at(text, 16)
    assert (29, 35) == sentence_at(text, 31)
    assert sentence_at(text, 28) is None


def test_snap_widens_a_selection_to_whole_sentences() -> None:
    """A selection inside one sentence or across two snaps to their bounds; spaces alone stay as they are."""
    text = "First one here. Second one.\nThird block."
    assert (0, 15) == snap_to_sentence(text, 2, 7)
    assert (0, 27) == snap_to_sentence(text, 10, 20)
    assert (16, 40) == snap_to_sentence(text, 20, 31)
    assert (15, 16) == snap_to_sentence(text, 15, 16)
