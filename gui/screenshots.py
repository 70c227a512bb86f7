"""Make the README's screenshots of the real window: `make screenshots` (runs under Xvfb with xcb).

Usage: python -m gui.screenshots [ARTICLE] [--book BOOK] [--out docs/screenshots]
Tags a dozen claims of the article through the window itself, then saves the window
in the light theme (a selection with its tag bar), sepia (the contents panel), dark
(find in the document), and with the claims panel filtered to opinions.
Then it fills the library with more articles, claims and collections
(gui/research/screenshot_library.py) and saves the library panel's collections, the
statistics view, the search panel and the claims across the library; then a class of five
tags the article too, for the teacher's view and the status bar of a shared library
(gui/sync/screenshots.py). Last it opens War and Peace (BOOK) for find.png (the find bar and
its match count) and contents.png (the book's contents with the reading position). Without
the book it makes nothing and says so in one line.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer, SignalInstance
from PySide6.QtWidgets import QAbstractItemView, QApplication

from documents import load_path
from storage import Library
from storage.research import collections

from .main_window import MainWindow
from .research import screenshot_library
from .sync.screenshots import TEACHER, class_view_shot, status_strip

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLE = ROOT.parent / "shared" / "articles" / "trtworld-daesh-k-afghanistan.txt"
DEFAULT_BOOK = ROOT.parent / "shared" / "articles" / "books" / "war-and-peace-gutenberg.txt"
BOOK_OPENS_WITHIN = 120.0  # seconds: preparing War and Peace takes a few on a slow machine
BOOK_CHAPTER = ("BOOK EIGHT: 1811 - 12", "CHAPTER I")  # where the book shots are taken
BOOK_FIND = "Pierre"
BOOK_FIND_INTO_CHAPTER = 6000  # characters: the match shown lies this far past the chapter's start
SEARCH = "government OR council"

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


# Claims in the chapter the book shots show (same fields as CLAIMS).
BOOK_CLAIMS = [
    ("For Moscow society Pierre was the nicest, kindest, most intellectual, merriest, and most magnanimous of "
     "cranks", "opinion", "", "The narrator gives society's view, not his own.", ("pierre",)),
    ("His purse was always empty because it was open to everyone.", "fact", "", "", ("pierre",)),
    ("Il est charmant; il n’a pas de sexe,", "quote", "young ladies of Moscow", "", ("moscow",)),
]  # fmt: skip


class ScreenshotError(Exception):
    """A screenshot cannot be made as asked (its input is missing or never shows)."""


def settle(milliseconds: int = 400) -> None:
    """Let the event loop lay out and paint for a moment."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def tag_claims(window: MainWindow, claims: Sequence[tuple[str, str, str, str, tuple[str, ...]]] = CLAIMS) -> None:
    """Tag claims through the window, as a reader would (select, then tag, then edit)."""
    text = window.reader.text
    for quote, claim_type, speaker, note, tags in claims:
        start = text.find(quote)
        if start < 0:
            continue
        window.reader.select_range(start, start + len(quote))
        annotation = window.tag_selection(claim_type)
        if annotation is not None and (speaker or note or tags):
            window.annotator.update(annotation.uuid, {"speaker": speaker, "note": note, "tags": tags})


def wait_for(signal: SignalInstance, milliseconds: int = 10_000) -> None:
    """Run the event loop until signal is emitted (or milliseconds pass)."""
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def shoot_research(window: MainWindow, out: Path) -> None:
    """Save the search panel with its results, then the claims across the library filtered to quotes."""
    window.refresh_library()
    window.window_actions.search_library.trigger()
    window.splitter.setSizes([470, 720, 370])
    window.search_panel.search(SEARCH)
    wait_for(window.search_panel.results_shown)
    rows = window.search_panel.model.rows()
    chosen = next((row for row in rows if row.kind == "claim"), None)
    if chosen is not None:
        window.search_panel.view.setCurrentIndex(window.search_panel.model.index(rows.index(chosen)))
        window.show_claim_of(chosen.document_id, chosen.uuid)
    settle(1600)  # the flash of the claim is over
    shoot(window, out / "search.png")
    window.left_tabs.setCurrentWidget(window.library_panel)
    window.splitter.setSizes([300, 900, 360])
    window.window_actions.show_claims_view.setChecked(True)
    window.resizeDocks([window.claims_dock], [430], Qt.Orientation.Vertical)
    wait_for(window.claims_view.page_shown)
    settle()
    window.claims_view.filters.choose(window.claims_view.filters.type_box, "quote")
    wait_for(window.claims_view.page_shown)
    view = window.claims_view
    view.table.selectRow(0)
    first = view.model.loaded_rows()[0].annotation if view.model.loaded_rows() else None
    if first is not None:
        window.show_claim_of(first.document_id, first.uuid)
    settle(1600)
    shoot(window, out / "claims-view.png")


def shoot(window: MainWindow, path: Path) -> None:
    """Save the window as path (PNG)."""
    settle()
    path.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(path))
    print(path)


def open_and_wait(window: MainWindow, document_id: int) -> None:
    """Open a document and wait (the event loop running) until the reader shows it."""
    window.open_document(document_id)
    deadline = time.monotonic() + BOOK_OPENS_WITHIN
    while window.current_document_id != document_id:
        if time.monotonic() > deadline:
            raise ScreenshotError(f"the book did not open within {BOOK_OPENS_WITHIN:g} seconds")
        settle(100)


