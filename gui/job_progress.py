"""A small progress bar in the status bar while imports, exports or book preparation run."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QWidget

from .workers import WorkerSignals


class JobProgress(QProgressBar):
    """Shown while any tracked job runs: its progress when it reports some, else a busy bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobProgress")
        self.setAccessibleName(self.tr("Work in progress"))
        self.setTextVisible(False)
        self.setMaximumWidth(160)
        self._jobs: set[WorkerSignals] = set()
        self.hide()

    def track(self, signals: WorkerSignals) -> None:
        """Show progress for the job behind signals until it finishes or fails."""
        self._jobs.add(signals)
        signals.progress.connect(self._on_progress)
        signals.finished.connect(lambda _: self._on_ended(signals))
        signals.failed.connect(lambda _: self._on_ended(signals))
        self.setRange(0, 0)  # busy until the job says how far it is
        self.show()

    def _on_progress(self, done: int, total: int) -> None:
        if len(self._jobs) == 1 and total > 1:  # one job with steps to count: show them
            self.setRange(0, total)
            self.setValue(done)

    def _on_ended(self, signals: WorkerSignals) -> None:
        self._jobs.discard(signals)
        if not self._jobs:
            self.hide()
