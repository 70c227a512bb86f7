"""Plain text (.txt) -> Document: paragraphs, headings and obvious metadata."""

from __future__ import annotations

import re

from .budget import Budget
from .dates import parse_date
from .model import Block, Document, Metadata, clean_text, make_block

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_BULLET = re.compile(r"^(?:[-*•·]|\d{1,3}[.)])\s+")
_FIELD = re.compile(r"^(title|author|language|date|release date|posting date)\s*:\s*(.+)$", re.I)
_BYLINE = re.compile(r"^[Bb]y\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})$")
_HEADING_MAX = 80
_HEADER_PARAGRAPHS = 40  # how far into the text metadata may appear


def parse_plain_text(text: str, name: str = "") -> Document:
    """Parse decoded plain text into a Document.

    Args:
        text: the file's text, already decoded.
        name: a fallback title (usually the file's stem).
    """
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(clean_text(text)) if p.strip()]
    Budget().check_count(len(paragraphs))  # before any block is built
    metadata = Metadata(format="text")
    blocks = [block for paragraph in paragraphs for block in _paragraph_blocks(paragraph)]
    _read_fields(paragraphs, metadata)
    _read_header(blocks, metadata)
    metadata.title = metadata.title or name
    return Document(metadata, blocks)


def _paragraph_blocks(paragraph: str) -> list[Block]:
    lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
    if len(lines) > 1 and all(_BULLET.match(line) for line in lines):
        return [make_block("list_item", _BULLET.sub("", line)) for line in lines]
    if all(line.startswith(">") for line in lines):
        return [make_block("quote", " ".join(line.lstrip("> ") for line in lines))]
    joined = " ".join(lines)
    if len(lines) == 1 and _looks_like_heading(joined):
        return [make_block("heading", joined, level=2)]
    return [make_block("paragraph", joined)]


def _looks_like_heading(line: str) -> bool:
    return (
        len(line) <= _HEADING_MAX
        and (line[0].isupper() or line[0].isdigit())
        and not _FIELD.match(line)
        and not _BYLINE.match(line)
        and line[-1] not in '.,;:!?"”’)…-–—*'
        and any(ch.isalpha() for ch in line)
        and not _BULLET.match(line)
        and parse_date(line) is None
    )


def _read_fields(paragraphs: list[str], metadata: Metadata) -> None:
    """Take "Title: ..." / "Author: ..." header lines (Project Gutenberg style)."""
    for paragraph in paragraphs[:_HEADER_PARAGRAPHS]:
        for line in paragraph.split("\n"):
            match = _FIELD.match(line.strip())
            if not match:
                continue
            key, value = match.group(1).lower(), match.group(2).strip()
            if key == "title" and not metadata.title:
                metadata.title = value
            elif key == "author" and not metadata.author:
                metadata.author = value
            elif key == "language" and not metadata.language:
                metadata.language = value
            elif not metadata.published:
                metadata.published = parse_date(re.sub(r"\[.*?\]", "", value)) or ""


def _read_header(blocks: list[Block], metadata: Metadata) -> None:
    """Take a date line, a byline and a title heading from the first few blocks."""
    seen_paragraph = False
    for index, block in enumerate(blocks[:5]):
        date = parse_date(block.text) if len(block.text) < 60 else None
        byline = _BYLINE.match(block.text)
        if date:
            metadata.published = metadata.published or date
        elif byline:
            metadata.author = metadata.author or byline.group(1)
        elif block.kind == "heading" and not metadata.title and not seen_paragraph:
            metadata.title = block.text
            blocks[index] = Block("heading", block.text, 1)
        else:
            seen_paragraph = True
