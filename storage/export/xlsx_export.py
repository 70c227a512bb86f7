"""Spreadsheet export (.xlsx, Office Open XML) through XlsxWriter: every cell exactly as typed, never a formula.

The columns are the CSV export's (tags as a JSON array). Text cells are
written as strings and numbers as numbers, each by its own call, with
XlsxWriter's conversions of strings to numbers, formulas and links turned off:
a note ``=HYPERLINK("http://x")`` is a text cell that LibreOffice and Excel
show as typed, so nothing needs an apostrophe (a test converts the file with
LibreOffice and reads every cell back). Unlike CSV, the file carries its
encoding: no byte order mark, no import dialog. A cell holds at most 32,767
characters (Excel's limit); a longer quote or note is refused with its claim
named, rather than cut.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import xlsxwriter

from ..gc_pause import gc_paused
from ..library import Library
from ..progress import Progress
from .context import Only
from .csv_export import COLUMNS, claim_rows
from .files import ExportFailed

MAX_CELL_CHARS = 32_767
MAX_ROWS = 1_048_576  # rows in a sheet, the header included
WIDTHS = {"document": 30, "quote": 60, "note": 40, "speaker": 18, "tags": 20, "heading": 30, "link": 20}
_OPTIONS = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}


@gc_paused()
def export_xlsx(
    library: Library, document_ids: Iterable[int], progress: Progress | None = None, only: Only | None = None
) -> bytes:
    """Return the .xlsx file: one sheet "Claims", a header row, one row per annotation.

    Raises:
        NotFound: a document is not in the library.
        ExportFailed: a text is longer than a spreadsheet cell holds.
    """
    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, _OPTIONS)
    sheet = workbook.add_worksheet("Claims")
    bold = workbook.add_format({"bold": True})
    for column, name in enumerate(COLUMNS):
        sheet.write_string(0, column, name, bold)
        sheet.set_column(column, column, WIDTHS.get(name, 12))
    sheet.freeze_panes(1, 0)
    write_string, write_number = sheet.write_string, sheet.write_number
    for row, values in enumerate(claim_rows(library, document_ids, safe=False, progress=progress, only=only), start=1):
        if row >= MAX_ROWS:
            raise ExportFailed(f"more than {MAX_ROWS - 1:,} claims do not fit in one sheet; export them as CSV")
        for column, value in enumerate(values):
            if isinstance(value, str):
                if len(value) > MAX_CELL_CHARS:
                    raise ExportFailed(f"claim {values[-2]}: its {COLUMNS[column]} is longer than a spreadsheet "
                                       f"cell holds ({MAX_CELL_CHARS:,} characters); export it as CSV")  # fmt: skip
                write_string(row, column, value)
            else:
                write_number(row, column, value)
    workbook.close()
    return stream.getvalue()
