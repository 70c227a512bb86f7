"""Re-reading the open document after sync changed it: kept on screen meanwhile, never under the user's hands."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRunnable

from documents import load_path
from gui import document_session
from gui.document_loader import PreparedDocument
from gui.jobs import Job
from gui.sync.refresh import DeferredReload
from storage import Library
from storage.progress import Cancel, Progress


class StepPool:
    """A stand-in for the thread pool that runs each job when the test says (on the test's thread)."""

    def __init__(self) -> None:
        self.waiting: list[QRunnable] = []

    def start(self, worker: QRunnable) -> None:
        self.waiting.append(worker)

    def run_next(self) -> None:
        self.waiting.pop(0).run()


def test_a_claim_tagged_while_the_document_is_re_read_is_kept(
    qtbot, monkeypatch, make_window, library: Library, sample_path: Path
) -> None:
    """The document stays taggable while it is re-read; a re-read that began before a tag is done again."""
    document = library.import_document(load_path(sample_path))[0].id
    window = make_window(library)
    window.open_document(document)
    pool = StepPool()
    window.runner.pool = pool
    text = window.reader.text
    start = text.index("cruise")
    tagged = []
    real_job = document_session.prepare_job

    def job_tagging_after_its_read(*args: object) -> Job:
        read = real_job(*args)  # type: ignore[arg-type]

        def job(progress: Progress, cancel: Cancel) -> PreparedDocument:
            prepared = read(progress, cancel)
            if not tagged:  # the user tags between the read and the adoption
                window.reader.select_range(start, start + len("cruise ships"))
                tagged.append(window.tag_selection("fact"))
            return prepared

        return job

    monkeypatch.setattr(document_session, "prepare_job", job_tagging_after_its_read)
    window.reload_document()
    assert window.session.shows(document)  # still on screen, still taggable
    qtbot.waitUntil(lambda: bool(pool.waiting))
    pool.run_next()
    [claim] = tagged
    assert claim is not None
    qtbot.waitUntil(lambda: bool(pool.waiting))  # read again, the claim included
    pool.run_next()
    assert claim.uuid in {a.uuid for a in window.session.prepared.annotations}
    assert [claim.uuid] == [a.uuid for a in window.reader.annotations_at(start + 1)]
    assert 0 <= window.annotation_panel.model.row_of(claim.uuid)


def test_a_reload_waits_while_the_user_is_busy(qtbot) -> None:
    """Asked while busy, the reload waits and runs once the user is done; asked while idle, it runs at once."""
    busy, reloads = [True], []
    deferred = DeferredReload(lambda: busy[0], lambda: reloads.append(1))
    deferred.request()
    assert deferred.waiting and [] == reloads
    busy[0] = False
    qtbot.waitUntil(lambda: bool(reloads))
    assert [1] == reloads and not deferred.waiting
    deferred.request()
    assert [1, 1] == reloads
