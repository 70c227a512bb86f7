"""Starting the app: a fresh library gets the sample; files named on the command line open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from gui.app import open_window
from storage import Library


def test_command_line_file_is_imported_and_opened(qtbot, library: Library, tmp_path: Path) -> None:
    """`claimmark FILE` on a new library seeds the sample, imports FILE on a worker and shows it."""
    article = tmp_path / "vote.txt"
    article.write_text("Council Votes Today\n\nThe council voted seven to six.\n", encoding="utf-8")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)

    window = open_window(library, [str(article)], settings=settings)
    qtbot.addWidget(window)

    qtbot.waitUntil(lambda: "Council Votes Today" in window.windowTitle(), timeout=10_000)
    titles = {d.title for d in library.documents()}
    assert 2 == len(titles) and "Council Votes Today" in titles  # the sample article and the file


def test_unreadable_command_line_file_is_one_dialog(qtbot, library: Library, tmp_path: Path) -> None:
    """A file named on the command line that cannot be read is an error dialog; nothing is imported."""
    bogus = tmp_path / "photo.xyz"
    bogus.write_bytes(b"\x89PNG\r\n")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)

    window = open_window(library, [str(bogus)], settings=settings)
    qtbot.addWidget(window)

    qtbot.waitUntil(lambda: window.error_dialog is not None, timeout=10_000)
    assert "photo.xyz" in window.error_dialog.text()
    assert 1 == len(library.documents())  # only the sample


def test_a_book_read_last_is_prepared_once_the_window_has_painted(qtbot, tmp_path: Path) -> None:
    """An article read last opens before the window shows; a book waits for the window's first paint, then opens."""
    from documents import Block, Document, Metadata
    from gui.document_loader import BACKGROUND_CHARACTERS

    Library(tmp_path / "library.sqlite").close()
    library = Library(tmp_path / "library.sqlite")  # not new: no sample is added
    article, _ = library.import_document(Document(Metadata(title="Short"), [Block("paragraph", "Short one.")]))
    blocks = [Block("paragraph", f"Chapter line {i} " + "and the war went on " * 10) for i in range(1500)]
    book, _ = library.import_document(Document(Metadata(title="Book"), blocks))
    assert len(library.document_text(book.id)) > BACKGROUND_CHARACTERS
    for document_id, at_once in ((article.id, True), (book.id, False)):
        settings = QSettings(str(tmp_path / f"settings-{document_id}.ini"), QSettings.Format.IniFormat)
        settings.setValue("reading/lastDocument", document_id)
        window = open_window(library, [], settings=settings)
        qtbot.addWidget(window)
        assert (window.session.requested_id == document_id) is at_once  # (nothing processed the events yet)
        qtbot.waitUntil(lambda w=window, d=document_id: w.current_document_id == d, timeout=10_000)
        window.close()
    library.close()
