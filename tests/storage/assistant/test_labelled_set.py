"""The labelled sentences of tests/data/claims_dev.jsonl still name the text they were labelled on.

The labels are keyed by document and offsets, so a change to how a document is
imported (a headline kept, a paragraph dropped) moves them; this says so in the
suite, where `make bench` would only refuse to score.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from documents import load_path
from tests.conftest import ROOT, SHARED_ARTICLES, shared_file

LABELS = ROOT / "tests" / "data" / "claims_dev.jsonl"
ROOTS = {"sample": ROOT / "resources" / "samples", "shared": SHARED_ARTICLES}
ROWS = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _path(name: str) -> Path:
    kind, relative = name.split(":", 1)
    return ROOTS[kind] / relative


@pytest.mark.parametrize("document", sorted({row["document"] for row in ROWS}))
def test_every_labelled_sentence_is_where_its_label_says(document: str) -> None:
    """Each labelled span of the document, as imported today, hashes to what was labelled."""
    path = _path(document)
    text = load_path(shared_file(path) if document.startswith("shared:") else path).text
    rows = [row for row in ROWS if row["document"] == document]
    moved = [
        (row["start"], row["end"])
        for row in rows
        if hashlib.sha256(text[row["start"] : row["end"]].encode("utf-8")).hexdigest()[:12] != row["sha"]
    ]
    assert [] == moved
