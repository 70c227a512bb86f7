"""Markdown (.md) -> Document, through Python-Markdown and the HTML converter."""

from __future__ import annotations

import markdown

from .front_matter import apply_front_matter, split_front_matter
from .html_blocks import html_to_blocks
from .model import Document, Metadata, clean_text


def parse_markdown(text: str, name: str = "") -> Document:
    """Parse Markdown source into a Document.

    YAML front matter (title, author, date, source) becomes metadata; otherwise
    the first level-1 heading is the title. Raw HTML in the source goes through
    the same allow-list as any HTML.
    """
    fields, body = split_front_matter(clean_text(text))
    html = markdown.markdown(body, extensions=["extra", "sane_lists"])
    blocks, _ = html_to_blocks(html)
    title = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), name)
    metadata = Metadata(title=title, format="markdown")
    apply_front_matter(metadata, fields)
    return Document(metadata, blocks)
