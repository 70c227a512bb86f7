"""Plain records the library hands out: no database handles, no Qt."""

from __future__ import annotations

from dataclasses import dataclass, field

from documents import Block, Metadata

from .statuses import AnchorStatus


@dataclass(frozen=True)
class ClaimType:
    """A kind of claim: fact, opinion, quote or one a library adds."""

    name: str
    label: str
    colour: str
    underline: str = "solid"  # solid | dash | dot | wave
    shortcut: str = ""
    position: int = 0
    builtin: bool = False


@dataclass(slots=True)
class Annotation:
    """A tagged span of a document's canonical text (code-point offsets [start, end)).

    Treat it as a value: derive changed copies with dataclasses.replace. (Not
    frozen only because frozen dataclasses cost ~1.5 µs more each to build, which
    is a third of the budget for listing 10,000.)
    """

    uuid: str
    document_id: int
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    claim_type: str
    note: str = ""
    speaker: str = ""
    tags: tuple[str, ...] = ()
    status: str = AnchorStatus.ANCHORED.value  # an AnchorStatus value
    score: float = 1.0
    created: str = ""
    updated: str = ""
    old_exact: str = ""  # the previous wording, when status is "changed"
    annotator: str = ""  # who made it ("" when not known)
    origin_format: str = ""  # the tool it was imported from ("hypothesis", "zotero", ...), "" when made here
    origin_id: str = ""  # its id in that tool
    origin_url: str = ""  # the address it was made on there


@dataclass(frozen=True)
class DocumentNote:
    """A note on a whole document, not on a passage: a page note, or an annotation without a text selector."""

    uuid: str
    document_id: int
    note: str
    tags: tuple[str, ...] = ()
    annotator: str = ""
    created: str = ""
    updated: str = ""
    origin_format: str = ""
    origin_id: str = ""
    origin_url: str = ""


@dataclass
class DocumentSummary:
    """A library row: what a document list shows."""

    id: int
    title: str
    author: str
    published: str
    source: str
    format: str
    imported: str
    counts: dict[str, int] = field(default_factory=dict)  # claim type -> annotations
    url: str = ""  # the document's real address (canonical URL), when known
    notes: int = 0  # document notes (page notes) it has


@dataclass
class StoredDocument:
    """A document as stored: its metadata, blocks and canonical text."""

    id: int
    metadata: Metadata
    blocks: list[Block]
    text: str
    sha256: str
    imported: str


@dataclass(frozen=True)
class SearchHit:
    """One full-text search result."""

    annotation: Annotation
    document_title: str
    snippet: str
