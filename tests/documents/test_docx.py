"""Word documents: headings, paragraphs, quotes, emphasis and core properties through mammoth."""

from __future__ import annotations

import pytest

from documents import CorruptDocument, load_document


def test_structure_and_emphasis_survive(make):
    """Heading styles become headings, Quote becomes a quote, bold runs become strong spans."""
    data = make.docx([
        make.para("Findings", "Heading1"), make.para("The survey covered ninety towns."),
        make.para("Data beats opinion.", "Quote"), make.para("Important", bold=True),
    ])  # fmt: skip
    blocks = load_document(data, "report.docx").blocks
    assert [("heading", "Findings", 1), ("paragraph", "The survey covered ninety towns.", 0),
            ("quote", "Data beats opinion.", 0), ("paragraph", "Important", 0)] == [
        (b.kind, b.text, b.level) for b in blocks
    ]  # fmt: skip
    assert "strong" == blocks[-1].spans[0].kind


def test_bulleted_paragraphs_become_list_items(make):
    """Paragraphs with Word numbering become list items, in order."""
    data = make.docx(
        [make.para("Before."), make.para("First point", bullet=True), make.para("Second point", bullet=True)]
    )
    blocks = load_document(data, "list.docx").blocks
    assert [("paragraph", "Before."), ("list_item", "First point"), ("list_item", "Second point")] == [
        (b.kind, b.text) for b in blocks
    ]


def test_core_properties_become_metadata(make):
    """dc:title, dc:creator and dcterms:created fill title, author and date."""
    meta = load_document(make.docx([make.para("Body.")], title="Annual Report", author="Wendy Word"), "r.docx").metadata
    assert ("Annual Report", "Wendy Word", "2022-06-07", "docx") == (
        meta.title,
        meta.author,
        meta.published,
        meta.format,
    )


def test_missing_title_falls_back_to_first_heading(make):
    """A document with an empty title property is named by its first heading."""
    data = make.docx([make.para("Heading Title", "Heading1"), make.para("Text.")], title="")
    assert "Heading Title" == load_document(data, "untitled.docx").metadata.title


def test_docx_with_a_dtd_is_refused(make):
    """Any part that declares a DTD is refused before mammoth parses it."""
    members = make.docx_members([make.para("Body.")])
    members = [
        (n, c.replace("<w:styles", "<!DOCTYPE x><w:styles") if n == "word/styles.xml" else c) for n, c in members
    ]
    with pytest.raises(CorruptDocument, match=r"dtd\.docx: word/styles\.xml declares a DTD"):
        load_document(make.zip(members), "dtd.docx")


def test_damaged_document_xml_is_corrupt(make):
    """A document part that is not XML gets a clear 'damaged Word document' error."""
    members = [(n, "<w:document><not-closed" if n == "word/document.xml" else c) for n, c in make.docx_members([])]
    with pytest.raises(CorruptDocument, match=r"broken\.docx: damaged Word document"):
        load_document(make.zip(members), "broken.docx")
