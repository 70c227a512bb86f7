"""One helper for building widgets: give a new widget its objectName (tests and style sheets find it by that)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject

W = TypeVar("W", bound=QObject)


def named(widget: W, name: str) -> W:
    """Return widget with its objectName set to name."""
    widget.setObjectName(name)
    return widget
