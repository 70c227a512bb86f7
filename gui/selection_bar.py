"""The floating bar shown by a fresh selection: Fact / Opinion / Quote / Note."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QToolButton, QWidget


class SelectionBar(QFrame):
    """The tagging actions beside a fresh selection: a column of icons in the margin, or a row above it."""

    def __init__(self, actions: list[QAction], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("selectionBar")
        self.setAccessibleName(self.tr("Tag the selection"))
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.reason = QLabel(self)  # the assistant's one-line reason for the type it marks
        self.reason.setObjectName("selectionBarReason")
        self.reason.hide()
        self._layout.setContentsMargins(4, 3, 4, 3)
        self._layout.setSpacing(2)
        self.set_actions(actions)
        self.hide()

    def set_actions(self, actions: list[QAction]) -> None:
        """Show one button per action (the claim types changed: rebuild them)."""
        for button in self.findChildren(QToolButton):
            self._layout.removeWidget(button)
            button.deleteLater()
        self._layout.removeWidget(self.reason)
        for action in actions:
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the reader keeps focus and its selection
            self._layout.addWidget(button)
        self._layout.addWidget(self.reason)

    def show_suggestion(self, action_name: str, reason: str) -> None:
        """Mark the button of the suggested type and say why ("" for none); nothing is tagged by it."""
        for button in self.findChildren(QToolButton):
            action = button.defaultAction()
            marked = bool(action_name) and action is not None and action.objectName() == action_name
            button.setProperty("suggested", marked)
            button.style().unpolish(button)
            button.style().polish(button)
        self.reason.setText(reason)
        self.setToolTip(reason)

    def _set_column(self, column: bool) -> None:
        """A column of icons (for the margin) or a row of icons and names (over the text)."""
        self._layout.setDirection(QBoxLayout.Direction.TopToBottom if column else QBoxLayout.Direction.LeftToRight)
        self.reason.setVisible(not column and bool(self.reason.text()))  # in the margin, the tooltip says why
        style = Qt.ToolButtonStyle.ToolButtonIconOnly if column else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        for button in self.findChildren(QToolButton):
            button.setToolButtonStyle(style)
        self.adjustSize()

    def show_near(self, selection: QRect, text_right: int | None = None) -> None:
        """Show the bar beside the selection, in the margin right of the text column when it fits there.

        Over the text it would hide the words around the selection; only when the margin is too narrow
        does it sit centred above the selection (or below it, at the top of the page).
        """
        parent = self.parentWidget()
        if parent is None:
            return
        self._set_column(True)
        if text_right is not None and text_right + 8 + self.width() <= parent.width() - 4:
            x, y = text_right + 8, selection.top()
        else:
            self._set_column(False)
            x = selection.center().x() - self.width() // 2
            y = selection.top() - self.height() - 6
            if y < 0:
                y = selection.bottom() + 6
        x = max(4, min(x, parent.width() - self.width() - 4))
        y = max(4, min(y, parent.height() - self.height() - 4))
        self.move(QPoint(x, y))
        self.show()
        self.raise_()
