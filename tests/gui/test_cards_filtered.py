"""Cards stay one under the other when a type filter shows or hides the list's scroll bar."""

from __future__ import annotations

import itertools

from documents import load_document
from resources import sample_articles
from storage import Library

TYPES = ("fact", "fact", "fact", "opinion")


def _rows(panel) -> list:
    return [panel.view.visualRect(panel.proxy.index(row, 0)) for row in range(panel.proxy.rowCount())]


def test_filtering_types_never_overlaps_or_spaces_the_cards(make_window, library: Library, qtbot) -> None:
    """Opinions only (no scroll bar), then all (scroll bar back): rows touch, never overlap, fit the list's width."""
    sample = sample_articles()[0]
    summary, _ = library.import_document(load_document(sample.read_bytes(), sample.name))
    window = make_window(library)
    window.resize(1400, 800)
    window.open_document(summary.id)
    for n in range(24):
        window.reader.select_range(40 + 50 * n, 100 + 50 * n + 5 * (n % 7))
        window.tag_selection(TYPES[n % len(TYPES)])
    panel = window.annotation_panel
    scroll_bar = panel.view.verticalScrollBar()
    seen = set()
    for shown in ({"opinion"}, set(panel.type_buttons), {"opinion"}, set(panel.type_buttons)):
        panel.show_only_types(shown)
        qtbot.wait(200)  # the list lays out in batches between events
        seen.add(scroll_bar.isVisible())
        rows = _rows(panel)
        assert [] == [(a.bottom(), b.top()) for a, b in itertools.pairwise(rows) if a.bottom() + 1 != b.top()]
        assert [] == [rect.width() for rect in rows if rect.width() > panel.view.viewport().width()]
    assert {True, False} == seen  # the scroll bar did come and go
