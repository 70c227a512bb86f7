"""Spreadsheets: the .xlsx read back by openpyxl and by LibreOffice exactly; no formula from user text, CSV or .xlsx.

LibreOffice starts slowly, so one headless run converts every file of the
module (the safe CSV, the .xlsx) to CSV for reading back.
"""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import openpyxl
import pytest

from storage import Library
from storage.export.csv_export import COLUMNS, export_csv
from storage.export.files import ExportFailed
from storage.export.xlsx_export import MAX_CELL_CHARS, export_xlsx
from tests.conftest import require_tool

from .conftest import add_harbour

FORMULA = '=HYPERLINK("http://x")'
NUMBERS = {"document_id", "start", "end", "score", "paragraph"}
# What a spreadsheet likes to "help" with: numbers, dates, booleans, escapes, leading blanks, other scripts.
TRICKY = {"note": "0012", "speaker": "1e5 · Ålesund 🙂", "tags": ["TRUE", "2024-05-13", "_x0041_", "  lead"]}
# LibreOffice: UTF-8 out, "," and '"', every text cell quoted, cells as shown (a formula would show its result).
TO_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true"


def tricky_library(path: Path) -> tuple[Library, int]:
    """A library with the harbour claims, one of them holding text spreadsheets would convert."""
    library = Library(path)
    document_id = add_harbour(library, annotator="Ana Ruiz")
    first = library.annotations(document_id)[0]
    library.update_annotation(first.uuid, note=TRICKY["note"], speaker=TRICKY["speaker"], tags=TRICKY["tags"])
    return library, document_id


def expected_rows(library: Library, document_id: int) -> list[dict[str, str]]:
    """Return the rows as the exact CSV export holds them (what every cell must read back as)."""
    return list(csv.DictReader(io.StringIO(export_csv(library, [document_id], exact=True), newline="")))


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, str]], Path]:
    """Export the safe CSV and the .xlsx, convert both with one LibreOffice run; return expected rows and folder."""
    soffice = require_tool("soffice", "libreoffice-calc-nogui")
    folder = tmp_path_factory.mktemp("spreadsheets")
    library, document_id = tricky_library(folder / "library.sqlite")
    with library:
        (folder / "claims-safe.csv").write_text(export_csv(library, [document_id]), encoding="utf-8", newline="")
        (folder / "claims.xlsx").write_bytes(export_xlsx(library, [document_id]))
        rows = expected_rows(library, document_id)
    command = [
        soffice,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--convert-to",
        TO_CSV,
        "--outdir",
        str(folder / "out"),
        str(folder / "claims-safe.csv"),
        str(folder / "claims.xlsx"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert 0 == done.returncode, done.stderr
    return rows, folder / "out"


def read_back(path: Path) -> list[dict[str, str]]:
    """Read a CSV that LibreOffice wrote."""
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_libreoffice_reads_every_xlsx_cell_exactly(converted: tuple[list[dict[str, str]], Path]) -> None:
    """Every text cell of the .xlsx comes back from LibreOffice exactly as typed; the formula-like note too."""
    rows, out = converted
    found = read_back(out / "claims.csv")
    assert len(rows) == len(found) and list(COLUMNS) == list(found[0])
    for want, got in zip(rows, found, strict=True):
        assert {k: v for k, v in want.items() if k not in NUMBERS} == {k: v for k, v in got.items() if k not in NUMBERS}
        assert [float(want[k]) for k in sorted(NUMBERS)] == [float(got[k]) for k in sorted(NUMBERS)]
    assert FORMULA in {row["note"] for row in found} and "1e5 · Ålesund 🙂" in {row["speaker"] for row in found}


def test_libreoffice_runs_no_formula_from_the_safe_csv(converted: tuple[list[dict[str, str]], Path]) -> None:
    """Opened by LibreOffice, the default CSV shows formula-like text (with its apostrophe), never its result."""
    _, out = converted
    notes = [row["note"] for row in read_back(out / "claims-safe.csv")]
    assert "'" + FORMULA in notes and "http://x" not in notes
    assert "'+1 -1 @here" in notes


def test_openpyxl_reads_text_cells_as_text(tmp_path: Path) -> None:
    """In the .xlsx every user text is a string cell (no formula cell at all) and numbers are numbers."""
    library, document_id = tricky_library(tmp_path / "library.sqlite")
    with library:
        path = tmp_path / "claims.xlsx"
        path.write_bytes(export_xlsx(library, [document_id]))
        rows = expected_rows(library, document_id)
    sheet = openpyxl.load_workbook(path)["Claims"]
    cells = list(sheet.iter_rows())
    assert list(COLUMNS) == [cell.value for cell in cells[0]] and len(rows) + 1 == len(cells)
    assert {"s", "n"} == {cell.data_type for row in cells for cell in row}
    for want, row in zip(rows, cells[1:], strict=True):
        got = {name: cell.value for name, cell in zip(COLUMNS, row, strict=True)}
        assert {k: v for k, v in want.items() if k not in NUMBERS} == {k: v for k, v in got.items() if k not in NUMBERS}


def test_a_cell_too_long_for_a_spreadsheet_is_refused(harbour_library: tuple[Library, int]) -> None:
    """A note longer than a cell holds is an ExportFailed naming the claim, not a silently cut cell."""
    library, document_id = harbour_library
    annotation = library.annotations(document_id)[0]
    library.update_annotation(annotation.uuid, note="x" * (MAX_CELL_CHARS + 1))
    with pytest.raises(ExportFailed, match=f"claim {annotation.uuid}: its note is longer"):
        export_xlsx(library, [document_id])
