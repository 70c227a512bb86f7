"""EPUB 2 and 3 books: spine order, chapter titles, OPF metadata, and refusals."""

from __future__ import annotations

import pytest

from documents import CorruptDocument, DocumentTooLarge, EncryptedDocument, load_document


@pytest.fixture
def chapters(make):
    """Three chapters, listed in the spine in an order that differs from their file names."""
    return [
        make.Chapter("b-first.xhtml", "<h1>The Start</h1><p>It began <em>quietly</em>.</p>", "The Start"),
        make.Chapter("a-second.xhtml", "<p>No heading in this chapter, only text.</p>", "The Middle"),
        make.Chapter("c-third.xhtml", "<h2>The End</h2><blockquote><p>Fin.</p></blockquote>", "The End"),
    ]


@pytest.mark.parametrize("version", ["2.0", "3.0"])
def test_chapters_follow_the_spine_with_titles(make, chapters, version):
    """Chapters come in spine order, and a chapter without a heading gets its table-of-contents title."""
    document = load_document(make.epub(chapters, version=version), "book.epub")
    expected = [
        ("heading", "The Start"), ("paragraph", "It began quietly."), ("heading", "The Middle"),
        ("paragraph", "No heading in this chapter, only text."), ("heading", "The End"), ("quote", "Fin."),
    ]  # fmt: skip
    assert expected == [(b.kind, b.text) for b in document.blocks]


def test_metadata_comes_from_the_opf(make, chapters):
    """Title, author, date and language are read from the package document."""
    meta = load_document(make.epub(chapters, title="Rivers &amp; Roads", author="Ada Writer"), "book.epub").metadata
    assert ("Rivers & Roads", "Ada Writer", "2021-03-04", "en", "epub") == (
        meta.title, meta.author, meta.published, meta.language, meta.format,
    )  # fmt: skip


def test_font_obfuscation_is_not_drm(make, chapters):
    """An encryption.xml that only obfuscates fonts does not stop the book from opening."""
    fonts = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        '<enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/></enc:EncryptedData></encryption>'
    )
    data = make.zip([*make.epub_members(chapters), ("META-INF/encryption.xml", fonts)])
    assert "It began quietly." in load_document(data, "fonts.epub").text


def test_adobe_rights_file_means_drm(make, chapters):
    """A book with META-INF/rights.xml is reported as encrypted."""
    data = make.zip([*make.epub_members(chapters), ("META-INF/rights.xml", "<rights/>")])
    with pytest.raises(EncryptedDocument, match=r"drm\.epub: .*encrypted"):
        load_document(data, "drm.epub")


def test_remote_spine_items_are_ignored(make, chapters):
    """A manifest item pointing at a remote URL is never fetched or read."""
    opf = make.opf(chapters).replace('href="a-second.xhtml"', 'href="https://evil.example/chapter.xhtml"')
    members = [(n, opf if n == "OEBPS/content.opf" else c) for n, c in make.epub_members(chapters)]
    text = load_document(make.zip(members), "remote.epub").text
    assert "No heading in this chapter" not in text
    assert "It began quietly." in text


def test_member_lying_about_its_size_is_refused(make, chapters):
    """A member that inflates past the size its directory entry claims is refused as damaged."""
    data = bytearray(make.zip(make.epub_members(chapters)))
    # Shrink the declared uncompressed size of the first chapter in the central directory.
    name = b"OEBPS/b-first.xhtml"
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    data[entry + 24 : entry + 28] = (5).to_bytes(4, "little")
    with pytest.raises(CorruptDocument, match=r"lying\.epub"):
        load_document(bytes(data), "lying.epub")


def test_stored_member_over_the_ratio_floor_passes(make, chapters):
    """A large member that is stored uncompressed is not mistaken for a zip bomb."""
    import zipfile

    big = make.Chapter("big.xhtml", "<p>" + "Plain words. " * 100_000 + "</p>", "Big")
    data = make.zip(make.epub_members([*chapters, big]), compression=zipfile.ZIP_STORED)
    assert load_document(data, "big.epub").text.endswith("Plain words.")


def test_too_many_members_is_too_large(make, chapters):
    """A book with more members than the limit is refused before anything is read."""
    data = make.zip(make.epub_members(chapters) + [(f"x/{i}", b"") for i in range(10_001)])
    with pytest.raises(DocumentTooLarge, match="10,0"):
        load_document(data, "many.epub")


def test_table_of_contents_and_non_linear_items_are_not_text(make, chapters):
    """The nav document and linear="no" items in the spine are left out of the reading text."""
    opf = make.opf(chapters).replace("<spine>", '<spine><itemref idref="nav"/>')
    opf = opf.replace('<itemref idref="c1"/>', '<itemref idref="c1" linear="no"/>')
    members = [(n, opf if n == "OEBPS/content.opf" else c) for n, c in make.epub_members(chapters)]
    texts = [b.text for b in load_document(make.zip(members), "spine.epub").blocks]
    assert ["The Start", "It began quietly.", "The End", "Fin."] == texts
