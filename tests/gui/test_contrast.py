"""Every theme reaches every dialog: text in the window and its dialogs is readable (WCAG AA, 4.5:1).

Contrast is measured on what Qt paints: each dialog is grabbed, and for every enabled label, button,
check box, line edit and combo box the picture of its area gives the background (its commonest colour)
and the text (the colour furthest from it).
"""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QLineEdit, QWidget

from documents import load_document
from gui import dialogs
from gui.themes import THEMES
from resources import sample_articles
from storage import Library

AA = 4.5


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of a colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio of two colours."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def painted_contrast(image: QImage) -> float:
    """The contrast between the commonest colour of image (its background) and the colour furthest from it."""
    pixels = Counter(image.pixel(x, y) for x in range(image.width()) for y in range(image.height()))
    if len(pixels) < 2:
        return float("inf")  # nothing drawn on it
    background = QColor.fromRgb(pixels.most_common(1)[0][0])
    return max(contrast(background, QColor.fromRgb(pixel)) for pixel in pixels)


def _texts(top: QWidget) -> list[QWidget]:
    kinds = (QLabel, QAbstractButton, QLineEdit, QComboBox)
    found = [w for w in top.findChildren(QWidget) if isinstance(w, kinds) and w.window() is top]
    found = [w for w in found if w.isVisible() and w.isEnabled()]
    return [w for w in found if _text_of(w).strip()]


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit):
        return widget.text() or widget.placeholderText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text()
    return ""


def low_contrast(top: QWidget) -> list[str]:
    """Return "objectName 'text': ratio" for each text widget of top painted below AA."""
    picture = top.grab().toImage()
    failures = []
    for widget in _texts(top):
        area = widget.rect().translated(widget.mapTo(top, widget.rect().topLeft()))
        ratio = painted_contrast(picture.copy(area))
        if ratio < AA:
            failures.append(f"{type(widget).__name__} {widget.objectName()!r} {_text_of(widget)[:30]!r}: {ratio:.2f}")
    return failures


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_text_of_the_window_and_its_dialogs_is_readable(theme: str, make_window, library: Library, qtbot) -> None:
    """In each theme: the window, the shortcuts sheet, About, an error, the Export dialog — all 4.5:1 or more."""
    sample = sample_articles()[0]
    summary, _ = library.import_document(load_document(sample.read_bytes(), sample.name))
    window = make_window(library)
    window.open_document(summary.id)
    window.set_theme(theme)
    opened = [
        dialogs.shortcuts_sheet(window, window.window_actions.all()),
        dialogs.about_box(window),
        dialogs.error_box(window, "Cannot import", "article.xyz: unsupported format"),
    ]
    window.window_actions.export.trigger()
    opened.append(window.export_dialog)
    qtbot.waitUntil(lambda: bool(window.export_dialog.text), timeout=10_000)
    QApplication.processEvents()
    failures = {name: low_contrast(top) for name, top in [("window", window), *((d.objectName(), d) for d in opened)]}
    assert {} == {name: found for name, found in failures.items() if found}
    for dialog in opened:
        dialog.close()


def test_the_measure_sees_unreadable_text(qtbot) -> None:
    """The check can fail: black on the dark theme's window colour is found too faint."""
    label = QLabel("Unreadable")
    label.setStyleSheet("QLabel { color: #000000; background: #1f2023; }")
    qtbot.addWidget(label)
    label.show()
    assert painted_contrast(label.grab().toImage()) < 2
