"""The README's pictures of shared libraries (run by gui/screenshots.py): the teacher's view and sync's status bar.

A class of five tags the window's open document beside the teacher's key
(each student's claims written on a connection of their own, as sync would
bring them); the teacher's view is drawn over the window, whose status bar
shows a synced library with two conflicts. ``sync-status.png`` stacks the
status bar in each state it can be in.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap

from storage import Library
from storage.sync import PAUSED, SYNCED, SyncState
from storage.sync_status import LocalSyncStatus

from .class_view import ClassViewDialog

if TYPE_CHECKING:
    from ..main_window import MainWindow

TEACHER = "ms.okafor"
STUDENTS = ("amira", "ben", "chloe", "dev", "elena")
OTHER_TYPE = {"fact": "opinion", "opinion": "fact", "quote": "opinion"}
SYNCED_AT = "2026-03-02T12:03:00+00:00"


def tag_as_class(library_path: Path, document_id: int, text: str, key: list[tuple[str, str]]) -> None:
    """Each student finds most of the key's claims (some with another type, some in part) and adds one or two."""
    rng = random.Random(17)
    sentences = [s.strip() for s in text.replace("\n", " ").split(". ") if 40 < len(s.strip()) < 160]
    for student in STUDENTS:
        with Library(library_path, annotator=student) as library:
            for quote, claim_type in key:
                start = text.find(quote)
                if start < 0 or rng.random() < 0.25:
                    continue  # missed
                end = start + len(quote)
                if rng.random() < 0.3:
                    end = start + max(10, len(quote) * 2 // 3)  # a shorter span of the same claim
                chosen = OTHER_TYPE.get(claim_type, "fact") if rng.random() < 0.2 else claim_type
                library.add_annotation(document_id, start, end, chosen)
            for sentence in rng.sample(sentences, 2)[: rng.randint(0, 2)]:
                start = text.find(sentence)
                if start >= 0 and not any(text.find(q) <= start < text.find(q) + len(q) for q, _ in key):
                    library.add_annotation(document_id, start, start + len(sentence), rng.choice(["fact", "opinion"]))


def _status(window: MainWindow, state: SyncState | None, local: LocalSyncStatus, running: bool = False) -> None:
    background = window.shared.background
    background.state, background.local = state, local
    background.running = window.runner.start(lambda p, c: None, quiet=True) if running else None
    if state is not None and state.status == PAUSED:
        background._plan(40.0)
    window.shared.status.update_text()
    if running:
        background.running = None


def status_strip(window: MainWindow, path: Path, settle: object) -> None:
    """Save the status bar's right end in each state, stacked."""
    local = LocalSyncStatus("class-7b", TEACHER, 0, 0, SYNCED_AT)
    synced = SyncState(SYNCED, last_synced=SYNCED_AT)
    states = [
        (synced, local, False),
        (synced, local, True),
        (synced, LocalSyncStatus("class-7b", TEACHER, 3, 0, SYNCED_AT), False),
        (SyncState(PAUSED, "cannot reach ms.okafor@db.school.example:5432/claimmark: Connection refused"), local,
         False),
        (synced, LocalSyncStatus("class-7b", TEACHER, 0, 2, SYNCED_AT), False),
    ]  # fmt: skip
    strips = []
    bar = window.statusBar()
    for state, shown, running in states:
        _status(window, state, shown, running)
        assert callable(settle)
        settle(150)
        status = window.shared.status
        left = max(0, status.x() - 14)  # the sync state and its conflicts, as the bar shows them
        strips.append(bar.grab(QRect(left, 0, status.x() + status.width() - left, bar.height())))
    window.shared.background.stop()
    height = sum(s.height() for s in strips) + 8 * (len(strips) - 1)
    width = max(s.width() for s in strips) + 14
    out = QPixmap(width, height)
    out.fill(QColor("#c8c8cc"))
    painter = QPainter(out)
    y = 0
    for strip in strips:
        painter.fillRect(QRect(0, y, width, strip.height()), bar.palette().window())
        painter.drawPixmap(0, y, strip)
        y += strip.height() + 8
    painter.end()
    out.save(str(path))
    print(path)


def class_view_shot(
    window: MainWindow, document_id: int, key: list[tuple[str, str]], path: Path, settle: object
) -> None:
    """Save the window with the teacher's view over it and a synced status bar with two conflicts."""
    library = window.library
    tag_as_class(library.path, document_id, window.reader.text, key)
    _status(window, SyncState(SYNCED, last_synced=SYNCED_AT), LocalSyncStatus("class-7b", TEACHER, 0, 2, SYNCED_AT))
    dialog = ClassViewDialog(library, window.runner, document_id, TEACHER, window.claim_types.types, window,
                             with_members=False)  # fmt: skip
    dialog.resize(1240, 700)
    dialog.show()
    assert callable(settle)
    for _ in range(50):
        settle(100)
        if dialog.view is not None:
            break
    settle(300)
    shot = window.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 70))
    inner = dialog.grab()
    corner = QPoint((shot.width() - inner.width()) // 2, 70)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 60))
    painter.drawRoundedRect(QRect(corner + QPoint(4, 6), inner.size()), 6, 6)
    painter.drawPixmap(corner, inner)
    painter.end()
    shot.save(str(path))
    print(path)
    dialog.close()
