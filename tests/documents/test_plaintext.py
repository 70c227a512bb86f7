"""Plain text import: encodings, paragraphs, headings and obvious metadata."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from documents import CorruptDocument, UnsupportedFormat, load_document, load_path
from documents.plaintext import parse_plain_text

FOUNDED = "Founded in 2015 as an offshoot of Daesh, Daesh-K continues spilling blood in Afghanistan."


def test_trt_article_title_date_and_text(trt_path: Path) -> None:
    """The reference article's title line is the title, its date line the published date."""
    document = load_path(trt_path)
    assert "As the West looks to Ukraine, Daesh-K continues to threaten Afghanistan" == document.metadata.title
    assert "2024-05-13" == document.metadata.published
    assert "text" == document.metadata.format
    assert str(trt_path.resolve()) == document.metadata.source
    assert FOUNDED in document.text
    assert ("heading", 1) == (document.blocks[1].kind, document.blocks[1].level)
    headings = [b.text for b in document.blocks if b.kind == "heading" and b.level == 2]
    assert "Local and regional capacity" in headings
    assert "The West’s Afghanistan policy" in headings


def test_canonical_text_is_blocks_joined_by_newlines(trt_path: Path) -> None:
    """Canonical text = block texts joined by LF; each block starts where block_starts says."""
    document = load_path(trt_path)
    text = document.text
    assert "\n".join(b.text for b in document.blocks) == text
    for block, start in zip(document.blocks, document.block_starts(), strict=True):
        assert block.text == text[start : start + len(block.text)]
    assert "\r" not in text and "\ufeff" not in text


def test_hard_wrapped_paragraphs_are_joined() -> None:
    """Gutenberg-style lines wrapped inside one paragraph become one paragraph."""
    document = parse_plain_text(
        "CHAPTER I\n\n“Well, Prince, so Genoa\nand Lucca are now just\nfamily estates.”\n\nNext one.\n"
    )
    assert [("heading", "CHAPTER I"), ("paragraph", "“Well, Prince, so Genoa and Lucca are now just family estates.”"),
            ("paragraph", "Next one.")] == [(b.kind, b.text) for b in document.blocks]  # fmt: skip


def test_gutenberg_header_fields_are_metadata() -> None:
    """ "Title:" and "Author:" header lines become the title and author."""
    text = (
        "The Project Gutenberg EBook of X\n\nTitle: War and Peace\n\nAuthor: Leo Tolstoy\n\nLanguage: English\n\nText."
    )
    metadata = parse_plain_text(text).metadata
    assert ("War and Peace", "Leo Tolstoy", "English") == (metadata.title, metadata.author, metadata.language)


def test_byline_is_author_and_not_heading() -> None:
    """A "By Name" line under the title is the author, kept as a paragraph."""
    document = parse_plain_text("May 13, 2024\n\nA Title Here\n\nBy Jane Doe\n\nBody text.")
    assert ("A Title Here", "Jane Doe", "2024-05-13") == (
        document.metadata.title, document.metadata.author, document.metadata.published)  # fmt: skip
    assert "paragraph" == document.blocks[2].kind


def test_bullet_lines_become_list_items() -> None:
    """A paragraph whose every line starts with a bullet becomes list items."""
    document = parse_plain_text("Intro.\n\n- one\n- two\n* three")
    assert ["paragraph", "list_item", "list_item", "list_item"] == [b.kind for b in document.blocks]
    assert "two" == document.blocks[2].text


def test_file_name_is_title_when_nothing_better() -> None:
    """With no title-like first line the file's stem is the title."""
    assert "notes" == load_document(b"just a sentence, nothing else.", "notes.txt").metadata.title


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + "Caf\u00e9 cr\u00e8me.".encode(),
        codecs.BOM_UTF16_LE + "Caf\u00e9 cr\u00e8me.".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "Caf\u00e9 cr\u00e8me.".encode("utf-16-be"),
        "Caf\u00e9 cr\u00e8me.".encode(),
        "Cafe\u0301 cre\u0300me.".encode(),  # decomposed: NFC composes it
    ],
)
def test_encodings_and_nfc(data: bytes) -> None:
    """BOMs, plain UTF-8 and decomposed accents all give the same NFC text."""
    assert "Caf\u00e9 cr\u00e8me." == load_document(data, "a.txt").text


def test_legacy_encoding_is_detected() -> None:
    """Text that is not UTF-8 is decoded by charset detection."""
    text = "Le café était très crème, à côté de l'église où nous étions. " * 5
    assert text.strip() == load_document(text.encode("cp1252"), "a.txt").text


