"""Manage Claim Types: add, rename, recolour, restyle, give a shortcut, reorder and delete, each undoable.

Every change goes through the window's LibraryManager (one transaction, one
undo step). The dialog, like every view, follows the ClaimTypeRegistry: when
the types change (here, by undo, or from the command line), the window's
actions, the panel's toggles, the reader's colours and the card editor follow.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storage import ClaimType, Library
from storage.claim_types import UNDERLINES
from storage.research import claim_type_changes

from ..claim_type_registry import ClaimTypeRegistry
from ..icons import claim_type_icon
from .library_manager import LibraryManager
from .named import named

NameRole = Qt.ItemDataRole.UserRole + 1  # the claim type's name
ClaimTypeRole = Qt.ItemDataRole.UserRole + 2  # the ClaimType record
UsageRole = Qt.ItemDataRole.UserRole + 3  # how many claims have it
UNDERLINE_LABELS = {"solid": "Solid", "dash": "Dashed", "dot": "Dotted", "wave": "Wavy"}

Index = QModelIndex | QPersistentModelIndex


class ClaimTypeListModel(QAbstractListModel):
    """The library's claim types in their order, with how many claims each has."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._types: list[ClaimType] = []
        self._usage: dict[str, int] = {}

    def set_types(self, types: list[ClaimType], usage: dict[str, int]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._types, self._usage = list(types), dict(usage)
        self.endResetModel()

    def names(self) -> list[str]:
        """The names, in order."""
        return [t.name for t in self._types]

    def row_of(self, name: str) -> int:
        """The row of a type, or -1."""
        return self.names().index(name) if name in self.names() else -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._types)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._types):
            return None
        claim_type = self._types[index.row()]
        used = self._usage.get(claim_type.name, 0)
        if role == Qt.ItemDataRole.DisplayRole:
            key = f"  [{claim_type.shortcut}]" if claim_type.shortcut else ""
            return f"{claim_type.label}{key}  ·  {used}"
        if role == Qt.ItemDataRole.DecorationRole:
            return claim_type_icon(claim_type)
        if role == Qt.ItemDataRole.ToolTipRole:
            built_in = self.tr(", built in") if claim_type.builtin else ""
            return self.tr("{name}{built_in}: {n} claim(s)").format(name=claim_type.name, built_in=built_in, n=used)
        if role == NameRole:
            return claim_type.name
        if role == ClaimTypeRole:
            return claim_type
        if role == UsageRole:
            return used
        return None


