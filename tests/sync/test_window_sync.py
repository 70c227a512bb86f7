"""The window on a library linked to a group: background sync, its status bar, paused sync, conflicts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractItemView

from bench.fault_proxy import CLEAN, FaultProxy, Plan
from gui.card_editor import CardEditor
from gui.main_window import MainWindow
from gui.sync.background import SyncTiming
from storage import Library
from storage.sync import PAUSED, list_conflicts, sync

from .conftest import ARTICLE, Classroom, article

# No attempt runs by itself during a test but the first: retries and the interval are an hour away.
FAST = SyncTiming(start_delay_ms=0, debounce_ms=50, interval=3600.0, timeout=15.0, first_retry=3600.0, max_retry=3600.0)
LONG = ARTICLE * 40  # long enough to scroll
TEXT = "\n".join(LONG)
VOTE = "The council voted seven to two"
WARN = "Tour operators warn that the ban will cost the town 300 jobs."


def _window(qtbot, library: Library, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings=settings)
    window.shared.background.set_timing(FAST)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def proxy(classroom: Classroom) -> Iterator[FaultProxy]:
    """A proxy in front of the test server that a test can make refuse every connection."""
    running = FaultProxy(classroom.postgres.port).start()
    yield running
    running.stop()


def _uuids_shown(window: MainWindow) -> set[str]:
    model = window.annotation_panel.model
    return {model.annotation_at(row).uuid for row in range(model.rowCount())}


def test_the_window_syncs_in_the_background_and_shows_another_members_claim(
    qtbot, classroom: Classroom, tmp_path: Path
) -> None:
    """Bob's claim arrives by the window's own background sync: highlighted and carded, the reading place kept."""
    bob = classroom.add("bob")
    teacher = classroom.library(classroom.teacher)
    document = teacher.import_document(article(LONG))[0].id
    assert sync(teacher).ok
    bobs = classroom.library(bob)
    assert sync(bobs).ok
    start = TEXT.index(WARN, len(TEXT) // 2)
    claim = bobs.add_annotation(bobs.documents()[0].id, start, start + len(WARN), "opinion", note="from bob")
    assert sync(bobs).ok
    window = _window(qtbot, teacher, tmp_path)
    window.open_document(document)
    window.reader.scroll_to_offset(start - 200)
    qtbot.waitUntil(lambda: window.reader.top_offset() > 0)
    place = window.reader.top_offset()
    assert claim.uuid not in _uuids_shown(window)
    with qtbot.waitSignal(window.shared.background.state_changed, timeout=30_000) as outcome:
        window.shared.start()  # as after the window is up
    assert outcome.args[0].ok and 1 <= outcome.args[0].pulled
    qtbot.waitUntil(lambda: claim.uuid in _uuids_shown(window))
    assert [claim.uuid] == [a.uuid for a in window.reader.annotations_at(start + 5)]
    qtbot.waitUntil(lambda: abs(window.reader.top_offset() - place) < 100)
    assert window.shared.status.text.startswith("Synced ")


def test_a_server_that_is_down_pauses_sync_and_the_window_keeps_working(
    qtbot, classroom: Classroom, proxy: FaultProxy, tmp_path: Path
) -> None:
    """Paused with the reason and the backoff in the status bar; a claim tagged meanwhile is sent once it is back."""
    alice = classroom.add("alice")
    library = classroom.library(alice, port=proxy.port)
    document = library.import_document(article())[0].id
    proxy.plans = lambda: Plan(refuse=True)
    window = _window(qtbot, library, tmp_path)
    window.open_document(document)
    with qtbot.waitSignal(window.shared.background.state_changed, timeout=30_000) as outcome:
        window.window_actions.sync_now.trigger()
    assert PAUSED == outcome.args[0].status
    text = window.shared.status.text
    assert text.startswith("Sync paused: cannot reach") and text.endswith("— retrying in 3600 s"), text
    assert "\n" not in text and "Traceback" not in text and classroom.passwords[alice] not in text
    start = window.reader.text.index(VOTE)
    window.reader.select_range(start, start + len(VOTE))
    claim = window.tag_selection("fact")
    assert claim is not None and [claim.uuid] == [a.uuid for a in library.annotations()]
    assert not window.shared.background.running  # the backoff is honoured: no attempt for the edit
    proxy.plans = lambda: CLEAN
    with qtbot.waitSignal(window.shared.background.state_changed, timeout=30_000) as outcome:
        window.window_actions.sync_now.trigger()
    assert outcome.args[0].ok and window.shared.status.text.startswith("Synced ")
    with classroom.connect(classroom.teacher) as server:
        rows = server.execute("SELECT exact FROM claimmark.annotations WHERE uuid = %s", [claim.uuid]).fetchall()
    assert [(VOTE,)] == rows


def test_a_local_edit_is_sent_by_a_debounced_background_sync(qtbot, classroom: Classroom, tmp_path: Path) -> None:
    """Tagging shows "1 to send", then the sync that follows the edit sends it and the bar says Synced."""
    alice = classroom.add("alice")
    library = classroom.library(alice)
    document = library.import_document(article())[0].id
    assert sync(library).ok
    window = _window(qtbot, library, tmp_path)
    window.open_document(document)
    with qtbot.waitSignal(window.shared.background.state_changed, timeout=30_000):
        window.shared.sync_now()
    window.shared.background.set_timing(SyncTiming(**{**FAST.__dict__, "debounce_ms": 60_000}))
    start = window.reader.text.index(VOTE)
    window.reader.select_range(start, start + len(VOTE))
    claim = window.tag_selection("fact")
    assert claim is not None and "1 to send" == window.shared.status.text
    window.shared.background.set_timing(FAST)
    with qtbot.waitSignal(window.shared.background.state_changed, timeout=30_000) as outcome:
        window.shared.local_change()  # as the next edit would: the debounce starts again, now short
    assert outcome.args[0].ok and 1 <= outcome.args[0].pushed
    assert window.shared.status.text.startswith("Synced ")


def _laptops(classroom: Classroom) -> tuple[Library, Library, str]:
    alice = classroom.add("alice")
    first = classroom.library(alice, "-home")
    summary, _ = first.import_document(article())
    claim = first.add_annotation(summary.id, 19, 30, "fact", note="first thought")
    assert sync(first).ok
    second = classroom.library(alice, "-school")
    assert sync(second).ok
    return first, second, claim.uuid


def test_the_conflicts_dialog_resolves_a_conflict_and_syncs(
    qtbot, qtmodeltester, classroom: Classroom, tmp_path: Path
) -> None:
    """The status bar's "1 conflict" opens the list (the claim, note, mine and theirs); Keep Mine wins everywhere."""
    first, second, uuid = _laptops(classroom)
    first.update_annotation(uuid, note="from home")
    second.update_annotation(uuid, note="from school")
    assert sync(first).ok
    assert 1 == sync(second).conflicts
    window = _window(qtbot, second, tmp_path)
    window.open_document(second.documents()[0].id)
    button = window.shared.status.conflicts_button
    assert "1 conflict" == button.text() and button.isVisible()
    button.click()
    dialog = window.shared.conflicts_dialog
    assert dialog is not None and dialog.isVisible()
    qtmodeltester.check(dialog.model)
    model = dialog.model
    assert [("note", "from school", "from home")] == [tuple(model.data(model.index(0, column)) for column in (1, 2, 3))]
    assert model.data(model.index(0, 0)) == second.annotation(uuid).exact
    dialog.view.selectRow(0)
    with qtbot.waitSignal(window.shared.background.state_changed, timeout=30_000) as outcome:
        dialog.keep_mine.click()
        dialog.reject()  # closing the dialog syncs what was resolved
    assert outcome.args[0].ok and 0 == outcome.args[0].conflicts
    assert [] == list_conflicts(second) and "from school" == second.annotation(uuid).note
    assert not button.isVisible()
    assert sync(first).ok and "from school" == first.annotation(uuid).note


