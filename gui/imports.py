"""Bringing things into the library from the window: article files, a web address, annotation files.

Each import runs on the job runner with its own library connection; the
window learns of the result by ``articles_imported`` / ``annotations_imported``
and shows errors through Notices.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from storage import Library

from .import_jobs import import_annotations_job, import_files_job, import_url_job
from .jobs import JobHandle, JobRunner
from .notices import Notices
from .settings import WindowSettings


class Imports(QObject):
    """Import requests from menus, the drop target and the command line, as jobs."""

    articles_imported = Signal(list)  # ids of the documents imported (new or updated)
    annotations_imported = Signal(str)  # the import's one-line summary

    def __init__(
        self, library: Library, runner: JobRunner, notices: Notices, settings: WindowSettings, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.library, self.runner, self.notices, self.settings = library, runner, notices, settings
        self._parent = parent

    def import_files(self, paths: list[str]) -> JobHandle:
        """Import files on a pool thread; the last one is opened when they are in."""

        def failed(message: str) -> None:
            self.notices.fail(self.tr("Cannot import"), message)

        def cancelled() -> None:
            self.notices.say(self.tr("Import cancelled; nothing was added."))

        job = import_files_job(self.library.path, paths)
        done = lambda ids: self._on_imported(ids, paths)  # noqa: E731 - read as a name, like the two above
        return self.runner.start(
            job, done, failed, title=self.tr("Importing"), unit=self.tr("files"), on_cancelled=cancelled
        )

    def import_url(self, url: str) -> JobHandle:
        """Fetch and import url on a pool thread (the one network access, asked for by the user)."""
        from documents import load_url  # imported when asked: the fetching code is not needed to read

        self.notices.say(self.tr("Fetching {url}…").format(url=url), 0)
        job = import_url_job(self.library.path, url, load_url)
        return self.runner.start(
            job, lambda ids: self._on_imported(ids, []),
            lambda message: self.notices.fail(self.tr("Cannot open URL"), message), title=self.tr("Fetching"),
        )  # fmt: skip

    def import_annotations(self, path: str) -> JobHandle:
        """Import W3C annotations from path on a pool thread; the counts go to the status bar."""
        return self.runner.start(
            import_annotations_job(self.library.path, path), self.annotations_imported.emit,
            lambda message: self.notices.fail(self.tr("Cannot import annotations"), message),
            title=self.tr("Importing annotations"),
        )  # fmt: skip

    def _on_imported(self, ids: list[int], paths: list[str]) -> None:
        for path in paths:
            self.settings.add_recent_file(str(Path(path).resolve()))
        count = len(ids)
        self.notices.say(self.tr("Imported 1 document") if count == 1 else
                         self.tr("Imported {count} documents").format(count=count))  # fmt: skip
        self.articles_imported.emit(ids)

    # -- asking ----------------------------------------------------------------
    def ask_for_files(self) -> None:
        """Ask for article files and import them."""
        from documents import supported_suffixes  # the importers' list: loads them, when a dialog asks

        patterns = " ".join("*" + suffix for suffix in supported_suffixes())
        paths, _ = QFileDialog.getOpenFileNames(
            self._parent, self.tr("Open Articles"), self.settings.last_folder,
            self.tr("Articles ({patterns})").format(patterns=patterns),
        )  # fmt: skip
        if paths:
            self.settings.set_last_folder(str(Path(paths[0]).parent))
            self.import_files(paths)

    def ask_for_url(self) -> None:
        """Ask for a web address and import it."""
        url, accepted = QInputDialog.getText(self._parent, self.tr("Open URL"), self.tr("Address of the article:"))
        if accepted and url.strip():
            self.import_url(url.strip())

    def ask_for_annotations(self) -> None:
        """Ask for an annotation file and import it."""
        kinds = self.tr("W3C annotations (*.json *.jsonld)")
        path, _ = QFileDialog.getOpenFileName(
            self._parent, self.tr("Import Annotations"), self.settings.last_folder, kinds
        )
        if path:
            self.settings.set_last_folder(str(Path(path).parent))
            self.import_annotations(path)
