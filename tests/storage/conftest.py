"""Fixtures for the export tests: articles with a fixed set of claims (fixed uuids, times and import time).

The harbour article is the project's own sample (resources/samples), so the
export tests and their golden files run on a clean clone; the TRT reference
article (../shared) is used only where its section headings matter.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from documents import load_path
from storage import Annotation, Library, find_occurrence, quote_selector

ROOT = Path(__file__).resolve().parents[2]
HARBOUR_ARTICLE = ROOT / "resources" / "samples" / "harbour-town-bans-cruise-ships.txt"
HARBOUR_SOURCE = "/articles/harbour-town-bans-cruise-ships.txt"  # a fixed source, so golden files hold no local path
HARBOUR_URL = "https://news.example.org/2025/03/04/harbour-town-bans-cruise-ships"
STAMP = "2024-05-20T09:30:00.000+00:00"
IMPORTED = "2024-05-20T09:00:00.000+00:00"
EXPORTED = "2024-05-21T10:00:00.000+00:00"
Claims = list[tuple[str, str, str, str, str, tuple[str, ...], str]]
# (uuid, quote, type, note, speaker, tags, status)
HARBOUR_CLAIMS: Claims = [
    ("00000000-0000-4000-8000-000000000001",
     "The town council of Port Averill voted seven to six on Monday evening", "fact", "", "",
     ("2021", "tourism"), "anchored"),
    ("00000000-0000-4000-8000-000000000002", "The decision is long overdue.", "opinion",
     "Compare *2021* <script>alert(1)</script>\n# not a heading\n1. not a list", "", ("a; b", "c"), "anchored"),
    ("00000000-0000-4000-8000-000000000003", "We are not against visitors.", "quote", '=HYPERLINK("http://x")',
     "Mayor Ines Carvalho", ("C++", "🙂"), "anchored"),
    ("00000000-0000-4000-8000-000000000004", "at least a third of my summer trade", "quote",
     "The | pipe and [x](javascript:alert(1)) stay text", "Tomas Reyes", ("tourism",), "changed"),
    ("00000000-0000-4000-8000-000000000005",
     "A ban on the largest ships is the least the council could do, not the most.", "opinion", "+1 -1 @here", "",
     (), "anchored"),
]  # fmt: skip
TRT_CLAIMS: Claims = [
    ("00000000-0000-4000-8000-000000000001",
     "Founded in 2015 as an offshoot of Daesh, Daesh-K continues spilling blood in Afghanistan.",
     "fact", "", "", ("history", "Daesh-K"), "anchored"),
    ("00000000-0000-4000-8000-000000000002", "the US would be wise to revisit its sanctions", "opinion",
     "Policy advice — compare *2021* <script>alert(1)</script>\n# not a heading\n1. not a list", "", ("US policy",),
     "anchored"),
    ("00000000-0000-4000-8000-000000000003",
     "It is only a matter of time that Daesh-K gets emboldened enough to expand its target areas", "quote", "",
     "Rabia Akhtar", (), "changed"),
    ("00000000-0000-4000-8000-000000000004", "That is why present US policy towards Afghanistan is extremely "
     "counter-productive.", "quote", "The | pipe and [x](javascript:alert(1)) stay text", "Anatol Lieven",
     ("US policy", "sanctions"), "anchored"),
]  # fmt: skip


def add_fixed_claims(library: Library, document_id: int, claims: Claims, annotator: str = "") -> None:
    """Store claims on the document with their fixed uuids and times (and annotator)."""
    text = library.document_text(document_id)
    for uuid, quote, claim_type, note, speaker, tags, status in claims:
        start, end = find_occurrence(text, quote)
        exact, prefix, suffix = quote_selector(text, start, end)
        library.restore_annotation(
            Annotation(
                uuid=uuid, document_id=document_id, start=start, end=end, exact=exact, prefix=prefix,
                suffix=suffix, claim_type=claim_type, note=note, speaker=speaker, tags=tags, status=status,
                score=1.0 if status == "anchored" else 0.8, created=STAMP, updated=STAMP, annotator=annotator,
            )
        )  # fmt: skip


def add_harbour(library: Library, *, url: str = "", annotator: str = "") -> int:
    """Import the harbour sample (fixed source and import time, maybe a URL) with its claims; return its id."""
    document = load_path(HARBOUR_ARTICLE)
    document.metadata.source, document.metadata.url = HARBOUR_SOURCE, url
    summary, _ = library.import_document(document)
    with library.transaction() as conn:  # set-up only: a fixed import time keeps golden files stable
        conn.execute("UPDATE documents SET imported = ? WHERE id = ?", [IMPORTED, summary.id])
    add_fixed_claims(library, summary.id, HARBOUR_CLAIMS, annotator)
    return summary.id


@pytest.fixture
def harbour_claims() -> Claims:
    """The fixed claims of harbour_library: (uuid, quote, type, note, speaker, tags, status)."""
    return HARBOUR_CLAIMS


@pytest.fixture
def harbour_library(library: Library) -> tuple[Library, int]:
    """A library holding the harbour sample with its five claims, no URL and no annotator: (library, id)."""
    return library, add_harbour(library)


@pytest.fixture
def harbour_cited(library: Library) -> tuple[Library, int]:
    """The harbour sample with its canonical URL and every claim by "Ana Ruiz": (library, id)."""
    return library, add_harbour(library, url=HARBOUR_URL, annotator="Ana Ruiz")


@pytest.fixture
def trt_claims() -> Claims:
    """The fixed claims of trt_library: (uuid, quote, type, note, speaker, tags, status)."""
    return TRT_CLAIMS


@pytest.fixture
def exported_stamp() -> str:
    """A fixed export time, so golden files are stable."""
    return EXPORTED


@pytest.fixture
def trt_library(library: Library, trt_path: Path) -> Iterator[tuple[Library, int]]:
    """A library holding the TRT article with the four fixed claims; yields (library, document id)."""
    summary, _ = library.import_document(load_path(trt_path))
    add_fixed_claims(library, summary.id, TRT_CLAIMS)
    yield library, summary.id
