"""A filter box of the claims view: "any", or one or more of its values ticked in its list.

A QComboBox whose items (after the first, "any") are checkable: a click or Space in
the open list ticks or unticks an item and the list stays open, so several types,
speakers or tags can be chosen in one go; Enter ticks and closes; "any" unticks
everything. With the list closed, the arrow keys and the wheel choose exactly one
value, as a plain box does. The box shows what is ticked ("Opinion, Quote"),
elided to its width, with the whole of it as its tooltip.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QMouseEvent, QPaintEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QStyle, QStyledItemDelegate, QStyleOptionComboBox, QStylePainter, QWidget

ANY = None  # the data of the first item
NameRole = Qt.ItemDataRole.UserRole + 1  # an item's name without its count ("Opinion"), for the box's text
_TICKED, _UNTICKED = Qt.CheckState.Checked.value, Qt.CheckState.Unchecked.value  # as the item model keeps them
_TOGGLING_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Select)
_CLOSING_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ChoiceBox(QComboBox):
    """ "Any" or the ticked values; ``chosen_changed`` whenever the ticks change."""

    chosen_changed = Signal()

    def __init__(self, anything: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._anything = anything
        self._pressed_in_list = False  # a press in the open list came before its release (else: the opening click)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setItemDelegate(QStyledItemDelegate(self))  # draws the items' check boxes in the list
        any_item = QStandardItem(anything)
        any_item.setData(ANY, Qt.ItemDataRole.UserRole)
        self._model.appendRow(any_item)
        self.view().viewport().installEventFilter(self)  # (last installed, so first asked: before the list closes)
        self.view().installEventFilter(self)
        self.activated.connect(self._on_activated)

    # -- values --------------------------------------------------------------------------
    def add_value(self, text: str, value: Any, name: str = "") -> None:
        """Offer value, shown as text (with its count), named name in the box's summary."""
        item = QStandardItem(text)
        item.setData(value, Qt.ItemDataRole.UserRole)
        item.setData(name or text, NameRole)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        item.setData(_UNTICKED, Qt.ItemDataRole.CheckStateRole)
        self._model.appendRow(item)

    def clear_values(self) -> None:
        """Offer nothing but "any"."""
        self._model.removeRows(1, self._model.rowCount() - 1)

    def values(self) -> tuple[Any, ...]:
        """The ticked values, in the list's order (none: any)."""
        return tuple(self._item(row).data(Qt.ItemDataRole.UserRole) for row in self._ticked_rows())

    def set_values(self, values: tuple[Any, ...] | list[Any]) -> None:
        """Tick exactly these values (those the box offers); chosen_changed if that changed anything."""
        wanted = set(values)
        before = self.values()
        for row in range(1, self._model.rowCount()):
            item = self._item(row)
            item.setData(_TICKED if item.data(Qt.ItemDataRole.UserRole) in wanted else _UNTICKED,
                         Qt.ItemDataRole.CheckStateRole)  # fmt: skip
        self._values_changed(before)

    def toggle(self, value: Any) -> bool:
        """Tick value, or untick it when ticked; False when the box does not offer it."""
        row = self.findData(value)
        if row <= 0:
            return False
        self._toggle_row(row)
        return True

    def summary(self) -> str:
        """What the box shows: "any", or the ticked values' names."""
        rows = self._ticked_rows()
        if len(rows) == 1:
            return self._item(rows[0]).text()
        return ", ".join(str(self._item(row).data(NameRole)) for row in rows) if rows else self._anything

    # -- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        option.currentText = self.fontMetrics().elidedText(self.summary(), Qt.TextElideMode.ElideRight, field.width())
        option.currentIcon = QIcon()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    # -- input ---------------------------------------------------------------------------
    def showPopup(self) -> None:
        self._pressed_in_list = False
        super().showPopup()

    def hidePopup(self) -> None:
        super().hidePopup()
        self._follow_ticks()  # (closing the list does not choose its current row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view().viewport() and event.type() == QEvent.Type.MouseButtonPress:
            self._pressed_in_list = True
        if watched is self.view().viewport() and event.type() == QEvent.Type.MouseButtonRelease:
            assert isinstance(event, QMouseEvent)
            index = self.view().indexAt(event.position().toPoint())
            # The release of the press that opened the list lands on the row over the box: not a tick.
            if index.isValid() and self._pressed_in_list:
                self._pick(index, close=index.row() == 0)
            return True  # the list stays open for the next tick
        if watched is self.view() and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _TOGGLING_KEYS or event.key() in _CLOSING_KEYS:
                index = self.view().currentIndex()
                if index.isValid():
                    self._pick(index, close=event.key() in _CLOSING_KEYS or index.row() == 0)
                return True
        return super().eventFilter(watched, event)

    def _pick(self, index: QModelIndex, close: bool) -> None:
        if index.row() == 0:
            self.set_values(())
        else:
            self._toggle_row(index.row())
        if close:
            self.hidePopup()

    def _on_activated(self, row: int) -> None:
        """The arrow keys or the wheel, the list closed: exactly that value (the first item: any)."""
        self.set_values(() if row <= 0 else (self._item(row).data(Qt.ItemDataRole.UserRole),))
        self._follow_ticks()

    # -- helpers -------------------------------------------------------------------------
    def _item(self, row: int) -> QStandardItem:
        item = self._model.item(row)
        assert item is not None
        return item

    def _ticked_rows(self) -> list[int]:
        return [row for row in range(1, self._model.rowCount())
                if self._item(row).data(Qt.ItemDataRole.CheckStateRole) == _TICKED]  # fmt: skip

    def _toggle_row(self, row: int) -> None:
        before = self.values()
        item = self._item(row)
        ticked = item.data(Qt.ItemDataRole.CheckStateRole) == _TICKED
        item.setData(_UNTICKED if ticked else _TICKED, Qt.ItemDataRole.CheckStateRole)
        self._values_changed(before)

    def _follow_ticks(self) -> None:
        """Make the box's current item the one value ticked (else "any"): where the arrow keys go on from."""
        rows = self._ticked_rows()
        self.blockSignals(True)
        self.setCurrentIndex(rows[0] if len(rows) == 1 else 0)
        self.blockSignals(False)

    def _values_changed(self, before: tuple[Any, ...]) -> None:
        if not self.view().isVisible():  # (while the list is open, its current row is where the keys tick)
            self._follow_ticks()
        summary = self.summary()
        self.setToolTip(summary)
        self.setAccessibleDescription(summary)
        self.update()
        if self.values() != before:
            self.chosen_changed.emit()
