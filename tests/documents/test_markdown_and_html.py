"""Markdown import and the shared HTML-to-blocks converter."""

from __future__ import annotations

from documents import load_document
from documents.html_blocks import html_to_blocks

MARKDOWN = """# The Title

Intro with *emphasis*, **strong** and a [link](https://example.org/a).

## Section

> A quoted line
> that continues.

- first item
- second item

```
code line 1
code line 2
```

<script>alert('x')</script>
"""


def test_markdown_blocks_and_title() -> None:
    """Markdown headings, paragraphs, quotes, list items and code become blocks."""
    document = load_document(MARKDOWN.encode(), "note.md")
    kinds = [(b.kind, b.level) for b in document.blocks]
    assert [("heading", 1), ("paragraph", 0), ("heading", 2), ("quote", 0), ("list_item", 0), ("list_item", 0),
            ("code", 0)] == kinds  # fmt: skip
    assert "The Title" == document.metadata.title
    assert "A quoted line that continues." == document.blocks[3].text
    assert "code line 1\ncode line 2" == document.blocks[6].text
    assert "alert" not in document.text


def test_inline_spans_cover_their_text() -> None:
    """Emphasis, strong and link spans point at their own words."""
    block = load_document(MARKDOWN.encode(), "note.md").blocks[1]
    found = {(s.kind, block.text[s.start : s.end], s.href) for s in block.spans}
    assert {("emphasis", "emphasis", None), ("strong", "strong", None),
            ("link", "link", "https://example.org/a")} == found  # fmt: skip


def test_unsafe_elements_and_links_are_dropped() -> None:
    """Scripts, styles, iframes and forms vanish; only http(s)/mailto links survive."""
    html = (
        "<p>Keep <a href='javascript:alert(1)'>this</a> and <a href='file:///etc/passwd'>that</a>"
        " and <a href='mailto:a@b.c'>mail</a>.</p><script>bad()</script><style>p{}</style>"
        "<iframe src='https://evil'>frame text</iframe><form><input>form text</form><img src='http://x/y.png'>"
    )
    blocks, _ = html_to_blocks(html)
    assert ["Keep this and that and mail."] == [b.text for b in blocks]
    assert [("link", "mailto:a@b.c")] == [(s.kind, s.href) for s in blocks[0].spans]


def test_whitespace_collapses_across_inline_tags() -> None:
    """Whitespace from markup indentation collapses to single spaces."""
    blocks, title = html_to_blocks("<html><head><title> T  x </title></head><body><p>\n  a <b> b </b>\n c </p></body>")
    assert ["a b c"] == [b.text for b in blocks]
    assert "T x" == title


def test_deeply_nested_markup_does_not_recurse() -> None:
    """100,000 nested tags convert without a RecursionError."""
    blocks, _ = html_to_blocks("<div>" * 100_000 + "deep" + "</div>" * 100_000)
    assert ["deep"] == [b.text for b in blocks]
