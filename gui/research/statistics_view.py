"""The statistics view: one document, a collection or the whole library, charted; exported as PNG, SVG or numbers.

The figures are computed on the JobRunner with their own read-only connection
(the whole library's take most of a second at 100,000 claims); the chart is
painted by ``statistics_chart.paint_statistics`` in the window's theme.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from storage import Library
from storage.progress import Cancel, Progress
from storage.research import collections, stats
from storage.research.stats import Statistics

from ..jobs import Job, JobHandle, JobRunner
from ..themes import DEFAULT_THEME, Theme, theme_named
from .named import named
from .statistics_chart import ChartWords, chart_size, paint_statistics, render_png, render_svg

Scope = tuple[str, int | None]  # ("library", None), ("document", id), ("collection", id)


def statistics_job(library_path: Path, scope: Scope, period: str) -> Job:
    """Return a job computing the figures of one scope with its own read-only connection."""

    def job(progress: Progress, cancel: Cancel) -> Statistics:
        kind, key = scope
        with Library(library_path, read_only=True) as library:
            if kind == "document" and key is not None:
                return stats.document_statistics(library, key, period=period)
            if kind == "collection" and key is not None:
                return stats.collection_statistics(library, key, period=period)
            return stats.library_statistics(library, period=period)

    return job


def numbers_text(figures: Statistics) -> str:
    """Return the figures as tab-separated text, for a spreadsheet or a note."""
    lines = [f"{figures.title}\t{figures.documents} documents\t{figures.claims} claims", "", "type\tclaims\tshare"]
    lines += [f"{t.label}\t{t.count}\t{t.share:.1%}" for t in figures.types]
    lines += ["", "position\t" + "\t".join(t.label for t in figures.types)]
    for b in figures.position_bins:
        counts = "\t".join(str(b.counts.get(t.name, 0)) for t in figures.types)
        lines.append(f"{b.start:.0%}–{b.end:.0%}\t{counts}")
    lines += ["", "speaker\tclaims", *(f"{name}\t{count}" for name, count in figures.speakers)]
    lines += ["", "tag\tclaims", *(f"{name}\t{count}" for name, count in figures.tags)]
    lines += ["", f"{figures.period}\t" + "\t".join(t.label for t in figures.types)]
    for period in figures.timeline:
        lines.append(f"{period.start}\t" + "\t".join(str(period.counts.get(t.name, 0)) for t in figures.types))
    return "\n".join(lines) + "\n"


class StatisticsChart(QWidget):
    """Paints one Statistics picture (nothing until the figures arrive)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsChart")
        self.figures: Statistics | None = None
        self.theme = theme_named(DEFAULT_THEME)
        self.words = ChartWords()

    def show_figures(self, figures: Statistics | None, words: ChartWords) -> None:
        """Draw these figures."""
        self.figures, self.words = figures, words
        self.setFixedSize(self.sizeHint())
        self.update()

    def sizeHint(self) -> QSize:
        return chart_size(self.figures) if self.figures is not None else QSize(600, 300)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.figures is None:
            painter.fillRect(self.rect(), self.palette().base())
        else:
            paint_statistics(painter, self.figures, self.theme, self.words)
        painter.end()