def chapter_row(window: MainWindow, part: str, chapter: str) -> int:
    """The contents row of chapter within part (e.g. "BOOK EIGHT: 1811 - 12", "CHAPTER I")."""
    headings = [heading.text for heading in window.contents_panel.model.headings]
    try:
        return headings.index(chapter, headings.index(part))
    except ValueError:
        raise ScreenshotError(f"the book has no {chapter} in {part!r}") from None


def shoot_book(window: MainWindow, library: Library, book: Path, out: Path) -> None:
    """contents.png (a chapter reached from the contents, the position in the status bar) and find.png."""
    summary, _ = library.import_document(load_path(book))
    window.refresh_library()
    window.set_theme("light")
    window.window_actions.show_claims_view.setChecked(False)  # the book has the height to itself
    window.collections_tree.select_collection(None)  # the library lists the book beside the articles
    open_and_wait(window, summary.id)
    window.window_actions.show_contents.trigger()
    panel = window.contents_panel
    row = chapter_row(window, *BOOK_CHAPTER)
    panel.view.clicked.emit(panel.model.index(row))  # as a click on the chapter does
    settle()
    tag_claims(window, BOOK_CLAIMS)
    window.reader.clear_selection()
    window.annotation_panel.view.clearSelection()
    panel.view.clicked.emit(panel.model.index(row))
    settle()
    panel.view.scrollTo(panel.model.index(row), QAbstractItemView.ScrollHint.PositionAtCenter)
    shoot(window, out / "contents.png")
    chapter_start = window.reader.top_offset()
    window.left_tabs.setCurrentWidget(window.library_panel)
    window.window_actions.find.trigger()
    window.find_bar.field.setText(BOOK_FIND)
    window.find_bar.search(chapter_start + BOOK_FIND_INTO_CHAPTER)  # a match well inside the chapter
    if not window.find_bar.matches:
        raise ScreenshotError(f"{BOOK_FIND!r} is not in the book")
    shoot(window, out / "find.png")
    window.find_bar.close_bar()


def shoot_managing(window: MainWindow, out: Path) -> None:
    """Fill the library (more articles, claims over weeks, collections); save the collections and the statistics."""
    library, first = window.library, window.current_document_id
    assert first is not None
    ids = screenshot_library.import_articles(library, DEFAULT_ARTICLE.parent)
    for document_id in ids:
        screenshot_library.tag_with_suggestions(library, document_id)
    screenshot_library.add_topics(library)
    screenshot_library.spread_over_weeks(library, [first, *ids])
    window.refresh_library()
    sample, web = ids[0], ids[1:]
    manager = window.library_manager
    course = manager.create_collection("Media literacy course")
    assert course is not None
    for name, members in (("Week 1: conflict and cities", [first, sample, *web[4:5]]),
                          ("Week 2: science and culture", web[0:2] + web[3:4])):  # fmt: skip
        week = manager.create_collection(name, course.id)
        if week is not None:
            manager.add_to_collection(week.id, members)
    project = manager.create_collection("Climate and housing project")
    if project is not None:
        manager.add_to_collection(project.id, [sample, *web[2:3]])
    week_one = next(c for c in collections.collections(library) if c.name.startswith("Week 1"))
    window.collections_tree.select_collection(week_one.id)
    window.open_document(first)
    settle(800)
    window.reader.verticalScrollBar().setValue(0)
    shoot(window, out / "collections.png")
    dialog = window.manage_views.open_statistics("library")
    for _ in range(50):
        if dialog.figures is not None:
            break
        settle(100)
    dialog.resize(dialog.width(), min(1000, dialog.chart.height() + 84))
    settle()
    path = out / "statistics.png"
    dialog.grab().save(str(path))
    print(path)
    dialog.close()


def main(argv: list[str] | None = None) -> int:
    """Make the screenshots; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", default=str(DEFAULT_ARTICLE))
    parser.add_argument("--book", default=str(DEFAULT_BOOK), help="War and Peace (find.png, contents.png)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args(argv)
    for name, path in (("article", args.article), ("War and Peace", args.book)):
        if not Path(path).is_file():
            print(f"screenshots: error: {name} not found at {path}; nothing was made", file=sys.stderr)
            return 1
    try:
        return make_all(Path(args.article), Path(args.book), Path(args.out))
    except ScreenshotError as error:
        print(f"screenshots: error: {error}", file=sys.stderr)
        return 1


def make_all(article: Path, book: Path, out: Path) -> int:
    """Make every screenshot into out; return the exit status."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with (
        tempfile.TemporaryDirectory() as folder,
        Library(Path(folder) / "library.sqlite", annotator=TEACHER) as library,
    ):
        summary, _ = library.import_document(load_path(article))
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
        window.annotation_panel.show_only_types(set(window.annotation_panel.type_buttons))
        shoot_managing(window, out)  # before the class tags the article: the collections show one reader's claims
        shoot_research(window, out)
        window.open_document(summary.id)
        class_view_shot(window, summary.id, [(q, t) for q, t, *_ in CLAIMS], out / "class-view.png", settle)
        status_strip(window, out / "sync-status.png", settle)
        shoot_book(window, library, book, out)
        window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
