"""Start the window: QApplication, the library, first-run sample, files from the command line."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from documents import is_url
from resources import sample_articles
from storage import Library

from . import probe
from .icons import app_icon
from .library_opening import daily_backup_job, open_library
from .link_opening import LinkServer, hand_over
from .main_window import MainWindow


def app_tr(text: str) -> str:
    """Translate a text of the app's start-up."""
    return QCoreApplication.translate("app", text)


_BACKGROUND_DELAY_MS = 1500
SWITCH_INTERVAL = 0.0005  # seconds a Python thread runs before another waiting for the lock gets it
_BACKGROUND_LATEST_MS = 15_000  # after the delay: when no layout ends (nothing shown), start all the same


def seed_samples(library: Library) -> int | None:
    """Import the bundled sample articles; return the first one's id."""
    from documents import load_document  # the importers: a new library only

    first = None
    for sample in sample_articles():
        summary, _ = library.import_document(load_document(sample.read_bytes(), sample.name))
        first = first if first is not None else summary.id
    return first


def open_window(library: Library, files: list[str], settings: QSettings | None = None) -> MainWindow:
    """Show a window on library (seeding a new one with the sample) and import files and URLs.

    Files and URLs import on workers like any other import: a changed file
    becomes a new version, and errors are one dialog.
    """
    first = seed_samples(library) if library.created else None
    window = MainWindow(library, settings=settings)
    # `claimmark open claimmark://…` hands links to the window, and a second `claimmark` hands over to it.
    server = LinkServer(library.path, window.show_link, window, on_handover=window.take_over)
    if server.problem:
        window.notices.say(app_tr("Links from exported notes cannot reach this window: {why}").format(
            why=server.problem), 0)  # fmt: skip
    initial = window.initial_document(first)
    # A book is prepared on a pool thread, which competes with the UI thread for Python's lock: started
    # once the window has painted, the first paint has it to itself (its stall: 16-48 ms -> 20-26 ms,
    # the book painted ~30 ms later). An article opens at once, so the window never shows without it.
    book = initial is not None and window.session.prepares_in_background(initial)
    if initial is not None and not book:
        window.open_document(initial)
    window.show()
    if initial is not None and book:
        after_first_paint(window, lambda: window.open_document(initial))
    # Once the first document is up (its preparation has the pool first) and laid out (a pool thread
    # importing modules holds Python's lock, stalling the layout's steps): the import sandbox's
    # server (imports run in a child process with memory and CPU limits) and today's backup.
    QTimer.singleShot(_BACKGROUND_DELAY_MS, window, lambda: _start_background(window))
    # Everything made so far (Qt's wrappers, the importers' modules, the window) lives as long
    # as the app: keep it out of the cyclic collector's full passes, which otherwise stall the
    # UI thread for tens of milliseconds while a book opens.
    gc.freeze()
    paths = [name for name in files if not is_url(name)]
    if paths:
        window.import_files(paths)
    for url in (name for name in files if is_url(name)):
        window.import_url(url)
    return window


def run(library_path: Path, files: list[str]) -> int:
    """Open the window on library_path, importing and opening files; return the exit status."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    # The UI thread gives up Python's lock around Qt calls and must win it back from a pool thread each time;
    # by default a busy pool thread keeps it up to 5 ms per hand-back, which over a batch of card measurements
    # stalled the window 70-110 ms while a book's names were indexed (0.5 ms: under 30 ms, throughput the same).
    sys.setswitchinterval(SWITCH_INTERVAL)
    watching = probe.install(app)  # the benchmarks' stamps; None unless $CLAIMMARK_PROBE is set
    app.setApplicationName("Claimmark")
    app.setOrganizationName("Claimmark")
    QApplication.setDesktopFileName("claimmark")  # the launcher's .desktop file: its icon and name in the task bar
    QApplication.setWindowIcon(app_icon())
    if hand_over(library_path, files):  # one window per library: the running one comes forward
        print(f"claimmark: {library_path} is open in a running window; handed over to it", file=sys.stderr)
        return 0
    library = open_library(library_path)
    if library is None:
        return 1
    window = open_window(library, files)
    if watching is not None:
        watching.watch(window)
    status = app.exec()
    QThreadPool.globalInstance().waitForDone()  # running jobs finish before the process ends
    del window
    library.close()
    return status


class _FirstPaint(QObject):
    """Runs an action once, after the widget it watches has painted for the first time."""

    def __init__(self, widget: QWidget, action: Callable[[], None]) -> None:
        super().__init__(widget)
        self._action = action
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # once this paint is done
        return False

    def _run(self) -> None:
        self._action()
        self.deleteLater()


def after_first_paint(widget: QWidget, action: Callable[[], None]) -> None:
    """Call action once widget has painted for the first time (its paint done)."""
    _FirstPaint(widget, action)


def _start_background(window: MainWindow) -> None:
    opening = window.session.requested_id is not None and window.session.current_id != window.session.requested_id
    if opening or not window.reader.layout_driver.complete():  # a book being prepared or laid out
        started = [False]

        def start_once() -> None:
            if not started[0]:
                started[0] = True
                _start(window)

        window.reader.laid_out.connect(start_once)
        QTimer.singleShot(_BACKGROUND_LATEST_MS, window, start_once)  # (a book that failed to open)
        return
    _start(window)


def _start(window: MainWindow) -> None:
    window.runner.start(lambda progress, cancel: _prepare_imports(), title=app_tr("Starting"))
    backup = daily_backup_job(window.library.path)
    if backup is not None:
        failed = app_tr("Today's backup failed: {message}")
        window.runner.start(
            backup,
            on_failed=lambda message: window.notices.say(failed.format(message=message), 0),
            title=app_tr("Backing up"),
        )


def _prepare_imports() -> None:
    """Start the import sandbox's server off the UI thread (its modules load here, not at start)."""
    from documents.bounded import prepare

    prepare()
