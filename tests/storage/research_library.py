"""A small library for the research tests: three articles written here, with claims of every kind."""

from __future__ import annotations

from dataclasses import dataclass

from documents import Document, Metadata
from documents.model import make_block
from storage import Annotation, Library, find_occurrence, quote_selector

HARBOUR = (
    "Harbour to reopen in May",
    [
        "The minister said the harbour would reopen in May after the storm repairs.",
        "Critics argued the plan was unfair to the small fishing crews of the north shore.",
        "Staff at the Café Bezúkhov confirmed that deliveries had resumed.",
        "The council will publish the full budget next week.",
    ],
)
FISHING = (
    "Fishing crews wait for the harbour",
    [
        "Fishermen gathered at dawn to hear the news.",
        "The minister said the harbour will reopen in May after the storm repairs.",
        "Several crews doubted the promise and kept their boats in the southern bay.",
    ],
)
COUNCIL = (
    "Council notes: the budget",
    [
        "The budget debate lasted three hours.",
        "A councillor called the lighthouse restoration a waste of money.",
        "The council will publish the full budget next week, the clerk said.",
    ],
)

# (key, document index, quote, type, speaker, tags, note, status, annotator, created)
CLAIMS = [
    ("h1", 0, "The minister said the harbour would reopen in May after the storm repairs.", "quote", "Ana Minister",
     ("harbour", "policy"), "check the date", "anchored", "ana", "2024-03-04T10:00:00.000+00:00"),
    ("h2", 0, "Critics argued the plan was unfair to the small fishing crews", "opinion", "", ("fishing",),
     "", "moved", "ben", "2024-03-05T11:00:00.000+00:00"),
    ("h3", 0, "Staff at the Café Bezúkhov confirmed that deliveries had resumed.", "fact", "Café staff", (),
     "", "anchored", "ana", "2024-03-12T09:00:00.000+00:00"),
    ("f1", 1, "The minister said the harbour will reopen in May after the storm repairs.", "quote", "Ana Minister",
     ("harbour",), "", "anchored", "ben", "2024-04-01T08:00:00.000+00:00"),
    ("f2", 1, "Several crews doubted the promise", "opinion", "Crew member", ("fishing", "doubt"),
     "the lighthouse keeper agrees", "orphaned", "ben", "2024-04-02T08:00:00.000+00:00"),
    ("c1", 2, "A councillor called the lighthouse restoration a waste of money.", "opinion", "A councillor",
     ("budget",), "", "anchored", "ana", "2024-04-15T12:00:00.000+00:00"),
    ("c2", 2, "The budget debate lasted three hours.", "fact", "", ("budget",), "", "changed", "ana",
     "2024-04-16T12:00:00.000+00:00"),
]  # fmt: skip


@dataclass
class SmallLibrary:
    """The library with its document ids (harbour, fishing, council) and claim uuids by key."""

    library: Library
    documents: list[int]
    uuids: dict[str, str]


def article(title: str, paragraphs: list[str]) -> Document:
    """A document with a heading and the paragraphs."""
    blocks = [make_block("heading", title, 1)] + [make_block("paragraph", p) for p in paragraphs]
    return Document(Metadata(title=title, format="text"), blocks)


def fill(library: Library) -> SmallLibrary:
    """Import the three articles and store CLAIMS with fixed uuids and times."""
    ids = [library.import_document(article(*spec))[0].id for spec in (HARBOUR, FISHING, COUNCIL)]
    uuids = {}
    for number, (key, doc, quote, kind, speaker, tags, note, status, annotator, created) in enumerate(CLAIMS, 1):
        text = library.document_text(ids[doc])
        start, end = find_occurrence(text, quote)
        exact, prefix, suffix = quote_selector(text, start, end)
        uuid = f"00000000-0000-4000-8000-{number:012d}"
        library.restore_annotation(Annotation(
            uuid=uuid, document_id=ids[doc], start=start, end=end, exact=exact, prefix=prefix, suffix=suffix,
            claim_type=kind, note=note, speaker=speaker, tags=tags, status=status, created=created,
            updated=created, annotator=annotator,
        ))  # fmt: skip
        uuids[key] = uuid
    return SmallLibrary(library, ids, uuids)


def index_is_consistent(library: Library) -> bool:
    """Whether the claims' full-text index matches the annotations exactly (FTS5 integrity-check, rank 1)."""
    import sqlite3

    try:
        library.db.conn.execute("INSERT INTO annotations_fts(annotations_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError:
        return False
    return True
