"""Updating the open document in the window: progress on a worker, orphans, re-attaching, what changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from documents import load_path
from gui.annotation_model import StatusRole
from gui.orphans import OrphanListModel
from gui.update_jobs import update_document_job
from storage import Annotation, Library, find_occurrence
from storage.anchoring import ReanchorCancelled
from storage.anchoring.versions import current_version

from .conftest import drag_select

OLD = (
    "Harbour town bans cruise ships\n\n"
    "The council voted seven to six on Monday to ban cruise ships from the harbour.\n\n"
    "Fishermen welcomed the decision, saying the ships had crowded the quay for years.\n\n"
    "Shopkeepers said the ban would cost them a third of their summer takings.\n"
)
NEW = (
    "Harbour town bans cruise ships\n\n"
    "The council voted seven to five on Monday to ban cruise ships from the harbour.\n\n"
    "Fishermen welcomed the decision, saying the ships had crowded the quay for years.\n\n"
    "Traders said the season would be hard, but the town would adapt.\n"
)
QUOTES = {
    "vote": "The council voted seven to six on Monday",
    "fishermen": "Fishermen welcomed the decision",
    "shop": "Shopkeepers said the ban would cost them a third",
}


@pytest.fixture
def article(library: Library, tmp_path: Path) -> tuple[int, Path, dict[str, str]]:
    """The old article imported from a file with three tagged claims; returns (id, file, uuid by key)."""
    path = tmp_path / "harbour.txt"
    path.write_text(OLD, encoding="utf-8")
    summary, _ = library.import_document(load_path(path))
    text = library.document_text(summary.id)
    uuids = {}
    for key, quote in QUOTES.items():
        start, end = find_occurrence(text, quote)
        uuids[key] = library.add_annotation(summary.id, start, end, "fact", note=f"about {key}").uuid
    return summary.id, path, uuids


@pytest.fixture
def window(make_window, library: Library, article):
    """A window showing the annotated article."""
    window = make_window(library)
    window.open_document(article[0])
    return window


def _update(qtbot, window, document_id: int, source) -> dict[str, int]:
    with qtbot.waitSignal(window.document_updates.update_finished, timeout=10_000) as finished:
        window.document_updates.update(document_id, source)
    return finished.args[1]


def test_update_from_file_carries_claims_over_and_shows_them(qtbot, window, library: Library, article, tmp_path):
    """Updating shows the new text, the changed claim's card says changed, the orphan is listed, nothing lost."""
    document_id, _, uuids = article
    new_path = tmp_path / "harbour-corrected.txt"
    new_path.write_text(NEW, encoding="utf-8")
    counts = _update(qtbot, window, document_id, str(new_path))
    assert {"anchored": 0, "moved": 1, "changed": 1, "orphaned": 1} == counts
    assert "seven to five" in window.reader.document().toPlainText()
    model = window.annotation_panel.model
    assert "changed" == model.index(model.row_of(uuids["vote"])).data(StatusRole)
    orphans = window.document_updates.orphans
    assert orphans.isVisible() and 1 == orphans.model.rowCount()
    assert "Shopkeepers said the ban" in orphans.model.index(0).data()
    assert 3 == len(library.annotations(document_id))
    assert "Updated: 0 in place, 1 moved, 1 changed, 1 orphaned" == window.statusBar().currentMessage()


def test_what_changed_view_marks_the_differing_words(qtbot, window, article, tmp_path):
    """After an update, the side-by-side view shows old and new wording with only the changed word marked."""
    document_id, path, _ = article
    path.write_text(NEW, encoding="utf-8")
    _update(qtbot, window, document_id, str(path))
    view = window.document_updates.changes_view
    assert view is not None and view.isVisible() and "changesView" == view.objectName()
    html = view.browser.toHtml()
    assert "six" in html and "five" in html and "Shopkeepers said the ban" in html
    assert "line-through" in html
    assert window.document_updates.changes_action.isEnabled()
    assert "1 claim reads differently; 1 is no longer found in the text." == view.summary.text()


def test_orphan_is_reattached_to_selected_text_and_undo_restores_it(qtbot, window, library: Library, article):
    """Select new text, choose the orphan, press Re-attach: it is anchored there; Undo orphans it again."""
    document_id, path, uuids = article
    path.write_text(NEW, encoding="utf-8")
    _update(qtbot, window, document_id, str(path))
    text = library.document_text(document_id)
    start = text.index("Traders said the season would be hard")
    drag_select(window.reader, start, start + len("Traders said the season would be hard"))
    section = window.document_updates.orphans
    section.view.selectionModel().setCurrentIndex(section.model.index(0), QItemSelectionModel.SelectionFlag.Select)
    QTest.mouseClick(section.button, Qt.MouseButton.LeftButton)
    reattached = library.annotation(uuids["shop"])
    assert ("anchored", "Traders said the season would be hard") == (reattached.status, reattached.exact)
    assert ("about shop", "fact") == (reattached.note, reattached.claim_type)
    assert not section.isVisible()
    assert uuids["shop"] in {a.uuid for a in window.reader.annotations_at(start)}
    window.window_actions.undo.trigger()  # Edit > Undo (the What Changed window has the focus)
    assert "orphaned" == library.annotation(uuids["shop"]).status
    assert section.isVisible()


