"""Find in the document (Ctrl+F): matches counted over the canonical text, next and previous, the current one shown.

Matching runs on the Python text (case-insensitive, in C through ``re``), never
through Qt's layout, so counting every "the" of a book is one pass over it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

MAX_MATCHES = 100_000  # a bound on the work of one search; the count says "100,000+" beyond it


def find_all(text: str, needle: str) -> list[int]:
    """Return the start offsets of needle in text (case-insensitive, at most MAX_MATCHES)."""
    if not needle:
        return []
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    found = []
    for match in pattern.finditer(text):
        found.append(match.start())
        if len(found) >= MAX_MATCHES:
            break
    return found


class FindBar(QWidget):
    """A bar under the reader: the words to find, "3 of 12", previous, next and close."""

    match_chosen = Signal(int, int)  # canonical start, end of the current match
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.field = QLineEdit(self)
        self.field.setObjectName("findField")
        self.field.setPlaceholderText(self.tr("Find in the document"))
        self.field.setAccessibleName(self.tr("Find in the document"))
        self.field.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setObjectName("findCount")
        self.previous_button = self._button("findPrevious", self.tr("Previous"), self.previous)
        self.next_button = self._button("findNext", self.tr("Next"), self.next)
        self.close_button = self._button("findClose", self.tr("Close"), self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        for widget in (self.field, self.count, self.previous_button, self.next_button, self.close_button):
            layout.addWidget(widget)
        self.text = ""
        self.matches: list[int] = []
        self.current = -1
        self._debounce = QTimer(self, singleShot=True, interval=120)
        self._debounce.timeout.connect(self.search)
        self.field.textChanged.connect(lambda _: self._debounce.start())
        self.field.returnPressed.connect(self.next)
        self.hide()

    def _button(self, name: str, text: str, slot: object) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.clicked.connect(slot)
        return button

    def set_text(self, text: str) -> None:
        """Search this document's canonical text from now on."""
        self.text = text
        if self.isVisible() and self.field.text():
            self.search()
        else:
            self.matches, self.current = [], -1

    def open_bar(self, selected: str = "") -> None:
        """Show the bar with the field focused (filled with the selected words, if any)."""
        self.show()
        if selected and "\n" not in selected:
            self.field.setText(selected)
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        """Hide the bar; the reader gets the focus back."""
        self.hide()
        self.closed.emit()

    def search(self, near: int = 0) -> None:
        """Find every match of the field's words; make the first one at or after near current."""
        self._debounce.stop()
        self.matches = find_all(self.text, self.field.text())
        self.current = -1
        if self.matches:
            self._choose(min(bisect_left(self.matches, near), len(self.matches) - 1))
        self._show_count()

    def next(self) -> None:
        """Go to the next match (wrapping round)."""
        if self._debounce.isActive() or not self.matches:
            self.search()
            return
        self._choose((self.current + 1) % len(self.matches))

    def previous(self) -> None:
        """Go to the previous match (wrapping round)."""
        if self._debounce.isActive() or not self.matches:
            self.search()
            return
        self._choose((self.current - 1) % len(self.matches))

    def search_from(self, offset: int) -> None:
        """Make the first match after offset current (a new search starts where the reader is)."""
        if self.matches:
            self._choose(bisect_right(self.matches, offset) % len(self.matches))

    def _choose(self, index: int) -> None:
        self.current = index
        start = self.matches[index]
        self._show_count()
        self.match_chosen.emit(start, start + len(self.field.text()))

    def _show_count(self) -> None:
        if not self.field.text():
            self.count.setText("")
        elif not self.matches:
            self.count.setText(self.tr("No matches"))
        else:
            total = f"{len(self.matches):,}" + ("+" if len(self.matches) >= MAX_MATCHES else "")
            self.count.setText(self.tr("{current} of {total}").format(current=self.current + 1, total=total))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)
