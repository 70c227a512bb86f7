"""A window on the small research library (three articles, claims with speakers, tags and near-copies)."""

from __future__ import annotations

import pytest

from storage import Library

from ...storage.research_library import SmallLibrary, fill


@pytest.fixture
def small(library: Library) -> SmallLibrary:
    """The three articles and their claims (tests/storage/research_library.py)."""
    return fill(library)


@pytest.fixture
def small_window(make_window, small: SmallLibrary, qtbot):
    """A shown window on the small library with the harbour article open."""
    window = make_window(small.library)
    window.open_document(small.documents[0])
    qtbot.waitUntil(lambda: window.session.prepared is not None and window.current_document_id == small.documents[0])
    return window
