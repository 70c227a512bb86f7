"""Import budgets: linear HTML conversion, caps on blocks, spans, nesting and lines, per-entry EPUB limits,
DTDs in any Word part, and binary data refused before any encoding is guessed."""

from __future__ import annotations

import array

import pytest

from documents import CorruptDocument, DocumentTooLarge, load_document
from documents.budget import MAX_BLOCKS, MAX_MARKDOWN_LINES, MAX_NESTING, MAX_TEXT_CHARS, Budget, check_document
from documents.docx_import import MAX_WORD_PARAGRAPHS
from documents.epub import MAX_CHAPTER_BYTES, MAX_SPINE_ENTRIES
from documents.html_blocks import html_to_blocks
from documents.markdown_import import defuse_brackets, defuse_markup
from documents.model import Block, Document, Metadata

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# -- 1. the HTML converter: formatting left open, caps -----------------------------------------


def test_bold_left_open_over_many_blocks_gives_each_block_one_span() -> None:
    """300 unclosed <b> over 300 blocks: one strong span per block, not 300 copies in each."""
    blocks, _ = html_to_blocks("<p>" + "<b>" * 300 + "start" + "<br>x" * 300 + "</p>")
    assert 301 == len(blocks)
    assert all([("strong", 0, len(b.text))] == [(s.kind, s.start, s.end) for s in b.spans] for b in blocks)


def test_the_issues_markdown_keeps_one_span_at_most_per_block() -> None:
    """The reported file ('<b>'*4000 + 'start' + 4000 paragraphs) has at most one span per block."""
    document = load_document(("<b>" * 4000 + "start\n\n" + "x\n\n" * 4000).encode(), "s.md")
    assert 4001 == len(document.blocks)
    assert max(len(block.spans) for block in document.blocks) <= 1


def test_spans_opened_and_closed_in_a_block_are_kept_once() -> None:
    """Nested and repeated closes in one block give each distinct span once, in order."""
    blocks, _ = html_to_blocks("<p>a <b><b><i>bold italic</i></b></b> <a href='https://e.org'>link</a></p>")
    assert [("emphasis", 2, 13, None), ("strong", 2, 13, None), ("link", 14, 18, "https://e.org")] == [
        (s.kind, s.start, s.end, s.href) for s in blocks[0].spans
    ]


def test_more_blocks_than_the_cap_is_too_large() -> None:
    """A page with one block over MAX_BLOCKS is refused with one DocumentTooLarge."""
    with pytest.raises(DocumentTooLarge, match=f"more than {MAX_BLOCKS:,} paragraphs"):
        html_to_blocks("<p>x</p>" * (MAX_BLOCKS + 1))


def test_nesting_deeper_than_the_cap_is_too_large() -> None:
    """Inline formatting nested past MAX_NESTING is refused."""
    with pytest.raises(DocumentTooLarge, match="nested more than"):
        html_to_blocks("<p>" + "<i>" * (MAX_NESTING + 1) + "deep</p>")


def test_characters_are_counted_across_calls_sharing_a_budget() -> None:
    """One budget spans every part of an import: characters over MAX_TEXT_CHARS in total are refused."""
    budget = Budget()
    budget.add_block(MAX_TEXT_CHARS - 10)
    with pytest.raises(DocumentTooLarge, match="characters of text"):
        html_to_blocks("<p>" + "x" * 20 + "</p>", budget)


def test_finished_documents_are_checked_too() -> None:
    """Importers that build blocks directly (text, PDF) are held to the same block cap."""
    document = Document(Metadata(), [Block("paragraph", "x")] * (MAX_BLOCKS + 1))
    with pytest.raises(DocumentTooLarge, match="paragraphs"):
        check_document(document)


def test_a_million_paragraphs_of_text_are_refused_before_blocks_are_built() -> None:
    """A text file of a million paragraphs is refused (the reported page took 111 s and 2.4 GB)."""
    with pytest.raises(DocumentTooLarge, match=r"million\.txt: more than"):
        load_document(b"x\n\n" * 1_000_000, "million.txt")


