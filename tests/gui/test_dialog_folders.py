"""File dialogs start in the folder chosen last (import and export), also in the next window, not where it started."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from storage import Library


class FakeDialogs:
    """Stands in for the platform's file dialogs: records where each one starts, answers the next chosen path."""

    def __init__(self) -> None:
        self.started_in: list[str] = []
        self.answer = ""

    def open_files(self, parent: object, caption: str, directory: str, *rest: object) -> tuple[list[str], str]:
        self.started_in.append(directory)
        return ([self.answer] if self.answer else []), ""

    def save_file(self, parent: object, caption: str, directory: str, *rest: object) -> tuple[str, str]:
        self.started_in.append(directory)
        return self.answer, ""


@pytest.fixture
def dialogs(monkeypatch) -> FakeDialogs:
    """QFileDialog's static open/save functions replaced by a FakeDialogs."""
    fake = FakeDialogs()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", fake.open_files)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake.save_file)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake.save_file)  # one path back, like Save
    return fake


def test_open_articles_starts_where_the_last_file_was_chosen(make_window, library, dialogs, tmp_path) -> None:
    """After a file from folder A is opened, Open Articles starts in A, in this window and in the next one."""
    folder = tmp_path / "A"
    folder.mkdir()
    (folder / "vote.txt").write_text("Council Vote\n\nThe council voted on Monday.\n", encoding="utf-8")
    window = make_window(library)
    dialogs.answer = str(folder / "vote.txt")
    window.findChild(QAction, "actionImport").trigger()
    dialogs.answer = ""
    window.findChild(QAction, "actionImport").trigger()
    window.close()
    make_window(library).findChild(QAction, "actionImport").trigger()
    assert str(folder) == dialogs.started_in[1] == dialogs.started_in[2]


def test_export_save_starts_in_the_last_folder_and_remembers_its_own(
    qtbot, make_window, library: Library, dialogs, tmp_path: Path, sample_path: Path
) -> None:
    """Save… in the Export dialog starts in the last folder with the note's name; where it saves is next."""
    from documents import load_path

    summary, _ = library.import_document(load_path(sample_path))
    window = make_window(library)
    window.settings.set_last_folder(str(tmp_path / "A"))
    window.open_document(summary.id)
    window.findChild(QAction, "actionExport").trigger()
    dialog = window.export_dialog
    qtbot.waitUntil(lambda: bool(dialog.text), timeout=10_000)
    (tmp_path / "B").mkdir()
    dialogs.answer = str(tmp_path / "B" / "claims.md")
    QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert Path(dialogs.started_in[0]).parent == tmp_path / "A"
    assert dialogs.started_in[0].endswith(".md")
    assert str(tmp_path / "B") == window.settings.last_folder
    dialog.close()


def test_compare_with_key_opens_the_key_where_the_last_file_was_chosen(
    make_window, library: Library, dialogs, tmp_path: Path, sample_path: Path
) -> None:
    """Compare with Key…'s key file dialog starts in the last folder, and choosing a key there is remembered."""
    from documents import load_path
    from storage.export.w3c_export import export_json

    summary, _ = library.import_document(load_path(sample_path))
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "key.json").write_text(export_json(library, [summary.id]), encoding="utf-8")
    window = make_window(library)
    window.settings.set_last_folder(str(tmp_path / "A"))
    window.open_document(summary.id)
    dialog = window.compare_with_key()
    dialogs.answer = str(keys / "key.json")
    QTest.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
    assert [str(tmp_path / "A")] == dialogs.started_in
    assert str(keys) == window.settings.last_folder
    dialog.close()
