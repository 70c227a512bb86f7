"""The status bar's view of running jobs: what runs, how far ("3 of 12 files"), and Cancel."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget
from shiboken6 import isValid

from .jobs import JobHandle, JobRunner


def _tr(text: str) -> str:
    return QCoreApplication.translate("JobProgress", text)


class JobProgress(QWidget):
    """Shown while any job runs: its progress when it reports some (else a busy bar) and a Cancel button."""

    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobProgress")
        self.setAccessibleName(_tr("Work in progress"))
        self.label = QLabel(self)
        self.label.setObjectName("jobProgressLabel")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("jobProgressBar")
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(160)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setObjectName("jobCancel")
        self.cancel_button.setText(_tr("Cancel"))
        self.cancel_button.setAccessibleName(_tr("Cancel the running work"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.bar, self.cancel_button):
            layout.addWidget(widget)
        self.runner = runner
        self._progress: dict[int, tuple[int, int]] = {}
        runner.started.connect(self._on_started)
        runner.ended.connect(self._on_ended)
        self.cancel_button.clicked.connect(self._cancel_shown)
        self.hide()

    def _on_started(self, handle: JobHandle) -> None:
        handle.signals.progress.connect(lambda done, total: self._on_progress(handle, done, total))
        self._show()

    def _on_progress(self, handle: JobHandle, done: int, total: int) -> None:
        if not (isValid(self) and isValid(self.bar)):  # the window went while its job ran: nobody to tell
            return
        self._progress[id(handle)] = (done, total)
        self._show()

    def _on_ended(self, handle: JobHandle) -> None:
        self._progress.pop(id(handle), None)
        self._show()

    def _shown_jobs(self) -> list[JobHandle]:
        return [handle for handle in self.runner.running if not handle.quiet]

    def _cancel_shown(self) -> None:
        for handle in self._shown_jobs():
            handle.cancel()

    def _show(self) -> None:
        running = self._shown_jobs()
        if not running:
            self.hide()
            return
        handle = running[0]
        done, total = self._progress.get(id(handle), (0, 0))
        if len(running) == 1 and total > 1:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            unit = f" {handle.unit}" if handle.unit else ""
            self.label.setText(_tr("{title}: {done} of {total}{unit}").format(
                title=handle.title, done=min(done + 1, total), total=total, unit=unit))  # fmt: skip
        else:
            self.bar.setRange(0, 0)  # busy until the job says how far it is
            more = _tr(" (+{n} more)").format(n=len(running) - 1) if len(running) > 1 else ""
            self.label.setText(f"{handle.title}…{more}" if handle.title else more)
        self.show()
