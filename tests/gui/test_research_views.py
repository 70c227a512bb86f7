"""The research views in the window: search the library and open a result; claims across it, filtered and exported."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from documents import Block, Document, Metadata, load_path
from gui.research.claims_model import PAGE, ClaimsTableModel, RowRole, UuidRole
from gui.research.search_model import CLAIM, TEXT, SearchResultsModel, SearchRow
from gui.research.search_model import RowRole as HitRole
from gui.research.search_model import UuidRole as HitUuidRole
from storage import Annotation, ClaimType, Library, LibraryError
from storage.research.claims import ClaimRow
from storage.research.highlights import Highlighted
from tests.gui.test_contrast import low_contrast

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "harbour-town-bans-cruise-ships.txt"
OTHER = (
    "Lighthouse keepers return to the northern cape\n\n"
    "The coastal authority said on Friday that two keepers would live at the lighthouse again from May.\n\n"
    "“A light needs someone who looks at the sea every night,” said Keeper Anna Holm, who starts in May.\n\n"
    "The decision reverses a plan from 2009 to run every light on the cape from the mainland.\n"
)
TYPES = [ClaimType("fact", "Fact", "#2f7ed8", "solid"), ClaimType("opinion", "Opinion", "#e07b00", "dash")]


def _claim(library: Library, document_id: int, quote: str, claim_type: str, **fields: object) -> Annotation:
    text = library.document_text(document_id)
    start = text.index(quote)
    return library.add_annotation(document_id, start, start + len(quote), claim_type, **fields)  # type: ignore[arg-type]


@pytest.fixture
def research_library(library: Library, tmp_path: Path) -> Library:
    """Two articles with claims of each type, speakers and tags."""
    other = tmp_path / "lighthouse.txt"
    other.write_text(OTHER, encoding="utf-8")
    harbour, _ = library.import_document(load_path(SAMPLE))
    light, _ = library.import_document(load_path(other))
    _claim(library, harbour.id, "Last year 212 cruise ships called at the town", "fact", tags=("tourism",))
    _claim(library, harbour.id, "The decision is long overdue.", "opinion", note="The paper's own view.")
    _claim(library, harbour.id, "We are not against visitors.", "quote", speaker="Ines Carvalho")
    _claim(library, harbour.id, "Critics of the ban underestimate how much the old town has already changed.",
           "opinion", tags=("tourism",))  # fmt: skip
    _claim(library, light.id, "two keepers would live at the lighthouse again from May", "fact")
    _claim(library, light.id, "A light needs someone who looks at the sea every night", "quote", speaker="Anna Holm",
           tags=("lighthouse",))  # fmt: skip
    _claim(library, light.id, "The decision reverses a plan from 2009", "opinion", note="Overdue, says the keeper.")
    return library


def _doc_id(library: Library, title_part: str) -> int:
    return next(d.id for d in library.documents() if title_part in d.title)


def _row(uuid: str, document_id: int, start: int, claim_type: str = "fact") -> ClaimRow:
    annotation = Annotation(uuid, document_id, start, start + 4, f"quote {uuid}", "", "", claim_type, tags=("a", "b"))
    return ClaimRow(annotation, f"Document {document_id}")


def test_search_results_model_passes_the_model_tester(qtmodeltester) -> None:
    """Claim and text rows, replaced by a new search, keep the model consistent."""
    model = SearchResultsModel()
    qtmodeltester.check(model)
    rows = [
        SearchRow(CLAIM, 1, "Harbour", Highlighted("the cruise ships", ((4, 10),)), "u1", "fact", 10, 26),
        SearchRow(TEXT, 2, "Lighthouse", Highlighted("…the cruise…", ((4, 10),)), start=40, end=46),
    ]
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert ["u1", ""] == [model.index(r).data(HitUuidRole) for r in range(model.rowCount())]
    model.set_rows(rows[1:])
    qtmodeltester.check(model)
    assert 1 == model.rowCount()


def test_claims_table_model_reads_pages_lazily_and_passes_the_model_tester(qtmodeltester, qapp) -> None:
    """Only the first page is held after a reset; a row further down asks for its page once, then shows it."""
    model = ClaimsTableModel()
    model.set_claim_types(TYPES)
    qtmodeltester.check(model)
    asked: list[tuple[int, int]] = []
    model.page_needed.connect(lambda generation, offset: asked.append((generation, offset)))
    model.show_first_page(1, 3 * PAGE, [_row(f"a{i}", 1, i) for i in range(PAGE)])
    assert "Fact" == model.index(0, 0).data()
    assert model.index(PAGE + 5, 1).data(RowRole) is None  # not read yet
    assert model.index(PAGE + 6, 1).data(RowRole) is None
    assert [(1, PAGE)] == [a for a in asked if a[1] == PAGE]  # asked for once
    model.add_page(1, PAGE, [_row(f"b{i}", 2, i, "opinion") for i in range(PAGE)])
    model.add_page(0, 2 * PAGE, [_row("stale", 3, 0)])  # an answer to an older question: dropped
    assert "b5" == model.index(PAGE + 5, 0).data(UuidRole)
    assert "Opinion" == model.index(PAGE + 5, 0).data()
    assert model.index(2 * PAGE, 0).data(UuidRole) is None
    qtmodeltester.check(model)
    model.set_total(1, 2 * PAGE + 1)  # counted apart: fewer than first thought
    assert 2 * PAGE + 1 == model.rowCount()
    model.set_total(0, 10)  # an older question's count: dropped
    assert 2 * PAGE + 1 == model.rowCount()
    qtmodeltester.check(model)
    model.show_first_page(2, 3, [_row(f"c{i}", 1, i) for i in range(3)])
    model.set_total(2, 3 + PAGE)  # rows first, then the count of them all
    assert 3 + PAGE == model.rowCount()
    qtmodeltester.check(model)
    model.show_first_page(3, 0, [])
    qtmodeltester.check(model)
    assert 0 == model.rowCount()


def _search(window, qtbot, text: str) -> None:
    """Type text into the search field as a person does, and wait for its results."""
    panel = window.search_panel
    window.window_actions.search_library.trigger()
    assert panel.field.hasFocus()
    panel.field.clear()
    with qtbot.waitSignal(panel.results_shown, timeout=10_000, check_params_cb=lambda: panel.shown_query == text):
        QTest.keyClicks(panel.field, text)
    qtbot.waitUntil(lambda: panel.shown_query == text, timeout=10_000)


def test_a_search_result_opens_its_document_with_the_claim_selected(make_window, research_library, qtbot) -> None:
    """Ctrl+Shift+F, typing, Down and Enter: the reader shows the result's document and its card is selected."""
    window = make_window(research_library)
    light = _doc_id(research_library, "Lighthouse")
    harbour = _doc_id(research_library, "Harbour")
    window.open_document(light)
    _search(window, qtbot, "overdue")
    rows = window.search_panel.model.rows()
    claim_rows = [row for row in rows if row.kind == CLAIM]
    assert 2 == len(claim_rows)  # the harbour's quote and the lighthouse's note
    wanted = next(row for row in claim_rows if row.document_id == harbour)
    assert "overdue" in wanted.snippet.text[slice(*wanted.snippet.spans[0])].lower()
    QTest.keyClick(window.search_panel.field, Qt.Key.Key_Down)
    view = window.search_panel.view
    while view.currentIndex().data(HitRole) != wanted:
        QTest.keyClick(view, Qt.Key.Key_Down)
    QTest.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_document_id == harbour, timeout=10_000)
    assert wanted.uuid == window.annotation_panel.current_uuid()
    assert "The decision is long overdue." == window.reader.text[wanted.start : wanted.end]


