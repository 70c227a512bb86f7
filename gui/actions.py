"""The window's actions (with stable objectNames and shortcuts) and its menus."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from .themes import THEMES


def _action(parent: QObject, name: str, text: str, *shortcuts: QKeySequence | str, tip: str = "") -> QAction:
    action = QAction(text, parent)
    action.setObjectName(name)
    action.setShortcuts([QKeySequence(s) for s in shortcuts])
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    tip = tip or text.replace("&", "").rstrip("…")
    action.setToolTip(f"{tip} ({keys})" if keys else tip)
    action.setStatusTip(action.toolTip())
    return action


class WindowActions(QObject):
    """Every action of the main window; menus and toolbars are built from these."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        tr, keys = self.tr, QKeySequence.StandardKey
        self.import_ = _action(parent, "actionImport", tr("&Open…"), keys.Open, tip=tr("Import an article file"))
        self.open_url = _action(parent, "actionOpenUrl", tr("Open &URL…"), "Ctrl+Shift+O")
        self.export = _action(parent, "actionExport", tr("&Export…"), "Ctrl+E", tip=tr("Export claims as Markdown"))
        self.import_annotations = _action(parent, "actionImportAnnotations", tr("Import &Annotations…"))
        self.quit = _action(parent, "actionQuit", tr("&Quit"), keys.Quit, "Ctrl+Q")
        self.undo = _action(parent, "actionUndo", tr("&Undo"), keys.Undo)
        self.redo = _action(parent, "actionRedo", tr("&Redo"), "Ctrl+Shift+Z", keys.Redo)
        self.copy = _action(parent, "actionCopy", tr("&Copy"), keys.Copy)
        self.zoom_in = _action(parent, "actionZoomIn", tr("&Larger Text"), "Ctrl+=", "Ctrl++")
        self.zoom_out = _action(parent, "actionZoomOut", tr("&Smaller Text"), "Ctrl+-")
        self.zoom_reset = _action(parent, "actionZoomReset", tr("&Normal Size"), "Ctrl+0")
        self.show_library = _action(parent, "actionShowLibrary", tr("Show &Library"), "Ctrl+Shift+L")
        self.show_panel = _action(parent, "actionShowAnnotations", tr("Show &Claims Panel"), "Ctrl+Shift+K")
        for action in (self.show_library, self.show_panel):
            action.setCheckable(True)
            action.setChecked(True)
        self.themes = {name: _action(parent, f"actionTheme{name.title()}", tr(name.title())) for name in THEMES}
        for action in self.themes.values():
            action.setCheckable(True)
        self.tag_fact = _action(parent, "actionTagFact", tr("&Fact"), "F", "1", tip=tr("Tag the selection as a fact"))
        self.tag_opinion = _action(parent, "actionTagOpinion", tr("&Opinion"), "O", "2", tip=tr("Tag as an opinion"))
        self.tag_quote = _action(parent, "actionTagQuote", tr("&Quote"), "Q", "3", tip=tr("Tag as a quote"))
        self.add_note = _action(parent, "actionAddNote", tr("&Note…"), "N", tip=tr("Tag and write a note"))
        self.delete = _action(parent, "actionDeleteAnnotation", tr("&Delete Claim"), keys.Delete, "Backspace")
        self.shortcuts = _action(parent, "actionShortcuts", tr("&Keyboard Shortcuts"), "F1", "Ctrl+/")
        self.about = _action(parent, "actionAbout", tr("&About Claimmark"))

    def all(self) -> list[QAction]:
        """Return every action, in menu order."""
        found = [v for v in vars(self).values() if isinstance(v, QAction)]
        return found + list(self.themes.values())

    def tag_actions(self) -> list[QAction]:
        """Return the actions of the floating bar: Fact, Opinion, Quote, Note."""
        return [self.tag_fact, self.tag_opinion, self.tag_quote, self.add_note]

    def build_menus(self, bar: QMenuBar) -> dict[str, QMenu]:
        """Fill the menu bar: File, Edit, View, Annotate, Help; return the menus by name."""
        tr = self.tr
        menus = {name: bar.addMenu(title) for name, title in (
            ("file", tr("&File")), ("edit", tr("&Edit")), ("view", tr("&View")),
            ("annotate", tr("&Annotate")), ("help", tr("&Help")),
        )}  # fmt: skip
        menus["file"].addActions([self.import_, self.open_url])
        menus["recent"] = menus["file"].addMenu(tr("Open &Recent"))
        menus["recent"].setObjectName("menuRecent")
        menus["file"].addActions([self.export, self.import_annotations])
        menus["file"].addSeparator()
        menus["file"].addAction(self.quit)
        menus["edit"].addActions([self.undo, self.redo])
        menus["edit"].addSeparator()
        menus["edit"].addAction(self.copy)
        menus["view"].addActions([self.zoom_in, self.zoom_out, self.zoom_reset])
        menus["view"].addSeparator()
        themes = menus["view"].addMenu(tr("&Theme"))
        themes.addActions(list(self.themes.values()))
        menus["view"].addSeparator()
        menus["view"].addActions([self.show_library, self.show_panel])
        menus["annotate"].addActions(self.tag_actions())
        menus["annotate"].addSeparator()
        menus["annotate"].addAction(self.delete)
        menus["help"].addActions([self.shortcuts, self.about])
        return menus
