"""The research views in the window, on the generated library of 1,000 documents and 100,000 claims.

What a person feels, measured in a window like the app's (offscreen unless
``QT_QPA_PLATFORM`` says otherwise): the claims view opened (Ctrl+Shift+A) to
its first rows painted, each on a window of its own on a fresh connection; a
filter changed in its bar to the table repainted; and in the search panel a
keystroke to its results painted, both from the key and from the query
starting (the panel waits ``DEBOUNCE_MS`` for typing to pause). A 5 ms
heartbeat on the UI thread records every stall meanwhile. Beside each figure
its floor from the same run: the same statements in bare sqlite3 on a fresh
connection, plus a bare Qt view painting as many plain rows; for the stalls, a
bare PySide6 process doing nothing but the heartbeat (bench/app_process.py).
"""

from __future__ import annotations

import gc
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, Qt, QTimer, qInstallMessageHandler
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QListView, QTableView, QWidget

from gui.main_window import MainWindow
from gui.research.claims_model import COLUMNS, PAGE
from gui.research.search_panel import DEBOUNCE_MS, LIMIT
from storage import Library
from storage.research import claims, collections, search

from .app_process import run_idle
from .bench_research import COMMON, FILTERED, MEDIUM
from .common import WAR_AND_PEACE, Report, percentile, require, timed
from .research_data import build_library

OPENS = 5  # windows opened, each on a fresh connection
TIMEOUT = 30.0  # seconds a view may take before the figure counts as not measured
STALL = 0.050  # the budget for any UI-thread stall
IDLE_SECONDS = 20.0  # the bare heartbeat's run, for the stalls' floor
# (box attribute, value) as a person picks them, one change at a time; None clears the filters
FILTER_STEPS: list[tuple[str, object] | None] = [
    ("type_box", "opinion"), ("speaker_box", "Natasha"), ("tag_box", "war"), None,
    ("status_box", "orphaned"), ("annotator_box", "dara"), ("text", "moscow"), None,
    ("tag_box", "duel"), ("type_box", "question"), ("collection", "Course 2"), None,
    ("speaker_box", ""), ("text", "napoleon"), ("dates", ("2024-01-01", "2024-03-31")), None,
]  # fmt: skip


class Painted(QObject):
    """Quits a loop just after the watched widget's next paint once ``ready()`` holds; remembers when."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.widget, self.loop = widget, QEventLoop()
        self.ready: Callable[[], bool] = lambda: True
        self.at = 0.0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.loop.isRunning() and self.ready():
            QTimer.singleShot(0, self._done)  # runs once this paint is over
        return False

    def _done(self) -> None:
        if self.loop.isRunning():
            self.at = time.perf_counter()
            self.loop.quit()

    def wait(self, act: Callable[[], None], ready: Callable[[], bool]) -> float | None:
        """Run act; return the seconds until the widget has painted with ready() true (None: timed out)."""
        self.ready, self.at = ready, 0.0
        QTimer.singleShot(int(TIMEOUT * 1000), self.loop.quit)
        began = time.perf_counter()
        QTimer.singleShot(0, act)
        self.loop.exec()
        return self.at - began if self.at else None


class Heartbeat(QObject):
    """A 5 ms timer on the UI thread; the longest gap between its beats is the worst stall."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self, interval=5)
        self.timer.timeout.connect(self._beat)
        self.last, self.worst = 0.0, 0.0
        self.phase = ""  # what is being measured now
        self.worst_in: dict[str, float] = {}

    def start(self) -> None:
        """Beat from now on (again)."""
        self.last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        """Stop beating (a window being built is no research view's stall)."""
        self.timer.stop()

    def _beat(self) -> None:
        now = time.perf_counter()
        gap = now - self.last - 0.005
        self.worst, self.last = max(self.worst, gap), now
        self.worst_in[self.phase] = max(self.worst_in.get(self.phase, 0.0), gap)


def main() -> bool:
    """Run the benchmarks; return True when a budget is missed or an input is missing."""
    report = Report()
    if not require(report, "research views in the window", WAR_AND_PEACE):
        return True
    app = QApplication.instance() or QApplication([])
    qInstallMessageHandler(_quiet_offscreen)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "research.sqlite"
        seconds = timed(lambda: build_library(path, WAR_AND_PEACE))[1]
        print(f"  (library of 1,000 documents and 100,000 claims built in {seconds:.1f} s; not a budget)")
        heartbeat = Heartbeat()
        _claims_view_opens(report, app, path, Path(folder), heartbeat)
        window = _window(path, Path(folder))
        try:
            heartbeat.phase = "filter changes"
            _filter_changes(report, window, path, heartbeat)
            heartbeat.phase = "search"
            _search_keystrokes(report, window, path, heartbeat)
        finally:
            window.close()
        idle = run_idle(IDLE_SECONDS).longest_stall
        report.line("UI thread: longest stall while measuring", heartbeat.worst, STALL, "ms", idle or None)
        print(
            "    ("
            + "; ".join(f"{phase}: {gap * 1000:.0f} ms" for phase, gap in heartbeat.worst_in.items())
            + f"; floor: a bare PySide6 process's heartbeat over {IDLE_SECONDS:.0f} s, the machine's own stalls)"
        )
    return report.failed()


