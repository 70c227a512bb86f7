"""The Qt-free document model: metadata, blocks and the canonical text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

BLOCK_KINDS = ("heading", "paragraph", "quote", "list_item", "code")
SPAN_KINDS = ("emphasis", "strong", "code", "link")

# Characters that never belong in canonical text: C0/C1 controls other than
# newline and tab, BOMs, and the Unicode line/paragraph separators (Qt would
# turn those into block breaks and shift every offset after them).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
_SEPARATORS = re.compile("[\u2028\u2029]")


def clean_text(text: str) -> str:
    """Return text NFC-normalised, LF-only, without control characters or BOMs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SEPARATORS.sub(" ", _CONTROLS.sub("", text))
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """Return text cleaned (see clean_text) as one line: every run of whitespace, newlines too, one space."""
    return " ".join(clean_text(text).split())


@dataclass(frozen=True)
class Span:
    """Inline formatting over block-relative code-point offsets [start, end)."""

    kind: str
    start: int
    end: int
    href: str | None = None


@dataclass(frozen=True)
class Block:
    """One block of a document. Only code blocks may contain newlines."""

    kind: str
    text: str
    level: int = 0
    spans: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.level:
            data["level"] = self.level
        if self.spans:
            data["spans"] = [[s.kind, s.start, s.end] + ([s.href] if s.href else []) for s in self.spans]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Block:
        spans = tuple(Span(*row) for row in data["spans"]) if "spans" in data else ()  # (most blocks have none)
        return cls(data["kind"], data["text"], data.get("level", 0), spans)


@dataclass
class Metadata:
    """What is known about a document besides its text."""

    title: str = ""
    author: str = ""
    published: str = ""  # ISO 8601 date (YYYY-MM-DD) when known
    source: str = ""  # where Claimmark imported it from: an absolute path or the URL fetched
    url: str = ""  # the document's real address (canonical URL) when the page or its fetch tells it
    format: str = ""  # "text", "markdown", "html", ...
    language: str = ""
    notes: list[str] = field(default_factory=list)  # e.g. "repaired mojibake"


@dataclass
class Document:
    """An article as Claimmark reads it: metadata plus blocks.

    The canonical text is the blocks' texts joined by newlines; annotations are
    anchored on it by code-point offsets.
    """

    metadata: Metadata
    blocks: list[Block]

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)

    @property
    def sha256(self) -> str:
        return text_hash(self.text)

    def block_starts(self) -> list[int]:
        """Return the canonical offset at which each block starts."""
        return block_starts(self.blocks)


def block_starts(blocks: list[Block]) -> list[int]:
    """Return the canonical offset at which each of blocks starts."""
    starts = list(accumulate((len(block.text) + 1 for block in blocks), initial=0))
    starts.pop()  # where a block after the last would start
    return starts


def text_hash(text: str) -> str:
    """Return the sha256 hex digest of canonical text."""
    import hashlib  # OpenSSL's binding: loaded by the first import or update, not by every command

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_block(kind: str, text: str, level: int = 0) -> Block:
    """Return a span-less Block with cleaned text; non-code blocks get whitespace collapsed."""
    text = clean_text(text)
    if kind != "code":
        text = " ".join(text.split())
    return Block(kind, text, level)
