"""Icons: the window's own, one on every toolbar and floating-bar button, each file of the set used and licensed."""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtWidgets import QToolButton

from storage import Library


def test_window_toolbar_and_tag_bar_have_icons(make_window, library: Library) -> None:
    """The window has Claimmark's icon; every toolbar action and every button of the floating tag bar shows one."""
    window = make_window(library)
    assert not window.windowIcon().isNull()
    assert not window.windowIcon().pixmap(32, 32).toImage().isNull()
    toolbar = [action for action in window.toolbar.actions() if not action.isSeparator()]
    assert len(toolbar) >= 6
    assert [] == [action.objectName() for action in toolbar if action.icon().isNull()]
    buttons = window.selection_bar.findChildren(QToolButton)
    assert len(buttons) >= 3
    assert [] == [button.text() for button in buttons if button.icon().isNull()]


def test_icon_set_is_licensed_and_the_launcher_names_the_app_icon() -> None:
    """resources/icons holds SVGs and their licence; the app's .desktop launcher starts claimmark with its icon."""
    icons = files("resources") / "icons"
    svgs = [entry.name for entry in icons.iterdir() if entry.name.endswith(".svg")]
    assert "claimmark.svg" in svgs and len(svgs) >= 8
    assert "licence" in (icons / "LICENSE.md").read_text(encoding="utf-8").lower()
    launcher = (files("resources") / "claimmark.desktop").read_text(encoding="utf-8").splitlines()
    assert {"Exec=claimmark %F", "Icon=claimmark", "Type=Application"} <= set(launcher)
