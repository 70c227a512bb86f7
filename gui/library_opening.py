"""Opening the library for the window: a damaged one offers its newest good backup; a foreign one is never touched.

Also the daily backup, taken on a pool thread after the window shows (it
copies the whole library, which the UI thread must not wait for).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from storage import Library, LibraryError
from storage.backup import BackupError, daily_backup_due, make_backup, newest_good_backup, restore_backup
from storage.errors import DamagedLibrary
from storage.progress import Cancel, Progress

from .jobs import Job


def _tr(text: str) -> str:
    return QCoreApplication.translate("library_opening", text)


def open_library(path: Path, parent: QWidget | None = None) -> Library | None:
    """Open the library at path for the window, or return None after telling the user why it cannot be.

    A damaged library offers to restore its newest good backup (the damaged file is kept);
    a foreign or newer file is reported and never changed.
    """
    try:
        return Library(path, backups=False)  # the daily backup runs as a job once the window shows
    except DamagedLibrary as error:
        return _offer_backup(path, str(error), parent)
    except LibraryError as error:
        QMessageBox.critical(parent, _tr("Claimmark"), str(error))
        return None


def _offer_backup(path: Path, message: str, parent: QWidget | None) -> Library | None:
    backup = newest_good_backup(path)
    if backup is None:
        QMessageBox.critical(parent, _tr("Claimmark"), message + "\n\n" + _tr("There is no backup to restore."))
        return None
    box = QMessageBox(QMessageBox.Icon.Critical, _tr("The library is damaged"), message, parent=parent)
    box.setObjectName("damagedLibraryDialog")
    box.setInformativeText(
        _tr("Restore the backup taken {taken}? The damaged file is kept.").format(taken=backup.taken)
    )
    restore = box.addButton(_tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not restore:
        return None
    try:
        restore_backup(path, backup.path)
        return Library(path, backups=False)
    except (BackupError, LibraryError) as error:
        QMessageBox.critical(parent, _tr("Claimmark"), str(error))
        return None


def daily_backup_job(path: Path) -> Job | None:
    """Return a job taking today's backup of the library, or None when today's is already there."""
    if not daily_backup_due(path):
        return None

    def job(progress: Progress, cancel: Cancel) -> str:
        with Library(path, backups=False) as library:
            return str(make_backup(library.conn, path, "daily"))

    return job