def test_a_hit_in_a_documents_text_opens_it_at_the_match(make_window, research_library, qtbot) -> None:
    """A document-text result opens that document with the matched words marked."""
    window = make_window(research_library)
    harbour = _doc_id(research_library, "Harbour")
    window.open_document(_doc_id(research_library, "Lighthouse"))
    _search(window, qtbot, "referendum")
    text_rows = [row for row in window.search_panel.model.rows() if row.kind == TEXT]
    assert [harbour] == [row.document_id for row in text_rows]
    window.search_panel.text_chosen.emit(harbour, text_rows[0].start, text_rows[0].end)
    qtbot.waitUntil(lambda: window.current_document_id == harbour, timeout=10_000)
    assert "referendum" == window.reader.text[text_rows[0].start : text_rows[0].end].lower()
    offsets = window.reader.offsets
    marked = [(offsets.from_qt(m.cursor.selectionStart()), offsets.from_qt(m.cursor.selectionEnd()))
              for m in window.reader._marks]  # fmt: skip
    assert [(text_rows[0].start, text_rows[0].end)] == marked


def test_a_malformed_query_shows_one_clear_message(make_window, research_library, qtbot) -> None:
    """An unknown claim type is named in one message (no results); an unclosed quote is searched and noted."""
    window = make_window(research_library)
    panel = window.search_panel
    _search(window, qtbot, "type:rumour harbour")
    assert panel.message.isVisibleTo(panel)
    assert panel.message.text().startswith("type:rumour: no such claim type")
    assert "sqlite" not in panel.message.text().lower() and "fts5" not in panel.message.text().lower()
    assert 0 == panel.model.rowCount()
    _search(window, qtbot, '"long overdue')
    assert not panel.message.isVisibleTo(panel)
    assert "quote was not closed" in panel.summary.text()
    assert 1 == sum(row.kind == CLAIM for row in panel.model.rows())
    _search(window, qtbot, "-harbour")
    assert "a search needs something to find" in panel.message.text()


