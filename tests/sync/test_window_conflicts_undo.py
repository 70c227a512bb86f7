"""Keep Mine / Keep Theirs in the window: an undoable change; keeping my text of a document runs on the JobRunner."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from gui.main_window import MainWindow
from gui.sync.background import SyncTiming
from storage import Library
from storage.anchoring.versions import update_document
from storage.sync import list_conflicts, sync

from .conftest import ARTICLE, Classroom, article

QUIET = SyncTiming(start_delay_ms=3_600_000, debounce_ms=3_600_000, interval=3600.0, timeout=15.0,
                   first_retry=3600.0, max_retry=3600.0)  # fmt: skip
VOTE = "The council voted seven to two"


def _window(qtbot, library: Library, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings=settings)
    window.shared.background.set_timing(QUIET)
    qtbot.addWidget(window)
    window.show()
    return window


def _laptops(classroom: Classroom) -> tuple[Library, Library, str]:
    first = classroom.library(classroom.teacher, "-home")
    document = first.import_document(article())[0].id
    start = "\n".join(ARTICLE).index(VOTE)
    claim = first.add_annotation(document, start, start + len(VOTE), "fact", note="first thought")
    assert sync(first).ok
    second = classroom.library(classroom.teacher, "-school")
    assert sync(second).ok
    return first, second, claim.uuid


def test_keep_mine_is_undone_and_redone_from_the_edit_menu(qtbot, classroom: Classroom, tmp_path: Path) -> None:
    """Undo puts theirs and the conflict back (listed again); Redo keeps mine again; the sync after sends it."""
    first, second, uuid = _laptops(classroom)
    first.update_annotation(uuid, note="from home")
    second.update_annotation(uuid, note="from school")
    assert sync(first).ok and 1 == sync(second).conflicts
    window = _window(qtbot, second, tmp_path)
    window.open_document(second.documents()[0].id)
    dialog = window.shared.show_conflicts()
    dialog.view.selectRow(0)
    dialog.keep_mine.click()
    assert "from school" == second.annotation(uuid).note and 0 == dialog.model.rowCount()
    assert window.undo_stack.undoText().startswith("Keep mine: The council voted")
    window.window_actions.undo.trigger()
    assert "from home" == second.annotation(uuid).note and 1 == len(list_conflicts(second))
    assert 1 == dialog.model.rowCount() and window.shared.status.conflicts_button.text() == "1 conflict"
    window.window_actions.redo.trigger()
    assert "from school" == second.annotation(uuid).note and [] == list_conflicts(second)
    with qtbot.waitSignal(window.shared.background.state_changed, timeout=30_000) as outcome:
        dialog.reject()  # closing the dialog syncs what was resolved
    assert outcome.args[0].ok and sync(first).ok and "from school" == first.annotation(uuid).note


def test_keeping_my_text_runs_on_the_job_runner_and_its_undo_too(qtbot, classroom: Classroom, tmp_path: Path) -> None:
    """The text kept as mine is written by a job (the dialog waits for it); undo, also a job, puts theirs back."""
    first, second, uuid = _laptops(classroom)
    document = second.documents()[0].id
    update_document(first, first.documents()[0].id, article(["Breaking news from the harbour", *ARTICLE]))
    update_document(second, document, article([*ARTICLE, "A reader wrote in to say the ban is a mistake."]))
    assert sync(first).ok and 1 == sync(second).conflicts
    theirs = second.document_text(document)
    window = _window(qtbot, second, tmp_path)
    window.open_document(document)
    dialog = window.shared.show_conflicts()
    dialog.view.selectRow(0)
    dialog.keep_mine.click()
    assert dialog.running is not None and not dialog.keep_mine.isEnabled()  # written on the JobRunner
    assert theirs == second.document_text(document)
    qtbot.waitUntil(lambda: dialog.running is None, timeout=30_000)
    assert second.document_text(document).endswith("the ban is a mistake.") and [] == list_conflicts(second)
    qtbot.waitUntil(lambda: window.reader.text.endswith("the ban is a mistake."), timeout=30_000)  # re-read
    assert window.undo_stack.canUndo()  # the new version shown did not clear the undo stack
    window.window_actions.undo.trigger()
    assert window.undo_stack.busy  # the undo re-places every claim on its own connection
    qtbot.waitUntil(lambda: not window.undo_stack.busy, timeout=30_000)
    assert theirs == second.document_text(document) and 1 == len(list_conflicts(second))
    qtbot.waitUntil(lambda: window.reader.text.startswith("Breaking news"), timeout=30_000)
    assert window.undo_stack.canRedo()
    claim = second.annotation(uuid)
    assert VOTE == theirs[claim.start : claim.end]
