"""Every importer, fed random or mangled bytes, returns a Document or raises a DocumentError: nothing else."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import Document, DocumentError, load_document, supported_suffixes

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _check(data: bytes, name: str) -> None:
    try:
        document = load_document(data, name)
    except DocumentError as error:
        assert str(error).startswith(name)
        return
    assert isinstance(document, Document)
    assert document.text.strip()
    assert "\r" not in document.text and "\x00" not in document.text


@pytest.mark.parametrize("suffix", supported_suffixes())
@SETTINGS
@given(data=st.binary(max_size=4096))
def test_random_bytes(suffix, data):
    """Random bytes under any supported suffix become a Document or a DocumentError naming the file."""
    _check(data, f"random{suffix}")


@pytest.fixture(scope="module")
def seeds(make) -> dict[str, bytes]:
    """One valid file per archive or binary format, to be mangled."""
    chapter = make.Chapter("c.xhtml", "<h1>T</h1><p>Chapter text.</p>", "T")
    return {
        ".epub": make.epub([chapter]),
        ".docx": make.docx([make.para("Heading", "Heading1"), make.para("Some body text.")]),
        ".pdf": make.pdf([["A line of PDF text.", "Another line."], ["Page two text."]]),
        ".html": b"<html><head><title>T</title></head><body><article><p>Article text here.</p></article></body></html>",
    }


@pytest.mark.parametrize("suffix", [".epub", ".docx", ".pdf", ".html"])
@SETTINGS
@given(flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=12),
       cut=st.floats(0.05, 1))  # fmt: skip
def test_mangled_valid_files(seeds, suffix, flips, cut):
    """A valid file with some bytes overwritten and its end cut off is still a Document or a DocumentError."""
    data = bytearray(seeds[suffix])
    for position, value in flips:
        data[int(position * len(data))] = value
    _check(bytes(data[: max(1, int(cut * len(data)))]), f"mangled{suffix}")