def test_a_pull_waits_for_the_card_being_edited(qtbot, classroom: Classroom, tmp_path: Path) -> None:
    """The editor stays open through a sync that brings a claim; the claim shows once the edit is saved."""
    bob = classroom.add("bob")
    teacher = classroom.library(classroom.teacher)
    document = teacher.import_document(article())[0].id
    mine = teacher.add_annotation(document, 0, 7, "fact")
    assert sync(teacher).ok
    bobs = classroom.library(bob)
    assert sync(bobs).ok
    start = "\n".join(ARTICLE).index(VOTE)
    theirs = bobs.add_annotation(bobs.documents()[0].id, start, start + len(VOTE), "fact")
    assert sync(bobs).ok
    window = _window(qtbot, teacher, tmp_path)
    window.open_document(document)
    window.annotation_panel.edit(mine.uuid)
    editor = window.annotation_panel.view.findChild(CardEditor)
    assert editor is not None
    editor.note_edit.setPlainText("written while syncing")
    with qtbot.waitSignal(window.shared.background.state_changed, timeout=30_000) as outcome:
        window.shared.sync_now()
    assert outcome.args[0].ok and 1 <= outcome.args[0].pulled
    assert window.sync_reload.waiting and theirs.uuid not in _uuids_shown(window)
    assert QAbstractItemView.State.EditingState == window.annotation_panel.view.state()
    editor.commit_requested.emit()
    qtbot.waitUntil(lambda: theirs.uuid in _uuids_shown(window))
    assert "written while syncing" == teacher.annotation(mine.uuid).note