def test_only_the_latest_query_is_shown(make_window, research_library, qtbot) -> None:
    """Two searches started one after the other: whichever ends last, the second one's results are shown."""
    window = make_window(research_library)
    panel = window.search_panel
    panel.search("keepers")
    panel.search("visitors")
    qtbot.waitUntil(lambda: panel.shown_query == "visitors", timeout=10_000)
    qtbot.wait(200)  # the first job has ended too by now; its answer must not have replaced the second's
    assert ["We are not against visitors."] == [row.snippet.text for row in panel.model.rows() if row.kind == CLAIM]


def _open_claims_view(window, qtbot):
    view = window.claims_view
    with qtbot.waitSignal(view.page_shown, timeout=10_000):
        window.window_actions.show_claims_view.trigger()
    assert window.claims_dock.isVisible()
    qtbot.waitUntil(lambda: view.filters.type_box.count() > 1, timeout=10_000)  # the choices are read apart
    return view


def test_claims_view_filters_and_exports_exactly_what_it_shows(
    make_window, research_library, qtbot, tmp_path: Path
) -> None:
    """Choosing a type and a tag narrows the table; Export as Filtered writes those claims and no others."""
    window = make_window(research_library)
    view = _open_claims_view(window, qtbot)
    assert 7 == view.model.rowCount()
    with qtbot.waitSignal(view.page_shown, timeout=10_000):
        assert view.filters.choose(view.filters.type_box, "opinion")
    opinions = {a.uuid for d in research_library.documents() for a in research_library.annotations(d.id)
                if a.claim_type == "opinion"}  # fmt: skip
    assert opinions == {row.annotation.uuid for row in view.model.loaded_rows()}
    with qtbot.waitSignal(view.page_shown, timeout=10_000):
        assert view.filters.choose(view.filters.tag_box, "tourism")
    shown = [row.annotation for row in view.model.loaded_rows()]
    assert 1 == len(shown) and shown[0].exact.startswith("Critics of the ban")
    qtbot.waitUntil(lambda: "1 claim" == view.count_label.text(), timeout=10_000)
    path = tmp_path / "filtered.csv"
    with qtbot.waitSignal(view.exported, timeout=20_000):
        view.export_to(str(path), "csv")
    with path.open(encoding="utf-8") as file:
        exported = [row["uuid"] for row in csv.DictReader(file)]
    assert [shown[0].uuid] == exported


def test_claims_view_sorts_by_a_column_and_opens_a_row(make_window, research_library, qtbot) -> None:
    """Clicking the Speaker header orders by speaker; activating a row opens its claim in the reader."""
    window = make_window(research_library)
    view = _open_claims_view(window, qtbot)
    header = view.table.horizontalHeader()
    with qtbot.waitSignal(view.page_shown, timeout=10_000):
        view.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # Speaker, Z to A
    speakers = [row.annotation.speaker for row in view.model.loaded_rows()]
    assert ["Ines Carvalho", "Anna Holm"] == speakers[:2]
    view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # Quote: storage cannot sort by it
    assert 2 == header.sortIndicatorSection()
    row = view.model.loaded_rows()[0]
    view.table.setCurrentIndex(view.model.index(0, 1))
    QTest.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_document_id == row.annotation.document_id, timeout=10_000)
    assert row.annotation.uuid == window.annotation_panel.current_uuid()


