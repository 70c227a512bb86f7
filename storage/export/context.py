"""What every export format is made from: documents with their claims, located and linked.

Claims are fetched in bulk (one query per document, never one per
annotation), and each claim's location
(paragraph number and the heading it sits under) comes from the stored blocks.
The records here are the variables that export templates see (README lists them).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from documents import Block
from documents.model import block_starts

from ..library import Library
from ..links import build_link, link_prefix
from ..progress import Progress, each_reported
from ..records import ClaimType, StoredDocument
from .citations import citation_keys
from .markdown_escape import MarkdownSafe


class Claim(NamedTuple):
    """One annotation as an export shows it (a tuple: cheap to build by the hundred thousand)."""

    uuid: str
    document_id: int
    type: str  # claim type name: fact, opinion, quote, ...
    type_label: str  # its display label: Fact, Opinion, Quote, ...
    exact: str
    prefix: str
    suffix: str
    note: str
    speaker: str
    tags: tuple[str, ...]
    start: int
    end: int
    status: str  # anchored | moved | changed | orphaned
    score: float
    created: str
    updated: str
    annotator: str  # who made it ("" when not known)
    paragraph: int  # 1-based number of the paragraph the claim starts in (headings not counted); 0 if none
    heading: str  # text of the heading the claim sits under, "" before the first heading
    link: str  # claimmark://open?library=…&document=…&annotation=UUID (Markdown-safe: written as is)


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Claims shown under one heading: one claim type, or all claims in reading order."""

    name: str
    label: str
    claims: list[Claim]


@dataclass
class DocumentExport:
    """A document with its claims, ready for a template or a writer."""

    id: int
    title: str
    author: str
    published: str
    source: str
    format: str
    language: str
    imported: str
    sha256: str
    link: str
    claims: list[Claim]  # reading order
    claim_types: list[ClaimType]
    blocks: list[Block] = field(repr=False, default_factory=list)
    url: str = ""  # the document's real address, when known
    citekey: str = ""  # its citation key, unique in the library (see citations.py)

    @property
    def address(self) -> str:
        """Return the document's web address: its URL, else its source when that is an http(s) URL, else ""."""
        if self.url:
            return self.url
        return self.source if self.source.startswith(("http://", "https://")) else ""

    @property
    def authors(self) -> list[str]:
        """Return the document's authors (the author field holds several separated by ";")."""
        return [" ".join(name.split()) for name in self.author.split(";") if name.strip()]

    @cached_property
    def counts(self) -> dict[str, int]:
        """Claims per claim type name, in the library's claim type order (types with none left out)."""
        found: dict[str, int] = {}
        for claim in self.claims:
            found[claim.type] = found.get(claim.type, 0) + 1
        return {t.name: found[t.name] for t in self.claim_types if t.name in found}

    @cached_property
    def tags(self) -> list[str]:
        """Every topic tag used by the document's claims, sorted case-insensitively."""
        return sorted({tag for claim in self.claims for tag in claim.tags}, key=str.casefold)

    def groups(self, group_by: str = "type") -> list[ClaimGroup]:
        """Return the claims grouped by claim type (library order) or as one group in reading order."""
        if group_by == "position":
            return [ClaimGroup("position", "Claims in reading order", self.claims)] if self.claims else []
        by_type: dict[str, list[Claim]] = {}
        for claim in self.claims:
            by_type.setdefault(claim.type, []).append(claim)
        return [ClaimGroup(t.name, t.label, by_type[t.name]) for t in self.claim_types if t.name in by_type]


class Locator:
    """Finds the paragraph number and heading for a canonical offset, by bisection over block starts."""

    def __init__(self, blocks: list[Block]) -> None:
        self.starts = block_starts(blocks)
        self.paragraphs: list[int] = []
        self.headings: list[str] = []
        paragraph, heading = 0, ""
        for block in blocks:
            if block.kind == "heading":
                heading = block.text
            else:
                paragraph += 1
            self.paragraphs.append(paragraph)
            self.headings.append(heading)

    def locate(self, offset: int) -> tuple[int, str]:
        """Return (paragraph number, heading text) for a canonical offset."""
        index = bisect_right(self.starts, offset) - 1
        if index < 0:
            return 0, ""
        return self.paragraphs[index], self.headings[index]


# Tags come joined by the unit separator, which clean tags never contain.
_TAG_JOIN = "\x1f"
_CLAIM_ROWS = (
    "SELECT a.uuid, a.claim_type, a.exact, a.prefix, a.suffix, a.note, a.speaker,"
    " (SELECT group_concat(t.name, char(31)) FROM annotation_tags x JOIN tags t ON t.id = x.tag_id"
    "  WHERE x.annotation_id = a.id), a.start, a.end, a.status, a.score, a.created, a.updated, a.annotator"
    " FROM annotations a WHERE a.document_id = ?1 AND (?2 IS NULL OR a.uuid IN (SELECT value FROM json_each(?2)))"
    " ORDER BY a.start, a.end, a.id"
)
# Only some claims of each document (an export of a filtered claims view): document id -> their uuids.
Only = dict[int, list[str]]


def only_json(only: Only | None, document_id: int) -> str | None:
    """Return the JSON list of the document's claims to export, or None for all of them."""
    return None if only is None else json.dumps(only.get(document_id, []))


def document_exports(
    library: Library, document_ids: Iterable[int], progress: Progress | None = None, only: Only | None = None
) -> Iterator[DocumentExport]:
    """Yield each document with its claims in reading order: one query per document, none per claim.

    With ``only``, each document has just the claims listed for it.

    Raises:
        NotFound: a document id is not in the library.
    """
    types = library.claim_types()
    library_path = str(library.path.resolve())
    keys = citation_keys(library)
    for document_id in each_reported(document_ids, progress):
        stored = library.document(document_id)
        rows = library.conn.execute(_CLAIM_ROWS, [document_id, only_json(only, document_id)]).fetchall()
        yield document_export(stored, rows, types, library_path, keys.get(document_id, ""))


def document_export(
    stored: StoredDocument, rows: list[tuple[Any, ...]], types: list[ClaimType], library_path: str, citekey: str = ""
) -> DocumentExport:
    """Return a stored document with the claims of its annotation rows (as _CLAIM_ROWS selects them)."""
    labels = {t.name: t.label for t in types}
    locate = Locator(stored.blocks).locate
    prefix = link_prefix(library_path) + f"{stored.id}&annotation="
    document_id = stored.id
    claims = []
    for uuid, kind, exact, before, after, note, speaker, tags, start, end, status, score, created, updated, who in rows:
        paragraph, heading = locate(start)
        tag_tuple = tuple(sorted(tags.split(_TAG_JOIN), key=str.casefold)) if tags else ()
        claims.append(
            Claim(
                uuid,
                document_id,
                kind,
                labels.get(kind, kind),
                exact,
                before,
                after,
                note,
                speaker,
                tag_tuple,
                start,
                end,
                status,
                score,
                created,
                updated,
                who or "",
                paragraph,
                heading,
                MarkdownSafe(prefix + uuid),
            )
        )
    meta = stored.metadata
    link = MarkdownSafe(build_link(library_path, stored.id))
    return DocumentExport(
        stored.id, meta.title, meta.author, meta.published, meta.source, meta.format, meta.language,
        stored.imported, stored.sha256, link, claims, types, stored.blocks, meta.url, citekey,
    )  # fmt: skip
