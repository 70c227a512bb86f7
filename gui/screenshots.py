"""Make the README's screenshots of the real window: `make screenshots` (runs under Xvfb with xcb).

Usage: python -m gui.screenshots [ARTICLE] [--out docs/screenshots]
Tags a dozen claims of the article through the window itself, then saves the window
in the light theme (a selection with its tag bar), sepia (the contents panel), dark
(find in the document), and with the claims panel filtered to opinions; then a class of five tags
it too, for the teacher's view and the status bar of a shared library (gui/sync/screenshots.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from documents import load_path
from storage import Library

from .main_window import MainWindow
from .sync.screenshots import TEACHER, class_view_shot, status_strip

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLE = ROOT.parent / "shared" / "articles" / "trtworld-daesh-k-afghanistan.txt"

# (quote, type, speaker, note, tags) on the reference article.
CLAIMS = [
    ("Founded in 2015 as an offshoot of Daesh, Daesh-K continues spilling blood in Afghanistan.", "fact", "", "",
     ("daesh-k",)),
    ("killing at least100 people", "fact", "", "Check the toll against UN figures.", ("casualties",)),
    ("The Taliban’s difficulties establishing a stable order in post-occupation Afghanistan stem from various "
     "factors, including Daesh-K’s terrorism.", "opinion", "", "", ()),
    ("will probably find itself benefiting from the Daesh-K threat in certain ways too", "opinion", "",
     "Speculative: no evidence offered.", ("taliban",)),
    ("Moscow’s recent decision toestablish diplomatic relations with the IEA largely stemmed from concerns about "
     "Daesh-K.", "opinion", "", "Causal claim; the source is a link only.", ("russia",)),
    ("it is unlikely that Daesh-K will manage to establish a de facto state on Afghan soil", "opinion", "", "", ()),
    ("since the Taliban takeover, ISKP has not demonstrated the capability or near-term intent to durably hold "
     "territory in Afghanistan", "quote", "Isaia Galace, RANE", "", ("expert",)),
    ("China would certainly give help, though not military intervention, to the Taliban to prevent this happening, "
     "perhaps via Pakistan", "quote", "Anatol Lieven, Quincy Institute", "", ("china", "expert")),
    ("It is only a matter of time that Daesh-K gets emboldened enough to expand its target areas", "quote",
     "Rabia Akhtar, Atlantic Council", "", ("expert",)),
    ("The group has also been responsible for attacks against Pakistan", "fact", "", "", ("pakistan",)),
    ("The poorer and more desperate ordinary Afghans become, the better for ISK", "quote", "Anatol Lieven", "", ()),
    ("the US would be wise to revisit its sanctions policy towards Afghanistan", "opinion", "",
     "The author's recommendation.", ("sanctions",)),
]  # fmt: skip


def settle(milliseconds: int = 400) -> None:
    """Let the event loop lay out and paint for a moment."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def tag_claims(window: MainWindow) -> None:
    """Tag CLAIMS through the window, as a reader would (select, then tag, then edit)."""
    text = window.reader.text
    for quote, claim_type, speaker, note, tags in CLAIMS:
        start = text.find(quote)
        if start < 0:
            continue
        window.reader.select_range(start, start + len(quote))
        annotation = window.tag_selection(claim_type)
        if annotation is not None and (speaker or note or tags):
            window.annotator.update(annotation.uuid, {"speaker": speaker, "note": note, "tags": tags})


def shoot(window: MainWindow, path: Path) -> None:
    """Save the window as path (PNG)."""
    settle()
    path.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(path))
    print(path)


def main(argv: list[str] | None = None) -> int:
    """Make the screenshots; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", default=str(DEFAULT_ARTICLE))
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out = Path(args.out)
    with (
        tempfile.TemporaryDirectory() as folder,
        Library(Path(folder) / "library.sqlite", annotator=TEACHER) as library,
    ):
        summary, _ = library.import_document(load_path(args.article))
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(library, settings=settings)
        window.resize(1560, 940)
        window.show()
        window.open_document(summary.id)
        tag_claims(window)
        window.reader.verticalScrollBar().setValue(0)
        window.annotation_panel.view.clearSelection()
        window.annotation_panel.view.scrollToTop()
        start = window.reader.text.find("Last month, the terror group")
        window.reader.select_range(start, start + len("Last month, the terror group was particularly gruesome"))
        window.selection_bar.show_near(window.reader.selection_rect(), window.reader.text_right())
        shoot(window, out / "window-light.png")
        window.reader.clear_selection()
        window.set_theme("sepia")
        window.window_actions.show_contents.trigger()
        window.reader.scroll_to_offset(window.reader.text.find("Local and regional capacity"))
        shoot(window, out / "window-sepia.png")
        window.left_tabs.setCurrentWidget(window.library_panel)
        window.set_theme("dark")
        window.window_actions.find.trigger()
        window.find_bar.field.setText("Daesh-K")
        window.find_bar.search(window.reader.text.find("Local and regional capacity"))
        shoot(window, out / "window-dark.png")
        window.find_bar.close_bar()
        window.set_theme("light")
        window.annotation_panel.show_only_types({"opinion"})
        shoot(window, out / "panel-opinions.png")
        window.annotation_panel.show_only_types({"fact", "opinion", "quote"})
        class_view_shot(window, summary.id, [(q, t) for q, t, *_ in CLAIMS], out / "class-view.png", settle)
        status_strip(window, out / "sync-status.png", settle)
        window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
