"""Light, sepia and dark themes: a palette for the whole window plus a small style sheet."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget


@dataclass(frozen=True)
class Theme:
    """The colours of one theme."""

    name: str
    window: str  # panels and chrome
    base: str  # the page the article is printed on, and lists
    text: str
    muted: str  # secondary text: bylines, counts
    selection: str
    card: str  # annotation cards
    link: str  # links in dialogs and previews

    def palette(self) -> QPalette:
        """Return a QPalette painting widgets in this theme."""
        palette = QPalette()
        roles = QPalette.ColorRole
        for role, colour in (
            (roles.Window, self.window), (roles.Base, self.base), (roles.AlternateBase, self.card),
            (roles.Text, self.text), (roles.WindowText, self.text), (roles.ButtonText, self.text),
            (roles.Button, self.window), (roles.ToolTipBase, self.card), (roles.ToolTipText, self.text),
            (roles.Highlight, self.selection), (roles.HighlightedText, self.text),
            (roles.PlaceholderText, self.muted), (roles.Mid, self.muted), (roles.Link, self.link),
            (roles.BrightText, self.text),
        ):  # fmt: skip
            palette.setColor(role, QColor(colour))
        return palette


THEMES = {
    "light": Theme("light", "#eceae6", "#fdfdfb", "#1d1d1f", "#5a5a5f", "#f5dd8c", "#ffffff", "#1c5aa3"),
    "sepia": Theme("sepia", "#e9dfc9", "#f6efdc", "#3b3024", "#62533d", "#e8c66a", "#fbf5e6", "#7a3d12"),
    "dark": Theme("dark", "#1f2023", "#16171a", "#e3e1dc", "#9a9890", "#6a5a23", "#26282c", "#8cb8f0"),
}
DEFAULT_THEME = "light"


def theme_named(name: str) -> Theme:
    """Return the theme called name, or the default theme."""
    return THEMES.get(name, THEMES[DEFAULT_THEME])


def style_sheet(theme: Theme) -> str:
    """Return the bundled style sheet with the theme's colours filled in."""
    template = (files("resources") / "styles" / "window.qss").read_text(encoding="utf-8")
    for field in ("window", "base", "text", "muted", "selection", "card", "link"):
        template = template.replace("@" + field, getattr(theme, field))
    return template


def apply_theme(window: QWidget, theme: Theme) -> None:
    """Paint the whole application in theme: the window, and every dialog, menu and tooltip it opens.

    Dialogs and menus are windows of their own and do not inherit a window's palette, so the palette
    and the style sheet are set on the application.
    """
    application = QApplication.instance()
    if isinstance(application, QApplication):
        QGuiApplication.setPalette(theme.palette())
        application.setStyleSheet(style_sheet(theme))
    else:  # no application object (never in the running app): at least the window itself
        window.setPalette(theme.palette())
        window.setStyleSheet(style_sheet(theme))