def test_crlf_becomes_lf() -> None:
    """Windows line ends separate paragraphs like LF does."""
    document = load_document(b"One line\r\nwrapped.\r\n\r\nSecond.\r\n", "a.txt")
    assert "One line wrapped.\nSecond." == document.text


def test_empty_text_is_an_error() -> None:
    """A file with no text is a clear CorruptDocument naming the file."""
    with pytest.raises(CorruptDocument, match=r"empty\.txt"):
        load_document(b"   \n\n  ", "empty.txt")


def test_unknown_suffix_is_unsupported() -> None:
    """An unknown suffix raises UnsupportedFormat naming the file."""
    with pytest.raises(UnsupportedFormat, match=r"photo\.xyz"):
        load_document(b"abc", "photo.xyz")


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    """A path that does not exist is a domain error, not an OSError."""
    with pytest.raises(CorruptDocument, match="no such file"):
        load_path(tmp_path / "missing.txt")


GUTENBERG = """The Project Gutenberg EBook of A Small Book, by Ann Author

Title: A Small Book

Author: Ann Author

Character set encoding: UTF-8

*** START OF THIS PROJECT GUTENBERG EBOOK A SMALL BOOK ***

Produced by Some Volunteers

A SMALL BOOK

CONTENTS

BOOK ONE: SPRING

CHAPTER I

CHAPTER II

BOOK TWO: SUMMER

CHAPTER I

BOOK ONE: SPRING

CHAPTER I

It was spring, and the river rose.

CHAPTER II

The rain went on for days.

BOOK TWO: SUMMER

CHAPTER I

Then came the heat.

End of the Project Gutenberg EBook of A Small Book, by Ann Author

*** END OF THIS PROJECT GUTENBERG EBOOK A SMALL BOOK ***

Section 2. Information about the Mission of Project Gutenberg-tm
"""


def test_a_gutenberg_book_has_headings_only_for_its_own_parts_and_chapters() -> None:
    """Header fields, credits and the licence are text; the contents list is a list; books above chapters."""
    from documents.plaintext import parse_plain_text

    document = parse_plain_text(GUTENBERG, "small")
    headings = [(b.level, b.text) for b in document.blocks if b.kind == "heading"]
    assert [
        (2, "A SMALL BOOK"), (2, "BOOK ONE: SPRING"), (3, "CHAPTER I"), (3, "CHAPTER II"),
        (2, "BOOK TWO: SUMMER"), (3, "CHAPTER I"),
    ] == [h for h in headings if h[1] != "CONTENTS"]  # fmt: skip
    listed = [b.text for b in document.blocks if b.kind == "list_item"]
    assert ["BOOK ONE: SPRING", "CHAPTER I", "CHAPTER II", "BOOK TWO: SUMMER", "CHAPTER I"] == listed
    assert "A Small Book" == document.metadata.title


def _divided_book(chapter_text: str) -> str:
    chapters = [f"CHAPTER {n}\n\nThe river rose again on day {n}, and the town watched it." for n in range(1, 12)]
    return "A RIVER BOOK\n\nBOOK ONE: SPRING\n\n" + "\n\n".join(chapters) + "\n\nCHAPTER 12\n\n" + chapter_text


def test_short_lines_inside_a_books_chapters_are_text() -> None:
    """In a book of marked chapters, a letter's signature or a dateline inside a chapter is a paragraph."""
    letter = (
        "Pierre wrote in his diary.\n\nMoscow, 17th November\n\nDear friend, the river is high.\n\nMARY\n\n"
        "Julie said this was charming\n\nShe left."
    )
    document = parse_plain_text(_divided_book(letter), "river")
    kinds = {block.text: block.kind for block in document.blocks}
    assert ("paragraph", "paragraph", "paragraph") == (
        kinds["Moscow, 17th November"],
        kinds["MARY"],
        kinds["Julie said this was charming"],
    )
    assert ("heading", "heading", "heading") == (kinds["A RIVER BOOK"], kinds["BOOK ONE: SPRING"], kinds["CHAPTER 12"])


def test_a_chapter_title_after_its_mark_stays_a_heading() -> None:
    """ "CHAPTER 12" then "The Flood" (the chapter's name) keeps both as headings; an article keeps its headings."""
    document = parse_plain_text(_divided_book("The Flood\n\nWater came over the wall."), "river")
    assert "heading" == next(b.kind for b in document.blocks if b.text == "The Flood")
    article = parse_plain_text("Harbour News\n\nShips came in.\n\nWhat Happens Next\n\nThe council votes.", "a")
    assert "heading" == next(b.kind for b in article.blocks if b.text == "What Happens Next")
