"""Every format imports through the window's own path (File > Open and drag and drop), off the UI thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent

from storage import Library

SENTENCE = "The council voted seven to six on Monday."


def _files(make, folder: Path) -> dict[str, Path]:
    """One small article per format, each holding SENTENCE."""
    contents = {
        "txt": f"Council Vote\n\n{SENTENCE}\n".encode(),
        "md": f"# Council Vote\n\n{SENTENCE}\n".encode(),
        "html": f"<html><head><title>Council Vote</title></head><body><article><h1>Council Vote</h1>"
        f"<p>{SENTENCE}</p><p>Residents will vote on the wider plan in October.</p></article></body></html>".encode(),
        "epub": make.epub([make.Chapter("c1.xhtml", f"<h1>Council Vote</h1><p>{SENTENCE}</p>", "Council Vote")]),
        "docx": make.docx([make.para("Council Vote", "Heading1"), make.para(SENTENCE), make.para("From Word.")]),
        "pdf": make.pdf([["Council Vote", SENTENCE]]),
    }
    paths = {}
    for suffix, data in contents.items():
        paths[suffix] = folder / f"vote.{suffix}"
        paths[suffix].write_bytes(data)
    return paths


@pytest.fixture
def window(qtbot, library: Library, tmp_path: Path):
    """A shown main window on a fresh library, with settings in tmp_path."""
    from gui.main_window import MainWindow

    main = MainWindow(library, settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.show()
    return main


@pytest.mark.parametrize("suffix", ["txt", "md", "html", "epub", "docx", "pdf"])
def test_each_format_imports_from_the_window(qtbot, window, make, tmp_path: Path, suffix: str) -> None:
    """File > Open's import runs on a worker, then the article is listed and shown with its text."""
    path = _files(make, tmp_path)[suffix]
    window.import_files([str(path)])
    qtbot.waitUntil(lambda: window.current_document_id is not None, timeout=15_000)
    assert SENTENCE in window.reader.text
    assert [path.resolve().as_posix()] == [d.source for d in window.library.documents()]


def test_dropped_files_are_imported(qtbot, window, make, tmp_path: Path) -> None:
    """Dropping an EPUB and a Word file on the window imports both."""
    files = _files(make, tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(files["epub"])), QUrl.fromLocalFile(str(files["docx"]))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    window.dropEvent(event)
    qtbot.waitUntil(lambda: len(window.library.documents()) == 2, timeout=15_000)
    assert {"epub", "docx"} == {d.format for d in window.library.documents()}
