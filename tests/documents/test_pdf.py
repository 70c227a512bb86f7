"""PDF text layers: paragraphs rebuilt, hyphenation joined, running headers and page numbers dropped."""

from __future__ import annotations

import pytest

from documents import CorruptDocument, load_document


def _page(number: int) -> list[str]:
    return [
        "Journal of Example Studies, Vol. 3",
        f"Section {number} opens with a long line of body text that goes on until a hyph-",
        "enated word is split and the sentence closes here.",
        f"A new paragraph about topic {number} starts on this line and continues for quite a",
        "while, long enough to span two lines, and then it ends.",
        f"The last paragraph of page {number} runs on and does not finish on this page but",
        f"{number}",
    ]


def _next_page_start(number: int) -> list[str]:
    return ["Journal of Example Studies, Vol. 3", "continues on the next page as one paragraph.", f"{number}"]


@pytest.fixture(scope="module")
def article(make):
    """A four-page article with a running header, page numbers and paragraphs that cross pages."""
    pages = [_page(1), _next_page_start(2), _page(3), _next_page_start(4)]
    return load_document(make.pdf(pages, title="Example Article"), "article.pdf")


def test_running_headers_and_page_numbers_are_dropped(article):
    """The header repeated on every page and the bare page numbers are not in the text."""
    assert "Journal of Example Studies" not in article.text
    assert not any(block.text.strip().isdigit() for block in article.blocks)


def test_hyphenated_words_are_joined(article):
    """A word split by a hyphen at a line end is joined back together."""
    assert "until a hyphenated word is split" in article.text


def test_paragraphs_are_rebuilt(article):
    """Lines join into paragraphs that end at a short line closing a sentence, across page breaks too."""
    assert [
        "Section 1 opens with a long line of body text that goes on until a hyphenated word is split and "
        "the sentence closes here.",
        "A new paragraph about topic 1 starts on this line and continues for quite a while, long enough to span "
        "two lines, and then it ends.",
        "The last paragraph of page 1 runs on and does not finish on this page but continues on the next page "
        "as one paragraph.",
    ] == [block.text for block in article.blocks[:3]]


def test_info_dictionary_becomes_metadata(article):
    """Title, author and creation date come from the PDF's information dictionary."""
    meta = article.metadata
    assert ("Example Article", "Pat Pdf", "2023-01-02", "pdf") == (meta.title, meta.author, meta.published, meta.format)


def test_pdf_without_text_layer_says_so(make):
    """A PDF whose pages carry no text gets the 'no text layer (scanned?)' error naming the file."""
    with pytest.raises(CorruptDocument, match=r"scan\.pdf: .*no text layer \(scanned\?\)"):
        load_document(make.pdf([[], [], []]), "scan.pdf")


def test_short_pdf_keeps_its_lines(make):
    """A one-page PDF keeps a header-like first line: running headers need several pages to be recognised."""
    document = load_document(make.pdf([["Notes on Rivers", "Rivers carry mud."]]), "short.pdf")
    assert "Notes on Rivers" in document.text
