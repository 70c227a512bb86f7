"""An opt-in probe for the benchmarks: ``CLAIMMARK_PROBE=FILE`` makes the app write what a person would feel.

Each line of FILE is ``NAME MONOTONIC [VALUE]``, stamped with ``time.monotonic()``
(one clock for every process, so a benchmark can stamp the moment before it
starts the app): ``painted ID`` when the reader first paints document ID,
``laid-out ID`` when Qt has laid the whole of it out, ``stall SECONDS``
for every gap of the UI thread's 5 ms heartbeat longer than STALL, and
``collected SECONDS`` for every pass of Python's cyclic collector (on any
thread, the interpreter lock held) longer than COLLECTED. Off unless the
variable is set; nothing else in the app reads it.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from typing import TYPE_CHECKING, TextIO

from PySide6.QtCore import QEvent, QObject, QTimer

if TYPE_CHECKING:
    from .document_loader import PreparedDocument
    from .main_window import MainWindow

PROBE_VARIABLE = "CLAIMMARK_PROBE"
HEARTBEAT_MS = 5
STALL = 0.010  # gaps longer than this (seconds) are written
COLLECTED = 0.005  # collector passes longer than this (seconds) are written


class Probe(QObject):
    """Writes stamps of first paint, layout complete and every UI-thread stall to a file."""

    def __init__(self, stream: TextIO, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stream = stream
        self._last: float | None = None  # the last heartbeat (None before the event loop runs)
        self._awaiting_paint: int | None = None  # a document shown but not yet painted
        self._heartbeat = QTimer(self, interval=HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._beat)
        self._heartbeat.start()
        self._lock = threading.Lock()  # (a collector pass may end on a pool thread)
        self._collecting: dict[int, float] = {}  # thread id -> when its pass began
        gc.callbacks.append(self._on_collector)
        self.stamp("probe")

    def close(self) -> None:
        """Stop stamping (the collector's passes and the heartbeat)."""
        if self._on_collector in gc.callbacks:
            gc.callbacks.remove(self._on_collector)
        self._heartbeat.stop()

    def stamp(self, name: str, value: object = "") -> None:
        """Write one line: name, the monotonic clock and value."""
        with self._lock:
            self._stream.write(f"{name} {time.monotonic():.6f} {value}\n")
            self._stream.flush()

    def _on_collector(self, phase: str, info: dict[str, int]) -> None:
        now, thread = time.monotonic(), threading.get_ident()
        if phase == "start":
            self._collecting[thread] = now
            return
        began = self._collecting.pop(thread, None)
        if began is not None and now - began > COLLECTED:
            self.stamp("collected", f"{now - began:.6f}")

    def watch(self, window: MainWindow) -> None:
        """Stamp the window's first paint of each document it shows, and the end of its layout."""
        window.session.shown.connect(self._on_shown)
        self._awaiting_paint = window.current_document_id  # an article opens before the window shows
        window.reader.laid_out.connect(self._on_laid_out)
        self._window = window
        window.reader.viewport().installEventFilter(self)

    def _on_laid_out(self) -> None:
        if self._window.current_document_id is not None:  # (not the empty page the window starts with)
            self.stamp("laid-out", self._window.current_document_id)

    def _on_shown(self, prepared: PreparedDocument) -> None:
        self._awaiting_paint = prepared.stored.id

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._awaiting_paint is not None:
            shown, self._awaiting_paint = self._awaiting_paint, None
            QTimer.singleShot(0, lambda: self.stamp("painted", shown))  # once this paint is done
        return False

    def _beat(self) -> None:
        now = time.monotonic()
        if self._last is not None and now - self._last > STALL:
            self.stamp("stall", f"{now - self._last:.6f}")
        self._last = now


def install(parent: QObject) -> Probe | None:
    """Start a probe writing to $CLAIMMARK_PROBE, when it is set."""
    path = os.environ.get(PROBE_VARIABLE)
    if not path:
        return None
    return Probe(open(path, "a", encoding="utf-8"), parent)