class StatisticsDialog(QDialog):
    """Choose a scope and a period; see the chart; export it or copy its numbers."""

    figures_ready = Signal()
    failed = Signal(str)

    def __init__(
        self, library: Library, runner: JobRunner, theme: Theme, document_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("statisticsView")
        self.setWindowTitle(self.tr("Statistics"))
        self.library, self.runner = library, runner
        self.chart = StatisticsChart(self)
        self.chart.theme = theme
        self.scope_box = named(QComboBox(self), "statisticsScope")
        self.scope_box.setAccessibleName(self.tr("What to chart"))
        self.period_box = named(QComboBox(self), "statisticsPeriod")
        self.period_box.addItem(self.tr("By week"), "week")
        self.period_box.addItem(self.tr("By day"), "day")
        self.status = named(QLabel(self), "statisticsStatus")
        self.png_button = named(QPushButton(self.tr("Export PNG…"), self), "statisticsPng")
        self.svg_button = named(QPushButton(self.tr("Export SVG…"), self), "statisticsSvg")
        self.copy_button = named(QPushButton(self.tr("Copy Numbers"), self), "statisticsCopy")
        self.close_button = named(QPushButton(self.tr("Close"), self), "statisticsClose")
        self.figures: Statistics | None = None
        self._job: JobHandle | None = None
        self._generation = 0
        self._lay_out()
        self.fill_scopes(document_id)
        self._connect_signals()
        self.resize(chart_size(stats.Statistics("library", "", 0, 0, [], [])).width() + 44, 860)
        self.refresh()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Chart:"), self))
        top.addWidget(self.scope_box, 1)
        top.addWidget(self.period_box)
        scroll = QScrollArea(self)
        scroll.setObjectName("statisticsScroll")
        scroll.setWidget(self.chart)
        scroll.setWidgetResizable(False)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.png_button, self.svg_button, self.copy_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.scope_box.currentIndexChanged.connect(lambda _: self.refresh())
        self.period_box.currentIndexChanged.connect(lambda _: self.refresh())
        self.png_button.clicked.connect(lambda: self.ask_export("png"))
        self.svg_button.clicked.connect(lambda: self.ask_export("svg"))
        self.copy_button.clicked.connect(self.copy_numbers)
        self.close_button.clicked.connect(self.close)

    def fill_scopes(self, document_id: int | None) -> None:
        """Offer the open document (if any), the whole library and every collection."""
        self.scope_box.blockSignals(True)
        self.scope_box.clear()
        if document_id is not None:
            title = self.library.document_summary(document_id).title or self.tr("Untitled")
            self.scope_box.addItem(self.tr("This document: {title}").format(title=title), ("document", document_id))
        self.scope_box.addItem(self.tr("Whole library"), ("library", None))
        for found in collections.collections(self.library):
            self.scope_box.addItem(self.tr("Collection: {path}").format(path=found.path), ("collection", found.id))
        self.scope_box.blockSignals(False)

    def show_scope(self, kind: str, key: int | None = None) -> None:
        """Chart one scope: ("library"), ("document", id) or ("collection", id)."""
        for row in range(self.scope_box.count()):
            if tuple(self.scope_box.itemData(row)) == (kind, key):
                if row == self.scope_box.currentIndex():
                    self.refresh()
                self.scope_box.setCurrentIndex(row)
                return

    def scope(self) -> Scope:
        """The scope charted."""
        kind, key = self.scope_box.currentData() or ("library", None)
        return str(kind), key

    def set_theme(self, theme: Theme) -> None:
        """Draw in theme's colours."""
        self.chart.theme = theme
        self.chart.update()

    # -- figures -------------------------------------------------------------------
    def refresh(self) -> JobHandle:
        """Compute the chosen scope's figures on the JobRunner, then draw them."""
        if self._job is not None:
            self._job.cancel()
        self._generation += 1
        generation = self._generation
        self.status.setText(self.tr("Counting…"))
        for button in (self.png_button, self.svg_button, self.copy_button):
            button.setEnabled(False)
        period = str(self.period_box.currentData())
        self._job = self.runner.start(
            statistics_job(self.library.path, self.scope(), period),
            lambda figures: self._on_figures(generation, figures), lambda message: self._on_failed(generation, message),
            title=self.tr("Counting claims"),
        )  # fmt: skip
        return self._job

    def _on_figures(self, generation: int, figures: Statistics) -> None:
        if generation != self._generation:
            return
        self.figures = figures
        self.chart.show_figures(figures, self.words(figures))
        self.status.setText("")
        for button in (self.png_button, self.svg_button, self.copy_button):
            button.setEnabled(True)
        self.figures_ready.emit()

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.status.setText(message)
            self.failed.emit(message)

    def words(self, figures: Statistics) -> ChartWords:
        """The chart's words, translated."""
        return ChartWords(
            shares=self.tr("Claim types"), strips=self.tr("Where each type falls along the article") if
            figures.scope == "document" else self.tr("Where each type falls along the articles"),
            start=self.tr("start"), end=self.tr("end"), speakers=self.tr("Top speakers"), tags=self.tr("Top tags"),
            timeline=self.tr("Claims per week") if figures.period == "week" else self.tr("Claims per day"),
            none=self.tr("none yet"), library=self.tr("Whole library"),
        )  # fmt: skip

    # -- out -----------------------------------------------------------------------
    def export_png(self, path: str | Path) -> bool:
        """Write the chart as a PNG (twice the pixels); False when there is nothing to write or it failed."""
        if self.figures is None:
            return False
        return render_png(self.figures, self.chart.theme, path, self.words(self.figures))

    def export_svg(self, path: str | Path) -> bool:
        """Write the chart as an SVG; False when there is nothing to write."""
        if self.figures is None:
            return False
        render_svg(self.figures, self.chart.theme, path, self.words(self.figures))
        return Path(path).exists()

    def ask_export(self, kind: str) -> bool:
        """Ask where, then write the chart as PNG or SVG."""
        title = self.figures.title if self.figures is not None else "statistics"
        name = "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in title).strip() or "statistics"
        filters = {"png": self.tr("PNG image (*.png)"), "svg": self.tr("SVG image (*.svg)")}
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export Chart"), f"{name}.{kind}", filters[kind])
        if not path:
            return False
        written = self.export_png(path) if kind == "png" else self.export_svg(path)
        self.status.setText(self.tr("Saved {path}").format(path=path) if written else self.tr("Not saved"))
        return written

    def copy_numbers(self) -> str:
        """Put the figures on the clipboard as tab-separated text; return it."""
        if self.figures is None:
            return ""
        text = numbers_text(self.figures)
        QGuiApplication.clipboard().setText(text)
        self.status.setText(self.tr("Copied the numbers"))
        return text
