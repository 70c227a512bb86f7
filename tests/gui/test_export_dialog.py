"""The Export dialog: preview per format, grouping and template, scope, Save and Copy, all off the UI thread."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextDocument

from documents import Document, Metadata, load_path
from documents.model import make_block
from storage import Library, find_occurrence

FOUNDED = "Founded in 2015 as an offshoot of Daesh, Daesh-K continues spilling blood in Afghanistan."
OPINION = "the US would be wise to revisit its sanctions"


@pytest.fixture
def tagged(library: Library, trt_path: Path) -> tuple[Library, int, int]:
    """The TRT article with a fact and an opinion, and a second document with one fact."""
    summary, _ = library.import_document(load_path(trt_path))
    text = library.document_text(summary.id)
    library.add_annotation(summary.id, *find_occurrence(text, FOUNDED), "fact", tags=["history"])
    library.add_annotation(summary.id, *find_occurrence(text, OPINION), "opinion", note="<img src='x.png'> # note")
    other, _ = library.import_document(Document(Metadata(title="Other"), [make_block("paragraph", "Rates rose.")]))
    library.add_annotation(other.id, 0, 11, "fact")
    return library, summary.id, other.id


def _dialog(qtbot, library: Library, ids: list[int]):
    """Open the dialog on ids and wait for its first preview."""
    from gui.export_dialog import ExportDialog
    from gui.jobs import JobRunner

    dialog = ExportDialog(library, ids, JobRunner())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(dialog.text or dialog.error_label.text()), timeout=10_000)
    assert "" == dialog.error_label.text()
    return dialog


def _choose(qtbot, dialog, box, value: str) -> None:
    """Pick value in a combo box as a person would, and wait for the new preview."""
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        box.setCurrentIndex(box.findData(value))


def test_markdown_preview_is_rendered_safely(qtbot, tagged: tuple[Library, int, int]) -> None:
    """The preview shows the rendered Markdown (title, groups, quotes) and no HTML from a note."""
    library, trt, _ = tagged
    dialog = _dialog(qtbot, library, [trt])
    shown = dialog.preview.toPlainText()
    assert "As the West looks to Ukraine" in shown and FOUNDED in shown and "Opinion (1)" in shown
    assert "<img src='x.png'> # note" in shown and dialog.text.startswith("---\ntitle:")
    assert dialog.preview.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl("x.png")) is None


def test_formats_grouping_and_scope_change_the_export(qtbot, tagged: tuple[Library, int, int]) -> None:
    """Reading order labels each claim; JSON and CSV previews are the files; whole library adds the other one."""
    library, trt, _ = tagged
    dialog = _dialog(qtbot, library, [trt])
    _choose(qtbot, dialog, dialog.grouping_box, "position")
    assert "Claims in reading order (2)" in dialog.preview.toPlainText()
    _choose(qtbot, dialog, dialog.format_box, "json")
    assert 2 == json.loads(dialog.text)["total"] and not dialog.grouping_box.isEnabled()
    _choose(qtbot, dialog, dialog.format_box, "csv")
    _choose(qtbot, dialog, dialog.scope_box, "all")
    rows = list(csv.DictReader(io.StringIO(dialog.text)))
    assert {FOUNDED, OPINION, "Rates rose."} == {row["quote"] for row in rows}
    assert dialog.preview.toPlainText().startswith("document_id,document,type,quote")


def test_template_changes_preview_and_bad_template_shows_error(
    qtbot, tagged: tuple[Library, int, int], tmp_path: Path
) -> None:
    """A chosen template changes the output; a broken one shows its error in the dialog, not a crash."""
    library, trt, _ = tagged
    dialog = _dialog(qtbot, library, [trt])
    template = tmp_path / "short.md.j2"
    template.write_text("{% for claim in document.claims %}* {{ claim.type_label }}\n{% endfor %}", encoding="utf-8")
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.set_template(str(template))
    assert "* Fact\n* Opinion\n" == dialog.text
    template.write_text("{% if %}", encoding="utf-8")
    with qtbot.waitSignal(dialog.export_failed, timeout=10_000):
        dialog.set_template(str(template))
    assert dialog.error_label.isVisible() and "short.md.j2" in dialog.error_label.text()
    assert "" == dialog.text


def test_save_copy_and_folder(qtbot, tagged: tuple[Library, int, int], tmp_path: Path) -> None:
    """Save writes the previewed export, Copy puts it on the clipboard, a folder gets one note per document."""
    library, trt, other = tagged
    dialog = _dialog(qtbot, library, [trt, other])
    with qtbot.waitSignal(dialog.saved):
        assert dialog.save_to(str(tmp_path / "claims.md"))
    assert dialog.text == (tmp_path / "claims.md").read_text(encoding="utf-8")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert dialog.text == QGuiApplication.clipboard().text()
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_to_folder(str(tmp_path / "vault"))
    assert {"Other.md", "As the West looks to Ukraine, Daesh-K continues to threaten Afghanistan.md"} == {
        p.name for p in (tmp_path / "vault").iterdir()
    }
    assert not dialog.save_to(str(tmp_path / "missing" / "x.md")) and "cannot write" in dialog.error_label.text()


def test_window_export_action_opens_the_dialog(qtbot, trt_window) -> None:
    """actionExport opens the Export dialog on the open document, with its preview."""
    from PySide6.QtGui import QAction

    trt_window.findChild(QAction, "actionExport").trigger()
    dialog = trt_window.export_dialog
    qtbot.waitUntil(lambda: bool(dialog.text), timeout=10_000)
    assert dialog.isVisible() and dialog.text.startswith("---\ntitle: As the West looks to Ukraine")
    dialog.close()


def test_window_imports_annotations_from_json(qtbot, trt_window, tmp_path: Path) -> None:
    """Import Annotations in the window adds a file's W3C annotations to the open document's cards."""
    from storage.export.w3c_export import export_json

    library = trt_window.library
    document_id = trt_window.current_document_id
    library.add_annotation(document_id, *find_occurrence(library.document_text(document_id), FOUNDED), "fact")
    path = tmp_path / "claims.json"
    path.write_text(export_json(library, [document_id]), encoding="utf-8")
    for annotation in library.annotations(document_id):
        library.delete_annotation(annotation.uuid)
    trt_window.import_annotations(str(path))
    qtbot.waitUntil(lambda: "1 added" in trt_window.statusBar().currentMessage(), timeout=10_000)
    assert [FOUNDED] == [a.exact for a in library.annotations(document_id)]
    assert [FOUNDED] == [a.exact for a in trt_window.reader.annotations.values()]


def test_superseded_exports_stop_quietly(qtbot, tagged: tuple[Library, int, int]) -> None:
    """An export whose options changed stops between documents; only the newest result is shown, no error."""
    from gui.export_dialog import ExportSuperseded, export_job
    from storage.export.exporting import ExportOptions

    library, trt, other = tagged
    with pytest.raises(ExportSuperseded):
        export_job(library.path, [trt, other], ExportOptions())(lambda done, total: None, lambda: True)
    dialog = _dialog(qtbot, library, [trt, other])
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        for value in ("json", "csv", "markdown", "csv"):
            dialog.format_box.setCurrentIndex(dialog.format_box.findData(value))
    qtbot.wait(200)  # let the superseded jobs end
    assert dialog.text.startswith("document_id,") and not dialog.error_label.isVisible()


def test_window_exports_the_documents_selected_in_the_library(qtbot, make_window, tagged) -> None:
    """Ctrl+clicking a second document selects both; Export then offers exactly those two."""
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtGui import QAction

    library, trt_id, other_id = tagged
    window = make_window(library)
    window.open_document(trt_id)
    view = window.library_panel.view
    proxy = view.model()
    for row in range(proxy.rowCount()):
        view.selectionModel().select(proxy.index(row, 0), QItemSelectionModel.SelectionFlag.Select)
    assert {trt_id, other_id} == set(window.library_panel.selected_ids())

    window.findChild(QAction, "actionExport").trigger()
    dialog = window.export_dialog
    qtbot.waitUntil(lambda: bool(dialog.text), timeout=10_000)
    assert {trt_id, other_id} == set(dialog.document_ids)
    assert "(2)" in dialog.scope_box.currentText()
    assert "documents: 2" in dialog.text and "\n# Other\n" in dialog.text
    dialog.close()


def test_spreadsheet_csv_and_json_with_text_options(qtbot, tagged: tuple[Library, int, int]) -> None:
    """The CSV-for-spreadsheets box adds a BOM; the JSON box carries the articles' blocks."""
    library, trt, _ = tagged
    dialog = _dialog(qtbot, library, [trt])
    _choose(qtbot, dialog, dialog.format_box, "csv")
    assert dialog.spreadsheet_box.isVisibleTo(dialog) and not dialog.include_text_box.isVisibleTo(dialog)
    assert not dialog.text.startswith("\ufeff")
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.spreadsheet_box.setChecked(True)
    assert dialog.text.startswith("\ufeffdocument_id,")
    _choose(qtbot, dialog, dialog.format_box, "json")
    assert "blocks" not in json.loads(dialog.text)["claimmark:document"]
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.include_text_box.setChecked(True)
    assert json.loads(dialog.text)["claimmark:document"]["blocks"]