def test_claims_view_follows_a_new_claim(make_window, research_library, qtbot) -> None:
    """A claim tagged in the reader appears in the open claims view."""
    window = make_window(research_library)
    view = _open_claims_view(window, qtbot)
    harbour = _doc_id(research_library, "Harbour")
    window.open_document(harbour)
    start = window.reader.text.index("Smaller ships will still be allowed to dock")
    window.reader.select_range(start, start + len("Smaller ships will still be allowed to dock"))
    with qtbot.waitSignal(view.page_shown, timeout=10_000):
        window.tag_selection("fact")
    assert 8 == view.model.rowCount()


@pytest.mark.parametrize("theme", ["light", "sepia", "dark"])
def test_the_research_views_are_readable_in_each_theme(theme: str, make_window, research_library, qtbot) -> None:
    """Search results, a message and the claims view with its filters: every text 4.5:1 or more."""
    window = make_window(research_library)
    _open_claims_view(window, qtbot)
    window.set_theme(theme)
    _search(window, qtbot, "decision")
    assert window.search_panel.model.rowCount() > 0
    assert [] == low_contrast(window)
    _search(window, qtbot, "type:rumour")
    assert [] == low_contrast(window)


def test_claims_view_words_that_cannot_be_searched_show_one_message(make_window, research_library, qtbot) -> None:
    """Words naming an unknown claim type empty the table and say why above it; clearing the filters recovers."""
    window = make_window(research_library)
    view = _open_claims_view(window, qtbot)
    with qtbot.waitSignal(view.page_shown, timeout=10_000):
        view.filters.text_field.setText("type:rumour")
        QTest.keyClick(view.filters.text_field, Qt.Key.Key_Return)
    assert view.message.isVisibleTo(view)
    assert view.message.text().startswith("type:rumour: no such claim type")
    assert 0 == view.model.rowCount()
    assert not view.export_button.isEnabled()
    with qtbot.waitSignal(view.page_shown, timeout=10_000):
        view.filters.clear_button.click()
    assert not view.message.isVisibleTo(view)
    assert 7 == view.model.rowCount()


def test_claims_view_filters_by_the_days_claims_were_made(make_window, research_library, qtbot) -> None:
    """The date boxes start at "any day" just before the first claim; from tomorrow on nothing was made."""
    from PySide6.QtCore import QDate

    window = make_window(research_library)
    view = _open_claims_view(window, qtbot)
    since = view.filters.since_box
    assert since.date() == since.minimumDate() and "any day" == since.text()
    first = min(a.created for d in research_library.documents() for a in research_library.annotations(d.id))
    assert QDate.fromString(first[:10], "yyyy-MM-dd").addDays(-1) == since.minimumDate()
    with qtbot.waitSignal(view.page_shown, timeout=10_000):
        since.setDate(QDate.fromString(first[:10], "yyyy-MM-dd").addDays(1))
    assert 0 == view.model.rowCount()
    with qtbot.waitSignal(view.page_shown, timeout=10_000):
        since.setDate(QDate.fromString(first[:10], "yyyy-MM-dd"))
    assert 7 == view.model.rowCount()


