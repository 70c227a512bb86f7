"""The floating bar shown by a fresh selection: Fact / Opinion / Quote / Note."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QToolButton, QWidget


class SelectionBar(QFrame):
    """A small row of the tagging actions, floating just above (or below) the selection."""

    def __init__(self, actions: list[QAction], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("selectionBar")
        self.setAccessibleName(self.tr("Tag the selection"))
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(4, 3, 4, 3)
        self._layout.setSpacing(2)
        self.set_actions(actions)
        self.hide()

    def set_actions(self, actions: list[QAction]) -> None:
        """Show one button per action (the claim types changed: rebuild them)."""
        for button in self.findChildren(QToolButton):
            self._layout.removeWidget(button)
            button.deleteLater()
        for action in actions:
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the reader keeps focus and its selection
            self._layout.addWidget(button)

    def show_near(self, selection: QRect) -> None:
        """Show the bar centred above selection (a rect in the parent's coordinates), or below it."""
        self.adjustSize()
        parent = self.parentWidget()
        if parent is None:
            return
        x = selection.center().x() - self.width() // 2
        y = selection.top() - self.height() - 6
        if y < 0:
            y = selection.bottom() + 6
        x = max(4, min(x, parent.width() - self.width() - 4))
        y = max(4, min(y, parent.height() - self.height() - 4))
        self.move(QPoint(x, y))
        self.show()
        self.raise_()