def test_reattach_without_selection_only_explains(window, library: Library, article) -> None:
    """Pressing Re-attach with nothing selected changes nothing and says what to do."""
    window.document_updates._on_reattach_requested(article[2]["shop"])
    assert "anchored" == library.annotation(article[2]["shop"]).status
    assert "Select the text this claim belongs to first" == window.statusBar().currentMessage()


def _open_after_file_changed(qtbot, make_window, library: Library, document_id: int, path: Path):
    """Rewrite the article's file with NEW (newer than its import), open the document, wait for the question."""
    path.write_text(NEW, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))
    window = make_window(library)
    window.open_document(document_id)
    qtbot.waitUntil(lambda: window.document_updates.question is not None, timeout=10_000)
    return window


def test_changed_file_on_disk_is_loaded_only_after_asking(qtbot, make_window, library: Library, article) -> None:
    """Opening a document whose file changed asks first; Yes loads the new version, once."""
    document_id, path, _ = article
    window = _open_after_file_changed(qtbot, make_window, library, document_id, path)
    box = window.document_updates.question
    assert "sourceChangedDialog" == box.objectName() and "harbour.txt" in box.text()
    assert 1 == current_version(library, document_id)  # nothing before the answer
    with qtbot.waitSignal(window.document_updates.update_finished, timeout=10_000):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert 2 == current_version(library, document_id)
    assert "seven to five" in window.reader.document().toPlainText()


def test_saying_no_to_a_changed_file_keeps_the_old_version(qtbot, make_window, library: Library, article) -> None:
    """Answering No leaves the document and its claims as they were."""
    document_id, path, _ = article
    window = _open_after_file_changed(qtbot, make_window, library, document_id, path)
    window.document_updates.question.button(QMessageBox.StandardButton.No).click()
    assert 1 == current_version(library, document_id)
    assert {"anchored"} == {a.status for a in library.annotations(document_id)}


def test_failed_update_is_one_dialog_and_changes_nothing(qtbot, window, library: Library, article, tmp_path) -> None:
    """A file that cannot be read gives an error dialog naming it; the document keeps its text."""
    document_id = article[0]
    window.document_updates.update(document_id, str(tmp_path / "missing.txt"))
    qtbot.waitUntil(lambda: window.error_dialog is not None, timeout=10_000)
    assert window.error_dialog is not None and "missing.txt" in window.error_dialog.text()
    assert 1 == current_version(library, document_id)
    assert window.document_updates.update_action.isEnabled()


def test_cancelled_update_job_writes_nothing(qtbot, library: Library, article) -> None:
    """A cancel before the first progress report stops the job before it writes: the library is untouched."""
    document_id, path, _ = article
    path.write_text(NEW, encoding="utf-8")
    job = update_document_job(library.path, document_id, str(path))
    with pytest.raises(ReanchorCancelled):
        job(lambda done, total: None, lambda: True)
    assert 1 == current_version(library, document_id)


def test_orphan_model_passes_the_model_tester(qtmodeltester) -> None:
    """The orphans' list model follows Qt's model rules."""
    model = OrphanListModel()
    orphan = Annotation("u", 1, 0, 0, "gone", "", "", "fact", note="n", status="orphaned")
    model.set_orphans([orphan], {"fact": "Fact"})
    qtmodeltester.check(model)
    assert "Fact: “gone” — n" == model.index(0).data()


def test_changes_html_escapes_every_user_and_document_text() -> None:
    """Quotes, notes and type labels reach the view escaped: no markup from them is ever interpreted."""
    from gui.changes_view import changes_html

    claim = Annotation("u<", 1, 0, 9, "<b>now</b>", "", "", "fact", note="<img src=x>")
    orphan = Annotation("o", 1, 0, 0, "<script>gone</script>", "", "", "fact", status="orphaned")
    html = changes_html([(claim, "<i>before</i>")], [orphan], {"fact": "<u>Fact</u>"})
    for raw in ("<b>now", "<img", "<script>", "<i>before", "<u>Fact"):
        assert raw not in html
    assert "&lt;script&gt;gone&lt;/script&gt;" in html and "&lt;img src=x&gt;" in html


def test_importing_the_edited_file_again_updates_its_document(qtbot, window, library: Library, article) -> None:
    """Open… on a file imported before that has changed makes a new version, not a second document."""
    document_id, path, _ = article
    path.write_text(NEW, encoding="utf-8")
    window.import_files([str(path)])
    qtbot.waitUntil(lambda: "seven to five" in window.reader.document().toPlainText(), timeout=10_000)
    assert [document_id] == [d.id for d in library.documents()]
    assert 2 == current_version(library, document_id)
    assert "orphaned" == library.annotation(article[2]["shop"]).status