def test_join_a_group_from_the_window_with_clear_errors_then_leave(qtbot, classroom: Classroom, tmp_path: Path) -> None:
    """A wrong password and an unknown group are one message each; joining links and syncs; no password is kept."""
    alice = classroom.add("alice")
    library = Library(tmp_path / "alice.sqlite", annotator="someone")
    window = _window(qtbot, library, tmp_path)
    acts = window.window_actions
    assert acts.join_group.isEnabled() and not acts.sync_now.isEnabled() and window.shared.status.isHidden()
    dialog = window.shared.ask_to_join()
    assert dialog is not None
    dialog.server.setText(f"host=127.0.0.1 port={classroom.postgres.port} dbname=claimmark")
    dialog.person.setText(alice)
    attempts = [("not-hers", "", "wrong name or password"), (classroom.passwords[alice], "nosuch", "no group 'nosuch'")]
    for password, group, expected in attempts:
        dialog.password.setText(password)
        dialog.group.setText(group)
        dialog.error_dialog = None
        dialog.join_button.click()
        qtbot.waitUntil(lambda: dialog.error_dialog is not None, timeout=30_000)
        assert dialog.error_dialog is not None
        message = dialog.error_dialog.text()
        assert expected in message and password not in message, message
        assert dialog.isVisible() and dialog.join_button.isEnabled()
        dialog.error_dialog.accept()
    dialog.group.setText(classroom.group)
    with qtbot.waitSignal(window.shared.background.state_changed, timeout=30_000) as outcome:
        dialog.join_button.click()
    assert outcome.args[0].ok and classroom.group == outcome.args[0].group
    assert not dialog.isVisible() and alice == library.annotator
    assert acts.sync_now.isEnabled() and not acts.join_group.isEnabled()
    assert window.shared.status.text.startswith("Synced ")
    secret = classroom.passwords[alice].encode()
    assert all(secret not in path.read_bytes() for path in tmp_path.glob("alice.sqlite*") if path.is_file())
    assert window.shared.leave(confirm=False)
    assert not window.shared.linked and window.shared.status.isHidden() and acts.join_group.isEnabled()


def test_the_teachers_view_counts_the_whole_class(qtbot, classroom: Classroom, tmp_path: Path) -> None:
    """With a linked library the group's members are the students: one who tagged nothing missed every claim."""
    amira, ben = classroom.add("amira"), classroom.add("ben")
    teacher = classroom.library(classroom.teacher)
    document = teacher.import_document(article())[0].id
    start = "\n".join(ARTICLE).index(VOTE)
    teacher.add_annotation(document, start, start + len(VOTE), "fact")
    assert sync(teacher).ok
    amiras = classroom.library(amira)
    assert sync(amiras).ok
    amiras.add_annotation(amiras.documents()[0].id, start, start + len(VOTE), "fact")
    assert sync(amiras).ok and sync(teacher).ok
    window = _window(qtbot, teacher, tmp_path)
    window.open_document(document)
    window.window_actions.class_view.trigger()
    dialog = window.shared.class_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=30_000)
    assert (amira, ben) == dialog.tagging.students
    assert [(amira, 1, 1, 0), (ben, 0, 0, 0)] == [
        (r.student, r.found, r.same_type, r.extra) for r in dialog.view.results
    ]
    assert "50%" == dialog.tagging.data(dialog.tagging.index(0, dialog.tagging.columnCount() - 1))
