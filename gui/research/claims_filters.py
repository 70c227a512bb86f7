"""The claims view's filter bar: a box per filter (type, speaker, tag, document, collection, status, annotator),
two dates and a search field; ``claim_filter()`` reads them into storage's ``ClaimFilter``.

Each box offers "any" and then the values the library has, with their numbers
of claims (``ViewChoices``), any number of which can be ticked (``ChoiceBox``: a
claim shows when it has any of a box's ticked values, and what every box asks);
filling the boxes again keeps what was ticked.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import QDateEdit, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from storage import ClaimType
from storage.research.claims import ClaimFilter

from .choice_box import ANY, ChoiceBox
from .queries import ViewChoices

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

    type_box: ChoiceBox
    speaker_box: ChoiceBox
    tag_box: ChoiceBox
    document_box: ChoiceBox
    collection_box: ChoiceBox
    status_box: ChoiceBox
    annotator_box: ChoiceBox

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
            box = ChoiceBox(self.tr(anything), self)
            box.setObjectName(name)
            box.setMinimumContentsLength(10)
            box.setSizeAdjustPolicy(ChoiceBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            caption = QLabel(self.tr(label + ":"), self)
            caption.setBuddy(box)
            setattr(self, attribute, box)
            row, column = divmod(number + 1, 5)  # the words first, then five to a row
            grid.addWidget(self._labelled(caption, box), row, column * 2, 1, 2)
            box.chosen_changed.connect(self.changed)
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

    def _labelled(self, caption: QLabel, box: ChoiceBox) -> QWidget:
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

        return ClaimFilter(
            types=self.type_box.values(), speakers=self.speaker_box.values(), tags=self.tag_box.values(),
            documents=self.document_box.values(), collections=self.collection_box.values(),
            statuses=self.status_box.values(), annotators=self.annotator_box.values(),
            created_from=_day(self.since_box), created_to=_day(self.until_box), text=self.text_field.text().strip(),
        )  # fmt: skip

    def set_choices(self, choices: ViewChoices, claim_types: dict[str, ClaimType]) -> None:
        """Offer the library's values (with their numbers of claims), keeping each box's choice."""
        f = choices.filters

        def label_of(name: str) -> str:
            return claim_types[name].label if name in claim_types else name

        no_speaker, unknown, untitled = self.tr("(no speaker)"), self.tr("(unknown)"), self.tr("Untitled")
        self._fill(self.type_box, [(label_of(n), c, n) for n, c in f.types])
        self._fill(self.speaker_box, [(s or no_speaker, c, s) for s, c in f.speakers])
        self._fill(self.tag_box, [(t, c, t) for t, c in f.tags])
        self._fill(self.document_box, [(title or untitled, None, i) for i, title in choices.documents])
        self._fill(self.collection_box, [(path, None, i) for i, path in choices.collections])
        self._fill(self.status_box, [(s, c, s) for s, c in f.statuses])
        self._fill(self.annotator_box, [(a or unknown, c, a) for a, c in f.annotators])
        if f.first_day:  # "any day" sits just before the first: the calendar opens where the claims are
            earliest = QDate.fromString(f.first_day, "yyyy-MM-dd").addDays(-1)
            for box in (self.since_box, self.until_box):
                box.blockSignals(True)
                anyday = box.date() == box.minimumDate()
                box.setDateRange(earliest, QDate.fromString(f.last_day, "yyyy-MM-dd").addYears(1))
                if anyday:
                    box.setDate(earliest)
                box.blockSignals(False)

    def _fill(self, box: ChoiceBox, items: list[tuple[str, int | None, Any]]) -> None:
        """Offer items (name, number of claims or None, value), keeping the ticks of the values still offered."""
        chosen = set(box.values())
        box.blockSignals(True)
        box.clear_values()
        for name, count, value in items:
            box.add_value(name if count is None else f"{name} ({count:,})", value, name)
        box.set_values(tuple(chosen))  # those still offered (the summary and tooltip follow)
        box.blockSignals(False)
        if set(box.values()) != chosen:  # a value ticked is gone (the last claim of that tag deleted)
            self.changed.emit()

    def choose(self, box: ChoiceBox, value: Any) -> bool:
        """Choose value alone in box (as a person picking it would); False when the box does not offer it."""
        if value is not ANY and box.findData(value) <= 0:
            return False
        box.set_values(() if value is ANY else (value,))
        return True

    def clear(self) -> None:
        """Show every claim again: every box at "any", no dates, no words."""
        widgets = [getattr(self, attribute) for attribute, *_ in BOXES] + [self.since_box, self.until_box,
                                                                           self.text_field]  # fmt: skip
        for widget in widgets:
            widget.blockSignals(True)
        for attribute, *_ in BOXES:
            getattr(self, attribute).set_values(())
        self.since_box.setDate(self.since_box.minimumDate())
        self.until_box.setDate(self.until_box.minimumDate())
        self.text_field.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self.changed.emit()


def _day(box: QDateEdit) -> str:
    return "" if box.date() == box.minimumDate() else box.date().toString("yyyy-MM-dd")
