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
# Project Gutenberg's header and licence sit outside these markers: their lines are never headings.
_GUTENBERG_START = re.compile(r"^\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG", re.I)
_GUTENBERG_END = re.compile(r"^(?:\*{3}\s*)?END OF (?:THE |THIS )?PROJECT GUTENBERG", re.I)
_PART = re.compile(r"^(?:BOOK|PART|VOLUME|EPILOGUE)\b", re.I)
_CHAPTER = re.compile(r"^CHAPTER\b", re.I)
_CONTENTS_RUN = 5  # this many headings in a row with no text between them are a table of contents
# The headings that divide a book ("BOOK EIGHT: 1811 - 12", "CHAPTER IV", "FIRST EPILOGUE: 1813 - 20").
_DIVISION = re.compile(
    r"^(?:(?:first|second|third|fourth|fifth|last|final)\s+)?(?:book|part|volume|epilogue|prologue|chapter)\b", re.I
)
_DIVIDED_BOOK = 10  # this many division headings make a text a book divided into parts and chapters


def parse_plain_text(text: str, name: str = "") -> Document:
    """Parse decoded plain text into a Document.

    Args:
        text: the file's text, already decoded.
        name: a fallback title (usually the file's stem).
    """
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(clean_text(text)) if p.strip()]
    Budget().check_count(len(paragraphs))  # before any block is built
    metadata = Metadata(format="text")
    blocks = _lines_inside_chapters(_contents_as_list(_outside_gutenberg_body(paragraphs)))
    _read_fields(paragraphs, metadata)
    if metadata.title and any(_GUTENBERG_START.match(p.strip()) for p in paragraphs[:_HEADER_PARAGRAPHS]):
        blocks = _front_matter_before_title(blocks, metadata.title)
    _read_header(blocks, metadata)
    metadata.title = metadata.title or name
    return Document(metadata, blocks)


def _outside_gutenberg_body(paragraphs: list[str]) -> list[Block]:
    """Blocks of every paragraph; in a Project Gutenberg header or footer, no line is a heading."""
    start = next((i for i, p in enumerate(paragraphs) if _GUTENBERG_START.match(p.strip())), None)
    end = next((i for i, p in enumerate(paragraphs) if _GUTENBERG_END.match(p.strip())), None)
    blocks = []
    for index, paragraph in enumerate(paragraphs):
        outside = start is not None and (index <= start or (end is not None and index >= end))
        for block in _paragraph_blocks(paragraph):
            blocks.append(Block("paragraph", block.text) if outside and block.kind == "heading" else block)
    return blocks


def _front_matter_before_title(blocks: list[Block], title: str) -> list[Block]:
    """In a Gutenberg book, heading-like lines before the book's own title heading (credits) are not headings."""
    first = next((i for i, b in enumerate(blocks) if b.kind == "heading" and b.text.casefold() == title.casefold()), -1)
    return [Block("paragraph", b.text) if i < first and b.kind == "heading" else b for i, b in enumerate(blocks)]


def _contents_as_list(blocks: list[Block]) -> list[Block]:
    """A run of headings with no text between them (a book's table of contents) becomes a list.

    The book's first real headings often follow the contents at once: from the first repeat of
    the run's first entry on, the run's headings stay headings.
    """
    result, run = list(blocks), []
    for index, block in enumerate([*blocks, Block("paragraph", "")]):
        if block.kind == "heading" and block.text.strip().upper() != "CONTENTS":
            run.append(index)
            continue
        if len(run) >= _CONTENTS_RUN:
            first = blocks[run[0]].text
            repeat = next((k for k in range(1, len(run)) if blocks[run[k]].text == first), len(run))
            for position in run[:repeat]:
                result[position] = Block("list_item", blocks[position].text)
        run = []
    return result


def _lines_inside_chapters(blocks: list[Block]) -> list[Block]:
    """In a book divided into parts and chapters, a short line inside a chapter is text, not a heading.

    A letter's signature ("MARY"), a dateline ("Moscow, 17th November") or a line of dialogue
    without a full stop looks like a heading on its own; in a book whose chapters are marked
    ("CHAPTER IV"), only those marks, and a title right after one, are headings.
    """
    divisions = {index for index, block in enumerate(blocks) if block.kind == "heading" and _DIVISION.match(block.text)}
    if len(divisions) < _DIVIDED_BOOK:
        return blocks
    result = list(blocks)
    for index in range(min(divisions) + 1, len(blocks)):
        if blocks[index].kind == "heading" and index not in divisions and index - 1 not in divisions:
            result[index] = Block("paragraph", blocks[index].text)
    return result


def _heading_level(text: str) -> int:
    """Parts of a book (BOOK, PART, VOLUME, EPILOGUE) above chapters; other headings at level 2."""
    if _CHAPTER.match(text):
        return 3
    return 2


def _paragraph_blocks(paragraph: str) -> list[Block]:
    lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
    if len(lines) > 1 and all(_BULLET.match(line) for line in lines):
        return [make_block("list_item", _BULLET.sub("", line)) for line in lines]
    if all(line.startswith(">") for line in lines):
        return [make_block("quote", " ".join(line.lstrip("> ") for line in lines))]
    joined = " ".join(lines)
    if len(lines) == 1 and _looks_like_heading(joined):
        return [make_block("heading", joined, level=_heading_level(joined))]
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
