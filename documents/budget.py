"""How much one import may produce: blocks, characters, spans and nesting, counted as the work is done.

Every importer shares one ``Budget`` per file (an EPUB's chapters draw on the
same one), so a file is refused as soon as it passes a limit, before it costs
more, and never by how long it took. The figures are far above real articles
and books: War and Peace is 12,174 blocks and 3.2 M characters.
"""

from __future__ import annotations

from .errors import DocumentTooLarge
from .model import Document

MAX_BLOCKS = 100_000  # paragraphs, headings, list items, quotes and code blocks of one document
MAX_TEXT_CHARS = 32_000_000  # characters of canonical text (ten War and Peaces)
MAX_SPANS = 1_000_000  # emphasis, strong, code and link spans of one document
MAX_NESTING = 10_000  # inline elements (and headings) open at once
MAX_MARKDOWN_LINES = 100_000  # Python-Markdown grows faster than its input: 100,000 short paragraphs take 18 s


class Budget:
    """What one import has produced so far; raises DocumentTooLarge the moment a limit is passed."""

    def __init__(self) -> None:
        self.blocks = 0
        self.characters = 0
        self.spans = 0

    def check_pending(self, characters: int) -> None:
        """Refuse when characters not yet in a block would take the text past its limit."""
        if self.characters + characters > MAX_TEXT_CHARS:
            raise DocumentTooLarge(f"more than {MAX_TEXT_CHARS:,} characters of text")

    def add_block(self, characters: int, spans: int = 0) -> None:
        """Count one block of characters with spans."""
        self.blocks += 1
        self.spans += spans
        self.characters += characters + 1  # the newline that joins it to the next block
        if self.blocks > MAX_BLOCKS:
            raise DocumentTooLarge(f"more than {MAX_BLOCKS:,} paragraphs, headings and list items")
        if self.spans > MAX_SPANS:
            raise DocumentTooLarge(f"more than {MAX_SPANS:,} formatted or linked passages")
        self.check_pending(0)

    def check_count(self, blocks: int) -> None:
        """Refuse up front when a format's cheap count says it will hold more blocks than allowed."""
        if self.blocks + blocks > MAX_BLOCKS:
            raise DocumentTooLarge(f"more than {MAX_BLOCKS:,} paragraphs, headings and list items")


def check_nesting(depth: int) -> None:
    """Refuse inline formatting (or headings) nested deeper than MAX_NESTING."""
    if depth > MAX_NESTING:
        raise DocumentTooLarge(f"formatting nested more than {MAX_NESTING:,} deep")


def check_document(document: Document) -> None:
    """Check a finished document against every limit (for importers that build blocks directly)."""
    budget = Budget()
    budget.check_count(len(document.blocks))
    for block in document.blocks:
        budget.add_block(len(block.text), len(block.spans))
