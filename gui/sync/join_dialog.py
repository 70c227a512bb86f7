"""Join a Group…: the server's address, your login name, the group; and leaving a group.

Joining does what ``claimmark group join`` does (``storage.sync.join_group``),
as a job on its own library connection since it talks to the server: a
password typed here goes to libpq's password file (~/.pgpass, only the owner
may read it) and never into the library; with none, libpq finds it in that
file, a pg_service entry or $PGPASSWORD. A failure (wrong address or
password, not a member, not a Claimmark server) is one message in a dialog,
and the form stays open to be corrected.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QWidget

from storage import Library
from storage.progress import Cancel, Progress

from .. import dialogs
from ..jobs import Job, JobRunner

if TYPE_CHECKING:
    from storage.sync import SyncLink


def join_job(library_path: Path, server: str, person: str, password: str, group: str) -> Job:
    """Return a job linking the library at library_path to group (or the person's only one); its result: the link."""

    def job(progress: Progress, cancel: Cancel) -> SyncLink:
        from storage.sync import join_group, with_login

        with Library(library_path) as library:
            return join_group(library, with_login(server, person, password), group.strip() or None)

    return job


class JoinDialog(QDialog):
    """The form of Join a Group…; joined(link) once the library is linked."""

    joined = Signal(object)  # SyncLink

    def __init__(self, library: Library, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("joinDialog")
        self.setWindowTitle(self.tr("Join a Group"))
        self.library, self.runner = library, runner
        self.server = QLineEdit(self)
        self.server.setObjectName("joinServer")
        self.server.setPlaceholderText("host=db.example.org dbname=claimmark")
        self.person = QLineEdit(self)
        self.person.setObjectName("joinPerson")
        self.person.setPlaceholderText(self.tr("your login name on the server"))
        self.password = QLineEdit(self)
        self.password.setObjectName("joinPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("empty: from ~/.pgpass or pg_service"))
        self.group = QLineEdit(self)
        self.group.setObjectName("joinGroup")
        self.group.setPlaceholderText(self.tr("empty when you are in one group only"))
        note = QLabel(self.tr(
            "The password is kept in PostgreSQL's password file (~/.pgpass), readable by you only — "
            "never in the library."), self)  # fmt: skip
        note.setWordWrap(True)
        note.setObjectName("joinNote")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.join_button = self.buttons.addButton(self.tr("&Join"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.join_button.setObjectName("joinButton")
        self.buttons.accepted.connect(self.join)
        self.buttons.rejected.connect(self.reject)
        self.status = QLabel(self)
        self.status.setObjectName("joinStatus")
        layout = QFormLayout(self)
        layout.addRow(self.tr("Server"), self.server)
        layout.addRow(self.tr("Your name"), self.person)
        layout.addRow(self.tr("Password"), self.password)
        layout.addRow(self.tr("Group"), self.group)
        layout.addRow(note)
        layout.addRow(self.status)
        layout.addRow(self.buttons)
        self.error_dialog: QMessageBox | None = None
        self.resize(520, self.sizeHint().height())

    def join(self) -> None:
        """Join with what the form says, on a pool thread; the dialog closes once linked."""
        if not self.server.text().strip():
            self._show_error(self.tr("Give the server's address, e.g. host=db.example.org dbname=claimmark"))
            return
        self.join_button.setEnabled(False)
        self.status.setText(self.tr("Joining…"))
        job = join_job(self.library.path, self.server.text().strip(), self.person.text(), self.password.text(),
                       self.group.text())  # fmt: skip
        self.runner.start(job, self._on_joined, self._on_failed, title=self.tr("Joining"))

    def _on_joined(self, link: SyncLink) -> None:
        self.password.clear()
        self.status.clear()
        self.joined.emit(link)
        self.accept()

    def _on_failed(self, message: str) -> None:
        self.join_button.setEnabled(True)
        self.status.clear()
        self._show_error(message)

    def _show_error(self, message: str) -> None:
        self.error_dialog = dialogs.error_box(self, self.tr("Cannot join the group"), message)


def confirm_leave(parent: QWidget, group: str) -> bool:
    """Ask whether to stop syncing with group (the library keeps all it holds)."""
    answer = QMessageBox.question(
        parent, parent.tr("Leave Group"),
        parent.tr("Stop syncing this library with {group}? It keeps every document and claim it holds.").format(
            group=group),
    )  # fmt: skip
    return answer == QMessageBox.StandardButton.Yes
