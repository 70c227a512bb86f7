"""The claims view's filter bar: a box per filter (type, speaker, tag, document, collection, status, annotator),
two dates and a search field; ``claim_filter()`` reads them into storage's ``ClaimFilter``.

Each box offers "any" and then the values the library has, with their numbers
of claims (``ViewChoices``); filling the boxes again keeps what was chosen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from storage import ClaimType
from storage.research.claims import ClaimFilter

from .queries import ViewChoices

ANY = None  # the data of each box's first item
NO_SPEAKER = ""  # the speaker box's value for claims without one
TEXT_DEBOUNCE_MS = 250
_EARLIEST = QDate(1900, 1, 1)  # "any day" until the library's first day is known (then the day before it)
# attribute, objectName, label, "any" text
BOXES = (
    ("type_box", "claimsType", "&Type", "Any type"),
    ("speaker_box", "claimsSpeaker", "S&peaker", "Anyone"),
    ("tag_box", "claimsTag", "T&ag", "Any tag"),
    ("document_box", "claimsDocument", "&Document", "Every document"),
    ("collection_box", "claimsCollection", "C&ollection", "Every collection"),
    ("status_box", "claimsStatus", "Stat&us", "Any status"),
    ("annotator_box", "claimsAnnotator", "A&nnotator", "Anyone"),
)


class ClaimFilterBar(QWidget):
    """The filters of the claims view; ``changed`` whenever one of them does."""

    changed = Signal()

    type_box: QComboBox
    speaker_box: QComboBox
    tag_box: QComboBox
    document_box: QComboBox
    collection_box: QComboBox
    status_box: QComboBox
    annotator_box: QComboBox

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimsFilters")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        self.text_field = QLineEdit(self, clearButtonEnabled=True)
        self.text_field.setObjectName("claimsText")
        self.text_field.setPlaceholderText(self.tr("Words in the quote, note, speaker or tags…"))
        self.text_field.setAccessibleName(self.tr("Filter claims by words"))
        grid.addWidget(self.text_field, 0, 0, 1, 2)
        for number, (attribute, name, label, anything) in enumerate(BOXES):
            box = QComboBox(self)
            box.setObjectName(name)
            box.setMinimumContentsLength(10)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.addItem(self.tr(anything), ANY)
            caption = QLabel(self.tr(label + ":"), self)
            caption.setBuddy(box)
            setattr(self, attribute, box)
            row, column = divmod(number + 1, 5)  # the words first, then five to a row
            grid.addWidget(self._labelled(caption, box), row, column * 2, 1, 2)
            box.currentIndexChanged.connect(self.changed)
        self.since_box, self.until_box = self._date_box("claimsSince"), self._date_box("claimsUntil")
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("claimsClear")
        self.clear_button.setText(self.tr("Clear Filters"))
        dates = QWidget(self)
        line = QHBoxLayout(dates)
        line.setContentsMargins(0, 0, 0, 0)
        since, until = QLabel(self.tr("Made from:"), dates), QLabel(self.tr("to:"), dates)
        for widget in (since, self.since_box, until, self.until_box):
            line.addWidget(widget)
        line.addStretch(1)
        line.addWidget(self.clear_button)
        grid.addWidget(dates, 1, 6, 1, 4)
        self._text_timer = QTimer(self, singleShot=True, interval=TEXT_DEBOUNCE_MS)
        self._text_timer.timeout.connect(self.changed)
        self.text_field.textChanged.connect(lambda _text: self._text_timer.start())
        self.text_field.returnPressed.connect(self._on_text_entered)
        self.clear_button.clicked.connect(self.clear)

    def _labelled(self, caption: QLabel, box: QComboBox) -> QWidget:
        holder = QWidget(self)
        layout = QGridLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(4)
        layout.addWidget(caption, 0, 0)
        layout.addWidget(box, 0, 1)
        layout.setColumnStretch(1, 1)
        return holder

    def _date_box(self, name: str) -> QDateEdit:
        box = QDateEdit(self)
        box.setObjectName(name)
        box.setDisplayFormat("yyyy-MM-dd")
        box.setCalendarPopup(True)
        box.setMinimumDate(_EARLIEST)
        box.setSpecialValueText(self.tr("any day"))
        box.setDate(_EARLIEST)
        box.dateChanged.connect(self.changed)
        return box

    def _on_text_entered(self) -> None:
        self._text_timer.stop()
        self.changed.emit()

    def claim_filter(self) -> ClaimFilter:
        """Return the filter the boxes show."""

        def one(box: QComboBox) -> tuple[Any, ...]:
            value = box.currentData()
            return () if value is ANY else (value,)

        return ClaimFilter(
            types=one(self.type_box), speakers=one(self.speaker_box), tags=one(self.tag_box),
            documents=one(self.document_box), collections=one(self.collection_box), statuses=one(self.status_box),
            annotators=one(self.annotator_box), created_from=_day(self.since_box), created_to=_day(self.until_box),
            text=self.text_field.text().strip(),
        )  # fmt: skip

    def set_choices(self, choices: ViewChoices, claim_types: dict[str, ClaimType]) -> None:
        """Offer the library's values (with their numbers of claims), keeping each box's choice."""
        f = choices.filters

        def label_of(name: str) -> str:
            return claim_types[name].label if name in claim_types else name

        self._fill(self.type_box, [(f"{label_of(n)} ({c:,})", n) for n, c in f.types])
        self._fill(self.speaker_box, [(f"{s or self.tr('(no speaker)')} ({c:,})", s) for s, c in f.speakers])
        self._fill(self.tag_box, [(f"{t} ({c:,})", t) for t, c in f.tags])
        self._fill(self.document_box, [(title or self.tr("Untitled"), i) for i, title in choices.documents])
        self._fill(self.collection_box, [(path, i) for i, path in choices.collections])
        self._fill(self.status_box, [(f"{s} ({c:,})", s) for s, c in f.statuses])
        self._fill(self.annotator_box, [(f"{a or self.tr('(unknown)')} ({c:,})", a) for a, c in f.annotators])
        if f.first_day:  # "any day" sits just before the first: the calendar opens where the claims are
            earliest = QDate.fromString(f.first_day, "yyyy-MM-dd").addDays(-1)
            for box in (self.since_box, self.until_box):
                box.blockSignals(True)
                anyday = box.date() == box.minimumDate()
                box.setDateRange(earliest, QDate.fromString(f.last_day, "yyyy-MM-dd").addYears(1))
                if anyday:
                    box.setDate(earliest)
                box.blockSignals(False)

    def _fill(self, box: QComboBox, items: list[tuple[str, Any]]) -> None:
        chosen = box.currentData()
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for text, value in items:
            box.addItem(text, value)
        found = box.findData(chosen) if chosen is not ANY else 0
        box.setCurrentIndex(max(found, 0))
        box.blockSignals(False)
        if found < 0:  # what was chosen is gone (the last claim of that tag deleted): the filter changed
            self.changed.emit()

    def choose(self, box: QComboBox, value: Any) -> bool:
        """Choose value in box (as a person picking it would); False when the box does not offer it."""
        found = box.findData(value)
        if found >= 0:
            box.setCurrentIndex(found)
        return found >= 0

    def clear(self) -> None:
        """Show every claim again: every box at "any", no dates, no words."""
        widgets = [getattr(self, attribute) for attribute, *_ in BOXES] + [self.since_box, self.until_box,
                                                                           self.text_field]  # fmt: skip
        for widget in widgets:
            widget.blockSignals(True)
        for attribute, *_ in BOXES:
            getattr(self, attribute).setCurrentIndex(0)
        self.since_box.setDate(self.since_box.minimumDate())
        self.until_box.setDate(self.until_box.minimumDate())
        self.text_field.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self.changed.emit()


def _day(box: QDateEdit) -> str:
    return "" if box.date() == box.minimumDate() else box.date().toString("yyyy-MM-dd")