def test_markdown_over_the_line_cap_is_refused() -> None:
    """Python-Markdown is not even started on more than MAX_MARKDOWN_LINES lines."""
    with pytest.raises(DocumentTooLarge, match="lines of Markdown"):
        load_document(b"x\n" * (MAX_MARKDOWN_LINES + 2), "long.md")


def test_unfinished_markup_and_brackets_read_as_written() -> None:
    """Unterminated tags, unclosed brackets and parentheses keep their characters in the text."""
    source = "a <b c and [x and (y with `<z [q` then [ok](https://e.org/(1)) <!-- end\n"
    document = load_document(source.encode(), "m.md")
    assert "a <b c and [x and (y with <z [q then ok <!-- end" == document.text
    assert [("code", None), ("link", "https://e.org/(1)")] == [(s.kind, s.href) for s in document.blocks[0].spans]


def test_defusing_leaves_complete_markup_alone() -> None:
    """Complete tags, autolinks, comments and closed links are untouched by the defusing passes."""
    source = '<p class="x">a</p> <https://e.org> <me@e.org> <!-- c --> <?pi?> [a](b) [[n]] (x)'
    assert source == defuse_brackets(defuse_markup(source))


# -- 2. EPUB: the spine is counted per entry ------------------------------------------------------


def _spine_book(make, entries: int, chapter_body: str) -> bytes:
    chapters = [make.Chapter("one.xhtml", chapter_body, "One")]
    package = make.opf(chapters).replace('<itemref idref="c0"/>', '<itemref idref="c0"/>' * entries)
    return make.zip(make.epub_members(chapters, package=package))