def test_claims_view_page_that_cannot_be_read_says_so_and_is_asked_again(
    make_window, library: Library, qtbot, monkeypatch
) -> None:
    """A later page whose reading fails: the view says why, and the next look at its rows reads it again."""
    from gui.research import claims_view
    from storage.interchange.annotation_import import insert_annotations

    text = " ".join(f"Sentence number {n} is here." for n in range(PAGE * 2 + 20))
    document, _ = library.import_document(Document(Metadata(title="Many"), [Block("paragraph", text)]))
    starts = [text.index(f"Sentence number {n} ") for n in range(PAGE * 2 + 20)]
    insert_annotations(library, [
        Annotation(f"00000000-0000-4000-8000-{n:012d}", document.id, start, start + 15, text[start : start + 15],
                   "", "", claim_type="fact", created=f"2024-05-20T09:{n // 60:02d}:{n % 60:02d}.000+00:00")
        for n, start in enumerate(starts)
    ])  # fmt: skip
    real = claims_view.page_job
    broken: list[int] = []

    def failing_later_pages(connections, claim_filter, sort, descending, offset, limit, count):  # type: ignore[no-untyped-def]
        if offset and not broken:
            broken.append(offset)

            def job(progress, cancel):  # type: ignore[no-untyped-def]
                raise LibraryError("the library is busy")

            return job
        return real(connections, claim_filter, sort, descending, offset, limit, count)

    monkeypatch.setattr(claims_view, "page_job", failing_later_pages)
    window = make_window(library)
    view = _open_claims_view(window, qtbot)
    qtbot.waitUntil(lambda: view.model.rowCount() == PAGE * 2 + 20, timeout=10_000)
    view.table.scrollToBottom()
    qtbot.waitUntil(view.message.isVisible, timeout=10_000)
    assert "could not be read (the library is busy)" in view.message.text()
    last = view.model.rowCount() - 1
    assert view.model.index(last, 0).data(UuidRole) is None
    view.table.scrollToTop()
    view.table.scrollToBottom()  # looking at those rows again asks for them again
    qtbot.waitUntil(lambda: view.model.index(last, 0).data(UuidRole) is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not view.message.isVisible(), timeout=10_000)
    assert len(broken) == 1


# Offscreen, the open list's window cannot be raised nor grab the keyboard (Qt says so); X11 does both.
@pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support grabbing the keyboard", extend=True)
def test_claims_view_boxes_take_several_values_ticked_in_their_open_list(make_window, research_library, qtbot) -> None:
    """Fact clicked and Quote ticked with Space in the open type list: both show, the list stays open; any: all."""
    from gui.research.choice_box import ANY

    window = make_window(research_library)
    view = _open_claims_view(window, qtbot)
    box = view.filters.type_box
    box.showPopup()
    listed = box.view()
    qtbot.waitUntil(listed.isVisible, timeout=5_000)

    def click(value: object) -> None:
        rect = listed.visualRect(box.model().index(box.findData(value), 0))
        with qtbot.waitSignal(view.page_shown, timeout=10_000):
            QTest.mouseClick(
                listed.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
            )

    def shown_types() -> list[str]:
        return sorted(row.annotation.claim_type for row in view.model.loaded_rows())

    click("fact")
    assert listed.isVisible() and ["fact", "fact"] == shown_types()
    listed.setCurrentIndex(box.model().index(box.findData("quote"), 0))
    with qtbot.waitSignal(view.page_shown, timeout=10_000):
        QTest.keyClick(listed, Qt.Key.Key_Space)
    assert ["fact", "fact", "quote", "quote"] == shown_types()
    assert ("fact", "quote") == view.filters.claim_filter().types
    assert "Fact, Quote" == box.summary() == box.toolTip()
    click("fact")  # ticked: unticked
    assert ["quote", "quote"] == shown_types() and listed.isVisible()
    click(ANY)
    assert 7 == len(shown_types()) and not listed.isVisible() and () == box.values()


def test_claims_view_box_closed_takes_one_value_from_the_arrow_keys(make_window, research_library, qtbot) -> None:
    """With its list closed, Down in a box chooses exactly one value, as a plain box does; Up goes back to any."""
    window = make_window(research_library)
    view = _open_claims_view(window, qtbot)
    box = view.filters.type_box
    box.set_values(("fact", "opinion"))
    qtbot.waitUntil(lambda: 5 == view.model.rowCount(), timeout=10_000)
    box.setFocus()
    with qtbot.waitSignal(view.page_shown, timeout=10_000):
        QTest.keyClick(box, Qt.Key.Key_Down)
    assert 1 == len(box.values())
    assert {box.values()[0]} == {row.annotation.claim_type for row in view.model.loaded_rows()}
    with qtbot.waitSignal(view.page_shown, timeout=10_000):
        QTest.keyClick(box, Qt.Key.Key_Up)
    assert () == box.values() and 7 == view.model.rowCount()
