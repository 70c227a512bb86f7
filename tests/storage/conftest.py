"""Fixtures for the export tests: the TRT article with a fixed set of claims (fixed uuids and times)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from documents import load_path
from storage import Annotation, Library, find_occurrence, quote_selector

STAMP = "2024-05-20T09:30:00.000+00:00"
EXPORTED = "2024-05-21T10:00:00.000+00:00"
# (uuid, quote, type, note, speaker, tags, status)
TRT_CLAIMS = [
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


def add_fixed_claims(library: Library, document_id: int) -> None:
    """Store TRT_CLAIMS on the document with their fixed uuids and times."""
    text = library.document_text(document_id)
    for uuid, quote, claim_type, note, speaker, tags, status in TRT_CLAIMS:
        start, end = find_occurrence(text, quote)
        exact, prefix, suffix = quote_selector(text, start, end)
        library.restore_annotation(
            Annotation(
                uuid=uuid, document_id=document_id, start=start, end=end, exact=exact, prefix=prefix,
                suffix=suffix, claim_type=claim_type, note=note, speaker=speaker, tags=tags, status=status,
                score=1.0 if status == "anchored" else 0.8, created=STAMP, updated=STAMP,
            )
        )  # fmt: skip


@pytest.fixture
def trt_claims() -> list[tuple[str, str, str, str, str, tuple[str, ...], str]]:
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
    add_fixed_claims(library, summary.id)
    yield library, summary.id