def test_chapter_listed_many_times_counts_each_time(make) -> None:
    """A chapter listed 3,000 times in the spine counts 3,000 times against the chapter size limit."""
    body = "<p>" + "word " * (MAX_CHAPTER_BYTES // 3000 // 5) + "</p>"
    with pytest.raises(DocumentTooLarge, match="chapters unpack to more than"):
        load_document(_spine_book(make, 3000, body), "repeat.epub")


def test_spine_with_too_many_entries_is_too_large(make) -> None:
    """More spine entries than MAX_SPINE_ENTRIES are refused before any chapter is read."""
    with pytest.raises(DocumentTooLarge, match="spine lists more than"):
        load_document(_spine_book(make, MAX_SPINE_ENTRIES + 1, "<p>x</p>"), "spine.epub")


def test_epub_package_declaring_entities_in_utf16_is_refused(make) -> None:
    """An OPF in UTF-16 that declares entities is refused like any other (expat reads the encoding)."""
    chapters = [make.Chapter("one.xhtml", "<p>Text.</p>", "One")]
    opf = make.opf(chapters).replace('encoding="utf-8"', 'encoding="utf-16"')
    opf = opf.replace("<package", '<!DOCTYPE p [<!ENTITY e "EXPANDED">]><package', 1).replace("A Test Book", "&e;")
    members = make.epub_members(chapters, package="")
    members = [(n, opf.encode("utf-16") if n == "OEBPS/content.opf" else c) for n, c in members]
    with pytest.raises(CorruptDocument, match="entities"):
        load_document(make.zip(members), "utf16.epub")


# -- 3. Word: any part, any encoding, any position ------------------------------------------------


def _body(text: str, prolog: str = "") -> str:
    paragraph = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    return f'<?xml version="1.0"?>{prolog}<w:document xmlns:w="{W}"><w:body>{paragraph}</w:body></w:document>'


ENTITY = '<!DOCTYPE d [<!ENTITY e "EXPANDED">]>'


def test_dtd_in_a_utf16_part_is_refused(make) -> None:
    """A document part in UTF-16 with a DOCTYPE is refused (the old check read the bytes as ASCII)."""
    body = _body("&e;", ENTITY).replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16")
    members = [(n, body if n == "word/document.xml" else c) for n, c in make.docx_members([make.para("x")])]
    with pytest.raises(CorruptDocument, match=r"word/document\.xml declares a DTD"):
        load_document(make.zip(members), "utf16.docx")


def test_dtd_after_the_first_4_kb_is_refused(make) -> None:
    """A DOCTYPE behind 5 KB of comments is found: the whole part is read by the strict parser."""
    body = _body("&e;", "<!--" + "c" * 5000 + "-->" + ENTITY)
    members = [(n, body if n == "word/document.xml" else c) for n, c in make.docx_members([make.para("x")])]
    with pytest.raises(CorruptDocument, match="declares a DTD"):
        load_document(make.zip(members), "late.docx")


def test_dtd_in_a_part_not_named_xml_is_refused(make) -> None:
    """The main part may have any name (mammoth follows the relationships): it is checked all the same."""
    members = make.docx_members([make.para("x")])
    members = [(n, c.replace("word/document.xml", "word/main.part")) for n, c in members if n != "word/document.xml"]
    members += [("word/document.xml", _body("decoy")), ("word/main.part", _body("&e;", ENTITY))]
    with pytest.raises(CorruptDocument, match=r"word/main\.part declares a DTD"):
        load_document(make.zip(members), "named.docx")


def test_entities_are_never_expanded_into_word_text(make) -> None:
    """Whatever declares an entity, no import of the file contains its expansion."""
    for placement in ("", "<!--" + "c" * 5000 + "-->"):
        members = make.docx_members([make.para("x")])
        members = [(n, _body("&e;", placement + ENTITY) if n == "word/document.xml" else c) for n, c in members]
        with pytest.raises(CorruptDocument):
            load_document(make.zip(members), "entity.docx")


def test_word_documents_over_the_paragraph_cap_are_refused(make) -> None:
    """More than MAX_WORD_PARAGRAPHS paragraphs are refused before mammoth starts (0.5 ms each)."""
    paragraphs = "<w:p/>" * (MAX_WORD_PARAGRAPHS + 1)
    body = f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{paragraphs}</w:body></w:document>'
    members = [(n, body if n == "word/document.xml" else c) for n, c in make.docx_members([make.para("x")])]
    with pytest.raises(DocumentTooLarge, match="paragraphs in a Word document"):
        load_document(make.zip(members), "long.docx")


def test_images_and_other_binary_parts_pass_the_check(make) -> None:
    """A part that is not XML at all (an image) stops the strict parser harmlessly."""
    members = [*make.docx_members([make.para("Text with a picture.")]), ("word/media/image1.png", b"\x89PNG\r\n")]
    assert "Text with a picture." == load_document(make.zip(members), "picture.docx").text


# -- 4. binary before any encoding guess ------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02\xff", b"\x00\x01" * 50, array.array("h", range(2000)).tobytes(),
     array.array("h", [n * 7 % 300 for n in range(2000)]).tobytes(),
     array.array("h", [n % 256 for n in range(0, 20000, 13)]).tobytes(), b"\xef\xbb\xbf" + bytes(range(1, 32)) * 8],
    ids=["00 01 02 ff", "00 01 pattern", "int16 ramp", "int16 small values", "int16 bytes", "BOM then controls"],
)  # fmt: skip
def test_binary_is_refused_before_any_guess(data: bytes) -> None:
    """Binary data (16-bit arrays included) is refused, not decoded as BOM-less UTF-16 or anything else."""
    with pytest.raises(CorruptDocument, match=r"b\.txt: (binary data|not valid)"):
        load_document(data, "b.txt")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_bom_still_imports(codec: str) -> None:
    """Real UTF-16 text without a BOM passes the binary check and is decoded."""
    text = "Plain words, in UTF-16, without a byte order mark.\n\nA second paragraph (with punctuation)."
    assert text.replace("\n\n", "\n") == load_document(text.encode(codec), "u.txt").text
