"""Lay a long document out in small steps, so that Qt's lazy layout never stalls the UI thread.

Qt's QTextDocumentLayout lays a document out from a timer, in steps that double
up to 200,000 characters: on War and Peace (3.2 MB) that is 16-21 steps of
50-170 ms each, every one a frozen window. The driver filters the layout's
timer events while the layout is incomplete and lays out STEP characters
itself each time one fires (``blockBoundingRect`` of a block lays the document
out up to it), then tells the view that the laid-out height grew, as Qt's own
step would. A step is a few milliseconds; the whole book takes about as long
as Qt takes, with the event loop free between steps. The steps are a number of
characters, not a time: how far one step goes never depends on the machine.

A request to show a place the layout has not reached yet (a reading place, a
chapter, a claim) waits until the steps get there, instead of laying the book
out up to it in one go; a place within AT_ONCE characters of where the layout
is (anywhere in an article) is laid out to at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSizeF, Signal
from PySide6.QtGui import QTextBlock, QTextDocument

STEP = 5_000  # characters laid out per step: 3-4 ms on this project's machine (10 ms when it is busy)
AT_ONCE = 100_000  # a place this close to the layout's frontier is laid out to at once (an article; ~50 ms)


class LayoutDriver(QObject):
    """Steps the layout of the document it drives; says when all of it is laid out."""

    laid_out = Signal()  # the whole document is laid out (again, after a relayout)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document: QTextDocument | None = None
        self._layout: QObject | None = None
        self._finished = True
        self._waiting: tuple[int, Callable[[], None]] | None = None  # a position and what to do once it is laid out

    def drive(self, document: QTextDocument) -> None:
        """Take over the layout of document (and stop driving the previous one)."""
        if self._layout is not None:
            self._layout.removeEventFilter(self)
        self._document, self._waiting, self._finished = document, None, False
        self._layout = document.documentLayout()
        self._layout.installEventFilter(self)

    def check(self) -> None:
        """Say laid_out if the layout is complete already (a short document is laid out without any step)."""
        if self.complete():
            self._finish()

    def complete(self) -> bool:
        """Whether the whole document is laid out (its last block is)."""
        return self._document is None or _laid_out(self._document.lastBlock())

    def reached(self, position: int) -> bool:
        """Whether the layout has reached Qt position (its block is laid out)."""
        return self._document is None or _laid_out(self._document.findBlock(position))

    def when_reached(self, position: int, action: Callable[[], None]) -> None:
        """Call action now if position is laid out (or near), else once the steps get there (a later request wins)."""
        if not self.reached(position) and position - self._frontier().position() <= AT_ONCE:
            assert self._document is not None and self._layout is not None
            self._layout.blockBoundingRect(self._document.findBlock(position))  # type: ignore[attr-defined]
        if self.reached(position):
            self._waiting = None
            action()
        else:
            self._waiting = (position, action)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self._layout or event.type() != QEvent.Type.Timer:
            return False
        if self.complete():
            self._finish()
            return False  # Qt's own timers: the final size reaches the view
        self._step()
        return True

    def _step(self) -> None:
        assert self._document is not None and self._layout is not None
        self._finished = False
        target = self._document.findBlock(self._frontier().position() + STEP)
        if not target.isValid():
            target = self._document.lastBlock()
        self._layout.blockBoundingRect(target)  # type: ignore[attr-defined]
        self._layout.documentSizeChanged.emit(QSizeF())  # type: ignore[attr-defined]  # the view extrapolates
        if self._waiting is not None and self.reached(self._waiting[0]):
            action, self._waiting = self._waiting[1], None
            action()
        if self.complete():
            self._finish()

    def _finish(self) -> None:
        if not self._finished:
            self._finished = True
            if self._waiting is not None:
                action, self._waiting = self._waiting[1], None
                action()
            self.laid_out.emit()

    def _frontier(self) -> QTextBlock:
        """The first block not laid out yet (Qt lays out in order, so the laid-out ones come first)."""
        assert self._document is not None
        low, high = 0, self._document.blockCount() - 1
        while low < high:
            middle = (low + high) // 2
            if _laid_out(self._document.findBlockByNumber(middle)):
                low = middle + 1
            else:
                high = middle
        return self._document.findBlockByNumber(low)


def _laid_out(block: QTextBlock) -> bool:
    layout = block.layout()
    return layout is not None and layout.lineCount() > 0
