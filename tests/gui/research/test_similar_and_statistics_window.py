"""The same claim elsewhere opens where it was found; the statistics view charts, exports PNG and SVG and numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtGui import QColor, QGuiApplication, QImage

from gui.research.similar_panel import UuidRole
from gui.research.statistics_chart import WIDTH, chart_size

from ...storage.research_library import SmallLibrary

SVG = "{http://www.w3.org/2000/svg}"


def test_the_same_claim_elsewhere_lists_it_and_opens_it_there(qtbot, small_window, small: SmallLibrary) -> None:
    """From a card's menu: the fishing article's copy of the minister's words; activating it opens it, selected."""
    window = small_window
    menu = window.annotation_panel.build_context_menu(small.uuids["h1"])
    entry = next(a for a in menu.actions() if a.objectName() == "actionSimilarCard")
    entry.trigger()
    dialog = window.manage_views.similar
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10_000)
    row = [dialog.model.index(0, column).data() for column in range(dialog.model.columnCount())]
    assert ["Fishing crews wait for the harbour", "Ana Minister", "Quote"] == row[:3]
    assert small.uuids["f1"] == dialog.model.index(0, 0).data(UuidRole)
    dialog.view.activated.emit(dialog.model.index(0, 0))
    qtbot.waitUntil(lambda: window.current_document_id == small.documents[1], timeout=10_000)
    qtbot.waitUntil(lambda: window.annotation_panel.current_uuid() == small.uuids["f1"])


def test_the_similar_action_wants_a_selected_card(small_window, small: SmallLibrary) -> None:
    """With no card selected the action says so and opens nothing; with one it searches for that claim."""
    window = small_window
    window.annotation_panel.view.clearSelection()
    window.window_actions.similar_claims.trigger()
    assert window.manage_views.similar is None
    window.annotation_panel.select(small.uuids["h2"])
    window.window_actions.similar_claims.trigger()
    assert window.manage_views.similar is not None and small.uuids["h2"] == window.manage_views.similar.uuid


def test_statistics_render_export_png_and_svg_and_copy_numbers(
    qtbot, small_window, small: SmallLibrary, tmp_path: Path
) -> None:
    """The open document's chart is drawn in its types' colours; PNG and SVG files are valid; numbers copy."""
    window = small_window
    window.window_actions.statistics.trigger()
    dialog = window.manage_views.statistics
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.figures is not None, timeout=10_000)
    assert ("document", small.documents[0]) == dialog.scope()
    assert 3 == dialog.figures.claims
    picture = dialog.chart.grab().toImage()
    opinion = QColor(next(t.colour for t in small.library.claim_types() if t.name == "opinion"))
    pixels = {picture.pixelColor(x, y).name() for x in range(0, picture.width(), 3) for y in range(0, 200, 2)}
    assert opinion.name() in pixels
    png, svg = tmp_path / "chart.png", tmp_path / "chart.svg"
    assert dialog.export_png(png)
    image = QImage(str(png))
    assert not image.isNull() and 2 * WIDTH == image.width()
    assert 2 * chart_size(dialog.figures).height() == image.height()
    assert dialog.export_svg(svg)
    root = ET.parse(svg).getroot()
    assert f"{SVG}svg" == root.tag
    texts = " ".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))
    assert "Opinion" in texts and "Harbour to reopen in May" in texts
    fills = {element.get("fill", "").lower() for element in root.iter()}
    assert opinion.name() in fills
    numbers = dialog.copy_numbers()
    assert numbers == QGuiApplication.clipboard().text()
    assert "Opinion\t1\t33.3%" in numbers


def test_statistics_of_the_library_and_of_a_collection(qtbot, small_window, small: SmallLibrary) -> None:
    """The scope box charts the whole library; a collection's Statistics… charts its documents only."""
    window = small_window
    dialog = window.manage_views.open_statistics("library")
    qtbot.waitUntil(lambda: dialog.figures is not None and dialog.figures.scope == "library", timeout=10_000)
    assert (3, 7) == (dialog.figures.documents, dialog.figures.claims)
    target = window.library_manager.create_collection("Council")
    assert target is not None
    window.library_manager.add_to_collection(target.id, [small.documents[2]])
    window.collections_tree.statistics_requested.emit(target.id)
    qtbot.waitUntil(lambda: dialog.figures is not None and dialog.figures.scope == "collection", timeout=10_000)
    assert (1, 2) == (dialog.figures.documents, dialog.figures.claims)
    assert "Council" == dialog.figures.title
    window.set_theme("dark")
    assert "dark" == dialog.chart.theme.name
