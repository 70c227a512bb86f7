"""Every action of the window, its shortcuts and its menus, built in one place.

The shortcuts of the fixed actions are one table (``FIXED``); each claim type
of the library gets a tag action with its own letter (``claim_types.shortcut``)
and its position's digit (1–9). A key sequence is given to one action only:
``WindowActions`` drops a second claim on a sequence (a standard key that
resolves to the same keys as a literal one, or a claim type's letter that a
fixed action has), so Qt never sees an ambiguous shortcut.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from storage import ClaimType
from storage.claim_types import UNTYPED

from .icons import claim_type_icon, icon
from .themes import THEMES

Key = QKeySequence.StandardKey | str
_STANDARD = QKeySequence.StandardKey

# The icon (a file of resources/icons) of each fixed action that has one.
ICONS = {
    "import_": "open", "open_url": "url", "export": "export", "import_annotations": "import-annotations",
    "undo": "undo", "redo": "redo", "find": "find", "show_contents": "contents", "show_library": "library",
    "show_panel": "claims", "search_library": "find", "add_note": "note", "delete": "delete", "zoom_in": "zoom-in",
    "zoom_out": "zoom-out",
}  # fmt: skip
TOOLBAR = ("import_", "export", None, "undo", "redo", None, "find", "show_contents", None, "zoom_out", "zoom_in")

# attribute, objectName, text, shortcuts, tip
FIXED: tuple[tuple[str, str, str, tuple[Key, ...], str], ...] = (
    ("import_", "actionImport", "&Open…", (_STANDARD.Open,), "Import an article file"),
    ("open_url", "actionOpenUrl", "Open &URL…", ("Ctrl+Shift+O",), ""),
    ("update_from_file", "actionUpdateFromFile", "&Update from File…", (),
     "Load a newer version of this article and carry the claims over"),
    ("export", "actionExport", "&Export…", ("Ctrl+E",), "Export claims as Markdown"),
    ("import_annotations", "actionImportAnnotations", "Import &Annotations…", (), ""),
    ("copy_citation", "actionCopyCitation", "Copy C&itation (BibTeX)", (), "Copy the document's reference for LaTeX"),
    ("copy_csl", "actionCopyCslJson", "Copy Citation (CSL-&JSON)", (), "Copy the document's reference for Zotero"),
    ("quit", "actionQuit", "&Quit", (_STANDARD.Quit, "Ctrl+Q"), ""),
    ("undo", "actionUndo", "&Undo", (_STANDARD.Undo, "Ctrl+Z"), ""),
    ("redo", "actionRedo", "&Redo", (_STANDARD.Redo, "Ctrl+Shift+Z", "Ctrl+Y"), ""),
    ("copy", "actionCopy", "&Copy", (_STANDARD.Copy,), ""),
    ("find", "actionFind", "&Find…", (_STANDARD.Find, "Ctrl+F"), "Find words in the document"),
    ("find_next", "actionFindNext", "Find &Next", (_STANDARD.FindNext, "F3"), ""),
    ("find_previous", "actionFindPrevious", "Find Pre&vious", (_STANDARD.FindPrevious, "Shift+F3"), ""),
    ("search_library", "actionSearchLibrary", "&Search the Library…", ("Ctrl+Shift+F",),
     "Search every claim and every document's text"),
    ("show_claims_view", "actionShowClaimsView", "Claims &Across the Library", ("Ctrl+Shift+A",),
     "Every claim of the library, filtered, sorted and exported as shown"),
    ("zoom_in", "actionZoomIn", "&Larger Text", ("Ctrl+=", "Ctrl++"), ""),
    ("zoom_out", "actionZoomOut", "&Smaller Text", ("Ctrl+-",), ""),
    ("zoom_reset", "actionZoomReset", "&Normal Size", ("Ctrl+0",), ""),
    ("show_library", "actionShowLibrary", "Show &Library", ("Ctrl+Shift+L",), ""),
    ("show_panel", "actionShowAnnotations", "Show &Claims Panel", ("Ctrl+Shift+K",), ""),
    ("show_contents", "actionShowContents", "C&ontents", ("Ctrl+Shift+C",), "Show the document's contents"),
    ("show_changes", "actionShowChanges", "What &Changed…", (), "Compare the old and new wording of changed claims"),
    ("add_note", "actionAddNote", "&Note…", ("N",), "Tag and write a note"),
    ("select_sentence", "actionSelectSentence", "Select &Sentence", ("S",), "Select the sentence at the caret"),
    ("snap_sentences", "actionSnapSentences", "Snap Selections to Sen&tences", (), ""),
    ("suggest_claims", "actionSuggestClaims", "Su&ggest Claims…", ("Ctrl+Shift+G",),
     "Suggest a type for every sentence, to review"),
    ("compare_key", "actionCompareKey", "Compare with &Key…", (), "Compare this tagging with an answer key"),
    ("hide_key", "actionHideKey", "&Hide the Key", (), "Take the answer key's outlines away"),
    ("delete", "actionDeleteAnnotation", "&Delete Claim", (_STANDARD.Delete, "Backspace"), ""),
    ("sync_now", "actionSyncNow", "&Sync Now", (), "Send this library's changes to its group and receive the group's"),
    ("join_group", "actionJoinGroup", "&Join a Group…", (), "Make this library sync with a group on a server"),
    ("leave_group", "actionLeaveGroup", "&Leave Group", (), "Stop syncing this library with its group"),
    ("show_conflicts", "actionSyncConflicts", "Sync &Conflicts…", (), "Keep yours or theirs where sync cannot merge"),
    ("class_view", "actionClassView", "&Teacher's View…", (), "Every student's tagging against the key"),
    ("shortcuts", "actionShortcuts", "&Keyboard Shortcuts", ("F1", "Ctrl+/"), ""),
    ("about", "actionAbout", "&About Claimmark", (), ""),
)  # fmt: skip
# Managing and charting the library (gui/research), built like FIXED.
MANAGE: tuple[tuple[str, str, str, tuple[Key, ...], str], ...] = (
    ("similar_claims", "actionSimilarClaims", "Same Claim &Elsewhere…", ("Ctrl+Shift+E",),
     "Find the selected claim in other documents"),
    ("manage_types", "actionManageClaimTypes", "Manage Claim &Types…", (),
     "Add, rename, recolour and order claim types"),
    ("manage_tags", "actionManageTags", "Manage T&ags…", (), "Rename, merge and delete tags"),
    ("statistics", "actionStatistics", "S&tatistics…", ("Ctrl+Shift+T",),
     "Chart the claims of this document or more"),
)  # fmt: skip
MAX_DIGIT_TYPES = 9


def tag_action_name(claim_type: str) -> str:
    """Return the objectName of the action tagging as claim_type, e.g. actionTagFact, actionTagClaimX."""
    return "actionTag" + "".join(part.title() for part in re.split(r"[-_\s]+", claim_type) if part)


def _text(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


class WindowActions(QObject):
    """Every action of the main window; menus and the floating bar are built from these."""

    tag_requested = Signal(str)  # a claim type name: tag the selection as it
    claim_types_changed = Signal()  # the tag actions were rebuilt

    # The fixed actions (see FIXED), set in __init__.
    import_: QAction
    open_url: QAction
    update_from_file: QAction
    export: QAction
    import_annotations: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    copy: QAction
    copy_citation: QAction
    copy_csl: QAction
    find: QAction
    find_next: QAction
    find_previous: QAction
    search_library: QAction
    show_claims_view: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction
    show_library: QAction
    show_panel: QAction
    show_contents: QAction
    show_changes: QAction
    add_note: QAction
    select_sentence: QAction
    snap_sentences: QAction
    suggest_claims: QAction
    compare_key: QAction
    hide_key: QAction
    delete: QAction
    sync_now: QAction
    join_group: QAction
    leave_group: QAction
    show_conflicts: QAction
    class_view: QAction
    shortcuts: QAction
    about: QAction
    similar_claims: QAction
    manage_types: QAction
    manage_tags: QAction
    statistics: QAction

    def __init__(self, parent: QWidget, claim_types: Sequence[ClaimType]) -> None:
        super().__init__(parent)
        self._widget = parent
        self._taken: dict[str, str] = {}  # key sequence (portable text) -> objectName of its action
        self.fixed: dict[str, QAction] = {}
        for attribute, name, text, keys, tip in (*FIXED, *MANAGE):
            action = self._action(name, self.tr(text), keys, self.tr(tip) if tip else "")
            setattr(self, attribute, action)
            self.fixed[attribute] = action
        for action in (self.show_library, self.show_panel):
            action.setCheckable(True)
            action.setChecked(True)
        self.show_claims_view.setCheckable(True)
        self.snap_sentences.setCheckable(True)
        self.hide_key.setEnabled(False)
        self.themes = {name: self._action(f"actionTheme{name.title()}", self.tr(name.title()), ()) for name in THEMES}
        for action in self.themes.values():
            action.setCheckable(True)
        self.tags: dict[str, QAction] = {}
        self._annotate_menu: QMenu | None = None
        self.set_claim_types(claim_types)
        self.set_icon_colour("#1d1d1f")

    def set_icon_colour(self, colour: str) -> None:
        """Draw the fixed actions' icons in colour (the theme's text colour)."""
        for attribute, name in ICONS.items():
            self.fixed[attribute].setIcon(icon(name, colour))

    def build_toolbar(self, toolbar: QToolBar) -> None:
        """Fill the main toolbar with the everyday actions."""
        for attribute in TOOLBAR:
            if attribute is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(self.fixed[attribute])

    # -- actions -----------------------------------------------------------------
    def _action(self, name: str, text: str, keys: Iterable[Key], tip: str = "") -> QAction:
        action = QAction(text, self._widget)
        action.setObjectName(name)
        action.setShortcuts(self._claim(name, keys))
        shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = tip or text.replace("&", "").rstrip("…")
        action.setToolTip(f"{tip} ({shown})" if shown else tip)
        action.setStatusTip(action.toolTip())
        return action

    def _claim(self, name: str, keys: Iterable[Key]) -> list[QKeySequence]:
        """Return the sequences of keys not yet given to another action, and give them to name."""
        claimed = []
        for key in keys:
            if isinstance(key, QKeySequence.StandardKey):
                sequences = QKeySequence.keyBindings(key)
            else:
                sequences = [QKeySequence(key)]
            for sequence in sequences:
                text = _text(sequence)
                if text and self._taken.setdefault(text, name) == name and sequence not in claimed:
                    claimed.append(sequence)
        return claimed

    def set_claim_types(self, claim_types: Sequence[ClaimType]) -> None:
        """Give each claim type a tag action with its letter and its position's digit (rebuilt from scratch)."""
        for action in self.tags.values():
            self._widget.removeAction(action)
            action.deleteLater()
        self._taken = {key: name for key, name in self._taken.items() if not name.startswith("actionTag")}
        self.tags = {}
        # Untyped (highlights brought in without a type) is there to be classified, never tagged as.
        taggable = [t for t in claim_types if t.name != UNTYPED]
        for position, claim_type in enumerate(taggable, start=1):
            keys = [claim_type.shortcut] if claim_type.shortcut else []
            keys += [str(position)] if position <= MAX_DIGIT_TYPES else []
            tip = self.tr("Tag the selection as {label}").format(label=claim_type.label)
            action = self._action(tag_action_name(claim_type.name), claim_type.label, keys, tip)
            action.setIcon(claim_type_icon(claim_type))
            action.triggered.connect(lambda _=False, name=claim_type.name: self.tag_requested.emit(name))
            self.tags[claim_type.name] = action
        self._widget.addActions(list(self.tags.values()))
        if self._annotate_menu is not None:
            self._fill_annotate_menu(self._annotate_menu)
        self.claim_types_changed.emit()

    def all(self) -> list[QAction]:
        """Return every action, in menu order."""
        return [*self.fixed.values(), *self.tags.values(), *self.themes.values()]

    def tag_actions(self) -> list[QAction]:
        """Return the actions of the floating bar: one per claim type, then Note."""
        return [*self.tags.values(), self.add_note]

    def shortcut_owners(self) -> dict[str, list[str]]:
        """Return every key sequence in use (portable text) with the objectNames of the actions it triggers."""
        owners: dict[str, list[str]] = {}
        for action in self.all():
            for sequence in action.shortcuts():
                owners.setdefault(_text(sequence), []).append(action.objectName())
        return owners

    # -- menus -------------------------------------------------------------------
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
        menus["file"].addActions([self.update_from_file, self.export, self.import_annotations])
        menus["file"].addSeparator()
        menus["shared"] = menus["file"].addMenu(tr("Shared &Library"))
        menus["shared"].setObjectName("menuShared")
        menus["shared"].addActions([self.sync_now, self.show_conflicts, self.class_view])
        menus["shared"].addSeparator()
        menus["shared"].addActions([self.join_group, self.leave_group])
        menus["file"].addSeparator()
        menus["file"].addAction(self.quit)
        menus["edit"].addActions([self.undo, self.redo])
        menus["edit"].addSeparator()
        menus["edit"].addActions([self.copy, self.copy_citation, self.copy_csl])
        menus["edit"].addSeparator()
        menus["edit"].addActions([self.find, self.find_next, self.find_previous])
        menus["edit"].addSeparator()
        menus["edit"].addAction(self.search_library)
        menus["view"].addActions([self.zoom_in, self.zoom_out, self.zoom_reset])
        menus["view"].addSeparator()
        themes = menus["view"].addMenu(tr("&Theme"))
        themes.addActions(list(self.themes.values()))
        menus["view"].addSeparator()
        menus["view"].addActions([self.show_library, self.show_contents, self.show_panel, self.show_claims_view])
        menus["view"].addSeparator()
        menus["view"].addAction(self.show_changes)
        menus["view"].addAction(self.statistics)
        self._annotate_menu = menus["annotate"]
        self._fill_annotate_menu(menus["annotate"])
        menus["help"].addActions([self.shortcuts, self.about])
        return menus

    def set_linked(self, linked: bool) -> None:
        """Enable the Shared Library actions that need a group (linked) or none (Join)."""
        for action in (self.sync_now, self.leave_group, self.show_conflicts):
            action.setEnabled(linked)
        self.join_group.setEnabled(not linked)

    def _fill_annotate_menu(self, menu: QMenu) -> None:
        menu.clear()
        menu.addActions(self.tag_actions())
        menu.addSeparator()
        menu.addActions([self.select_sentence, self.snap_sentences])
        menu.addSeparator()
        menu.addActions([self.suggest_claims, self.compare_key, self.hide_key])
        menu.addSeparator()
        menu.addActions([self.similar_claims, self.manage_types, self.manage_tags])
        menu.addSeparator()
        menu.addAction(self.delete)