class TypeManagerDialog(QDialog):
    """The list of claim types, the chosen one's fields, and buttons that change them."""

    def __init__(
        self, library: Library, registry: ClaimTypeRegistry, manager: LibraryManager, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("typeManager")
        self.setWindowTitle(self.tr("Manage Claim Types"))
        self.resize(640, 420)
        self.library, self.registry, self.manager = library, registry, manager
        self._expected = ""  # the name a change gave the chosen type
        self._usage: dict[str, int] | None = None
        self.model = ClaimTypeListModel(self)
        self.view = QListView(self)
        self.view.setObjectName("typeList")
        self.view.setAccessibleName(self.tr("Claim types"))
        self.view.setModel(self.model)
        self._build_fields()
        self._build_buttons()
        self._lay_out()
        self.view.selectionModel().currentChanged.connect(lambda *_: self._load_fields())
        registry.changed.connect(lambda types: self.reload(counts=[t.name for t in types] != self.model.names()))
        self.reload()
        self.select(self.model.names()[0] if self.model.names() else "")

    def _build_fields(self) -> None:
        self.name_edit = named(QLineEdit(self), "typeName")
        self.label_edit = named(QLineEdit(self), "typeLabel")
        self.colour_button = named(QPushButton(self), "typeColour")
        self.underline_box = named(QComboBox(self), "typeUnderline")
        for value in UNDERLINES:
            self.underline_box.addItem(self.tr(UNDERLINE_LABELS.get(value, value)), value)
        self.shortcut_edit = named(QLineEdit(self, maxLength=1), "typeShortcut")
        self.shortcut_edit.setPlaceholderText(self.tr("none"))
        self.usage_label = named(QLabel(self), "typeUsage")
        self.apply_button = named(QPushButton(self.tr("Apply"), self), "typeApply")
        self.colour_button.clicked.connect(lambda: self.choose_colour())
        self.apply_button.clicked.connect(self.apply_fields)
        for edit in (self.name_edit, self.label_edit, self.shortcut_edit):
            edit.returnPressed.connect(self.apply_fields)
        self.underline_box.activated.connect(lambda _: self.apply_fields())

    def _build_buttons(self) -> None:
        self.add_button = named(QPushButton(self.tr("Add…"), self), "typeAdd")
        self.delete_button = named(QPushButton(self.tr("Delete…"), self), "typeDelete")
        self.up_button = named(QPushButton(self.tr("Move Up"), self), "typeUp")
        self.down_button = named(QPushButton(self.tr("Move Down"), self), "typeDown")
        self.close_button = named(QPushButton(self.tr("Close"), self), "typeClose")
        self.add_button.clicked.connect(lambda: self.ask_add())
        self.delete_button.clicked.connect(lambda: self.ask_delete())
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.close_button.clicked.connect(self.close)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Label:"), self.label_edit)
        form.addRow(self.tr("Colour:"), self.colour_button)
        form.addRow(self.tr("Underline:"), self.underline_box)
        form.addRow(self.tr("Shortcut key:"), self.shortcut_edit)
        form.addRow("", self.usage_label)
        form.addRow("", self.apply_button)
        order = QVBoxLayout()
        order.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.delete_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        order.addLayout(buttons)
        row = QHBoxLayout()
        row.addLayout(order, 3)
        row.addLayout(form, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        close = QHBoxLayout()
        close.addStretch(1)
        close.addWidget(self.close_button)
        layout.addLayout(close)

    # -- showing -------------------------------------------------------------------
    def reload(self, counts: bool = True) -> None:
        """Re-read the types (and, with counts, how many claims each has), keeping the chosen one."""
        chosen = self.selected()
        if counts or self._usage is None:
            self._usage = claim_type_changes.usage(self.library)  # 15 ms at 100,000 claims: only when names change
        self.model.set_types(self.library.claim_types(), self._usage)
        names = self.model.names()
        if self._expected in names:
            self.select(self._expected)
            self._expected = ""
        elif chosen is not None and chosen.name in names:
            self.select(chosen.name)
        elif names:
            self.select(names[0])

    def select(self, name: str) -> None:
        """Choose a type and show its fields."""
        row = self.model.row_of(name)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row))
        self._load_fields()

    def selected(self) -> ClaimType | None:
        """The chosen type, or None."""
        index = self.view.currentIndex()
        return index.data(ClaimTypeRole) if index.isValid() else None

    def _load_fields(self) -> None:
        chosen = self.selected()
        for widget in (self.name_edit, self.label_edit, self.colour_button, self.underline_box, self.shortcut_edit,
                       self.apply_button, self.delete_button, self.up_button, self.down_button):  # fmt: skip
            widget.setEnabled(chosen is not None)
        if chosen is None:
            return
        self.name_edit.setText(chosen.name)
        self.label_edit.setText(chosen.label)
        self._show_colour(chosen.colour)
        self.underline_box.setCurrentIndex(max(0, self.underline_box.findData(chosen.underline)))
        self.shortcut_edit.setText(chosen.shortcut)
        used = self.view.currentIndex().data(UsageRole) or 0
        built_in = self.tr(" Built in: it cannot be deleted while claims have it.") if chosen.builtin else ""
        self.usage_label.setText(self.tr("{n} claim(s) have this type.").format(n=used) + built_in)
        self.usage_label.setWordWrap(True)

    def _show_colour(self, colour: str) -> None:
        self.colour_button.setText(colour)
        text = "#000000" if QColor(colour).lightness() > 140 else "#ffffff"
        self.colour_button.setStyleSheet(f"QPushButton {{ background: {colour}; color: {text}; }}")

    # -- changing ------------------------------------------------------------------
    def apply_fields(self) -> bool:
        """Store what the fields say about the chosen type as one undoable change (False when nothing changed)."""
        chosen = self.selected()
        if chosen is None:
            return False
        fields = {
            "new_name": self.name_edit.text().strip().lower(), "label": self.label_edit.text().strip(),
            "underline": str(self.underline_box.currentData()), "shortcut": self.shortcut_edit.text().strip().upper(),
        }  # fmt: skip
        current = {"new_name": chosen.name, "label": chosen.label, "underline": chosen.underline,
                   "shortcut": chosen.shortcut}  # fmt: skip
        changes = {key: value for key, value in fields.items() if value != current[key]}
        if not changes:
            return False
        self._expected = changes.get("new_name", chosen.name)  # chosen again when a background rename ends
        changed = self.manager.change_claim_type(chosen.name, **changes)
        if changed is None and self.manager.started_in_background:
            return True
        if changed is None:
            self._load_fields()  # refused (its message is shown): the fields show what is stored
            return False
        self.select(changed.name)
        return True

    def choose_colour(self, colour: QColor | None = None) -> bool:
        """Give the chosen type another colour (asked for with QColorDialog when not given)."""
        chosen = self.selected()
        if chosen is None:
            return False
        if colour is None:
            colour = QColorDialog.getColor(QColor(chosen.colour), self, self.tr("Colour of {label}").format(
                label=chosen.label))  # fmt: skip
        if not colour.isValid() or colour.name() == chosen.colour:
            return False
        return self.manager.change_claim_type(chosen.name, colour=colour.name()) is not None

    def ask_add(self) -> ClaimType | None:
        """Ask for a name and add a claim type after the others."""
        name, ok = QInputDialog.getText(self, self.tr("New Claim Type"),
                                        self.tr("Name (a letter, then letters, digits, - or _):"))  # fmt: skip
        return self.add(name) if ok and name.strip() else None

    def add(self, name: str, colour: str = "#7a5cc4") -> ClaimType | None:
        """Add a claim type and choose it."""
        added = self.manager.add_claim_type(name, colour=colour)
        if added is not None:
            self.select(added.name)
        return added

    def ask_delete(self) -> bool:
        """Delete the chosen type; when claims have it, ask which type they get instead."""
        chosen = self.selected()
        if chosen is None:
            return False
        used = self.view.currentIndex().data(UsageRole) or 0
        target = None
        if used and not chosen.builtin:
            others = [t for t in self.library.claim_types() if t.name != chosen.name]
            shown = [f"{t.label} ({t.name})" for t in others]
            label, ok = QInputDialog.getItem(
                self, self.tr("Delete {label}").format(label=chosen.label),
                self.tr("{n} claim(s) have this type. Give them the type:").format(n=used), shown, 0, False,
            )  # fmt: skip
            if not ok or label not in shown:
                return False
            target = others[shown.index(label)].name
        return self.delete(chosen.name, target)

    def delete(self, name: str, reassign_to: str | None = None) -> bool:
        """Delete a type (its claims given reassign_to); a built-in type in use is refused by the library."""
        return self.manager.delete_claim_type(name, reassign_to)

    def move_selected(self, delta: int) -> bool:
        """Move the chosen type up (-1) or down (+1) in the order."""
        chosen = self.selected()
        if chosen is None:
            return False
        row = self.model.row_of(chosen.name)
        return self.manager.move_claim_type(chosen.name, row + delta)