def _quiet_offscreen(kind: object, context: object, message: str) -> None:
    """Print Qt's messages, except the offscreen platform's note that it cannot size windows to their hints."""
    if "propagateSizeHints" not in message:
        print(message)


def _window(path: Path, folder: Path) -> MainWindow:
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Library(path), settings=settings)
    window.resize(1500, 950)
    window.show()
    window.claims_dock.hide()  # as a new user's window opens (Ctrl+Shift+A then shows it)
    _settle(300)
    gc.collect()
    gc.freeze()  # as the app does once its window is up (gui/app.py): what lives on stays out of full passes
    return window


def _settle(milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def _claims_view_opens(report: Report, app: QApplication, path: Path, folder: Path, heartbeat: Heartbeat) -> None:
    opens = []
    for _run in range(OPENS):
        window = _window(path, folder)
        heartbeat.phase = "claims view opening"
        heartbeat.start()
        view = window.claims_view
        watch = Painted(view.table.viewport())
        seconds = watch.wait(window.window_actions.show_claims_view.trigger, lambda v=view: v.model.rowCount() > 0)  # type: ignore[misc]
        _settle(300)  # the filters' choices arrive apart
        heartbeat.stop()
        window.claims_dock.hide()
        window.close()
        window.library.close()
        if seconds is None:
            report.missing("claims view: open to first rows painted", f"no rows painted within {TIMEOUT:.0f} s")
            return
        opens.append(seconds)
    sql = f"SELECT a.id FROM annotations a ORDER BY a.document_id, a.start, a.end, a.id LIMIT {PAGE}"
    floor = min(_bare_sql(path, [(sql, []), ("SELECT count(*) FROM annotations", [])]) for _ in range(3))
    floor += min(_bare_table(PAGE, len(COLUMNS)) for _ in range(3))
    report.line(f"claims view: Ctrl+Shift+A to first rows painted, max of {OPENS}", max(opens), 0.300, "ms", floor)
    print(f"    (each in a new window on a fresh connection; first {opens[0] * 1000:.0f} ms; floor: the first"
          " page's ids and the count in bare sqlite3, and a bare QTableView painting a page of rows)")  # fmt: skip


def _filter_changes(report: Report, window: MainWindow, path: Path, heartbeat: Heartbeat) -> None:
    view = window.claims_view
    watch = Painted(view.table.viewport())
    if watch.wait(window.window_actions.show_claims_view.trigger, lambda: view.model.rowCount() > 0) is None:
        report.missing("claims view: filter change to repainted", "the view did not open")
        return
    _settle(500)
    with Library(path) as library:
        course = collections.find(library, "Course 2").id
    times, asked = [], []
    heartbeat.start()
    for step in FILTER_STEPS * 2:
        generation = view.model.generation
        seconds = watch.wait(lambda s=step: _change(view, s, course), lambda g=generation: view.model.generation > g)  # type: ignore[misc]
        if seconds is None:
            report.missing("claims view: filter change to repainted", f"{step} not shown within {TIMEOUT:.0f} s")
            return
        times.append(seconds)
        asked.append(view.shown_filter)
    heartbeat.stop()  # the floors run on this thread: no stall of the window's
    floors = [_bare_page(path, claim_filter) for claim_filter in asked]
    shown = [_described(claim_filter) for claim_filter in asked]
    report.line(f"claims view: filter change to repainted ({len(times)} changes): p95", percentile(times, 0.95),
                0.050, "ms", percentile(floors, 0.95))  # fmt: skip
    print(f"    (max {max(times) * 1000:.1f} ms; words are typed then Enter, no pause waited for;"
          " floor: the page's ids and its count in bare sqlite3)")  # fmt: skip
    slowest = sorted(zip(times, floors, shown, strict=True), reverse=True)[:3]
    print("    (slowest: " + "; ".join(f"{s}: {t * 1000:.0f} ms, floor {f * 1000:.0f}" for t, f, s in slowest) + ")")


def _described(claim_filter: claims.ClaimFilter) -> str:
    return " ".join(f"{k}={v}" for k, v in claim_filter.__dict__.items() if v) or "no filter"


def _change(view: object, step: tuple[str, object] | None, course: int) -> None:
    bar = view.filters  # type: ignore[attr-defined]
    if step is None:
        bar.clear()
        return
    name, value = step
    if name == "text":
        bar.text_field.setText(str(value))
        bar.text_field.returnPressed.emit()
    elif name == "collection":
        bar.choose(bar.collection_box, course)
    elif name == "dates":
        since, until = value  # type: ignore[misc]
        bar.since_box.setDate(bar.since_box.date().fromString(since, "yyyy-MM-dd"))
        bar.until_box.setDate(bar.until_box.date().fromString(until, "yyyy-MM-dd"))
    elif not bar.choose(getattr(bar, name), value):
        raise SystemExit(f"the {name} offers no {value!r}")


def _search_keystrokes(report: Report, window: MainWindow, path: Path, heartbeat: Heartbeat) -> None:
    panel = window.search_panel
    window.window_actions.search_library.trigger()
    window.splitter.setSizes([420, 780, 300])
    watch = Painted(panel.view.viewport())
    from_key, from_start = [], []
    started: list[float] = []
    panel.field.textChanged.connect(lambda _t: None)
    panel._timer.timeout.connect(lambda: started.append(time.perf_counter()))  # the pause is over: the query starts
    queries = [*COMMON, *MEDIUM, *FILTERED] * 2
    heartbeat.start()
    for query in queries:
        panel.field.setText(query[:-1])
        panel._timer.stop()
        started.clear()
        seconds = watch.wait(lambda q=query: QTest.keyClicks(panel.field, q[-1]),
                             lambda q=query: panel.shown_query == q)  # type: ignore[misc]  # fmt: skip
        if seconds is None or not started:
            report.missing("search: keystroke to results painted", f"{query!r} not shown within {TIMEOUT:.0f} s")
            return
        from_key.append(seconds)
        from_start.append(watch.at - started[0])
    _settle(300)  # the last count
    heartbeat.stop()  # the figures below run on this thread: no stall of the window's
    storage = [_storage_search(path, query) for query in queries]
    floors = [_bare_search(path, query) for query in queries]
    print(f"  search, {len(from_key)} keystrokes (a mix of common words, names, phrases, prefixes, filters):")
    report.line("search: storage, the panel's search on a fresh connection: p95", percentile(storage, 0.95), 0.020,
                "ms", percentile(floors, 0.95))  # fmt: skip
    report.info("search: query started to results painted (the window): p95", percentile(from_start, 0.95),
                "ms", percentile(floors, 0.95) + _bare_list(LIMIT))  # fmt: skip
    report.info(f"search: keystroke to results painted, the {DEBOUNCE_MS} ms pause included: p95",
                percentile(from_key, 0.95), "ms")  # fmt: skip
    print(
        "    (floors: the bare FTS5 MATCH with a LIMIT in bare sqlite3, and for the window a bare QListView"
        f" painting {LIMIT} rows too; the totals are counted after the results are shown)"
    )


def _storage_search(path: Path, query: str) -> float:
    with Library(path, read_only=True) as library:
        return timed(lambda: search.search(library, query, limit=LIMIT))[1]


def _bare_search(path: Path, query: str) -> float:
    with Library(path, read_only=True) as library:
        try:
            match = search.prepare(library, query).claim_match
        except search.SearchError:
            return 0.0
    sql = "SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ? LIMIT 20"
    return _bare_sql(path, [(sql, [match])]) if match else 0.0


def _bare_page(path: Path, claim_filter: claims.ClaimFilter) -> float:
    with Library(path, read_only=True) as library:
        sql, params, _ = claims.page_sql(library, claim_filter, sort="document", descending=False, limit=PAGE, offset=0)
        where, count_params, _ = claims.conditions(library, claim_filter)
    return _bare_sql(path, [(sql, params), (f"SELECT count(*) FROM annotations a {where}", count_params)])


def _bare_sql(path: Path, statements: list[tuple[str, list[object]]]) -> float:
    """Seconds for the statements, every row fetched, on a fresh bare sqlite3 connection."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return timed(lambda: [conn.execute(sql, params).fetchall() for sql, params in statements])[1]
    finally:
        conn.close()


def _bare_table(rows: int, columns: int) -> float:
    """Seconds for a bare QTableView of plain strings to be shown and painted."""
    model = QStandardItemModel(rows, columns)
    for row in range(rows):
        for column in range(columns):
            model.setItem(row, column, QStandardItem(f"claim {row} column {column} text"))
    view = QTableView()
    view.resize(1400, 300)
    return _bare_paint(view, model)


def _bare_list(rows: int) -> float:
    model = QStandardItemModel(rows, 1)
    for row in range(rows):
        model.setItem(row, 0, QStandardItem(f"Document {row}: a snippet of the quote that matched, two lines\nlong"))
    view = QListView()
    view.resize(420, 700)
    return _bare_paint(view, model)


def _bare_paint(view: QAbstractItemView, model: QStandardItemModel) -> float:
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, False)
    view.show()
    _settle(50)
    watch = Painted(view.viewport())
    seconds = watch.wait(lambda: view.setModel(model), lambda: True)
    view.close()
    return seconds or 0.0