def test_a_workbook_is_previewed_as_csv_and_saved_as_xlsx(qtbot, tagged: tuple[Library, int, int], tmp_path) -> None:
    """Spreadsheet (.xlsx): the preview shows the rows; Save writes a workbook on a worker; Copy is off."""
    library, trt, other = tagged
    dialog = _dialog(qtbot, library, [trt, other])
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.format_box.setCurrentIndex(dialog.format_box.findData("xlsx"))
    assert dialog.text.startswith("document_id,") and not dialog.copy_button.isEnabled()
    target = tmp_path / "claims.xlsx"
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        dialog.save_to(str(target))
    assert target.read_bytes().startswith(b"PK")


def test_exact_csv_is_an_option_and_formulas_are_defused_by_default(qtbot, tagged: tuple[Library, int, int]) -> None:
    """CSV defuses formula-like text unless "Exact text" is ticked."""
    library, trt, _ = tagged
    annotation = library.annotations(trt)[0]
    library.update_annotation(annotation.uuid, note="=1+1")
    dialog = _dialog(qtbot, library, [trt])
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.format_box.setCurrentIndex(dialog.format_box.findData("csv"))
    assert "'=1+1" in dialog.text
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.exact_box.setChecked(True)
    assert '"=1+1"' in dialog.text and "'=1+1" not in dialog.text
