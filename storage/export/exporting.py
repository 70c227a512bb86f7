"""One entry point for every export, shared by the command line and the window.

``export_text`` returns one file's text (one document, a selection or the
whole library), ``export_bytes`` the file as bytes (every format, the binary
.xlsx included), ``export_file`` writes it; ``export_to_folder`` writes one
file per document (Markdown notes through :mod:`vault`, which never
overwrites a note edited since the last export). All take a progress
callback ``(done, total)`` and never know about Qt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..clock import now
from ..library import Library
from ..progress import Progress, each_reported
from .context import Only
from .csv_export import export_csv
from .files import ExportFailed, write_atomically
from .hypothesis_export import export_hypothesis
from .jinja_templates import load_template
from .markdown import GROUPINGS, export_markdown, note_filename
from .vault import FolderExport, export_notes
from .w3c_export import export_json
from .xlsx_export import export_xlsx

FORMATS = ("markdown", "json", "csv", "xlsx", "hypothesis")
SUFFIXES = {"markdown": ".md", "json": ".json", "csv": ".csv", "xlsx": ".xlsx", "hypothesis": ".json"}
BINARY_FORMATS = frozenset({"xlsx"})

__all__ = [
    "BINARY_FORMATS",
    "FORMATS",
    "SUFFIXES",
    "ExportFailed",
    "ExportOptions",
    "FolderExport",
    "export_bytes",
    "export_file",
    "export_text",
    "export_to_folder",
    "write_atomically",
]


@dataclass(frozen=True)
class ExportOptions:
    """How to export: format, grouping, template, and format details."""

    format: str = "markdown"
    group_by: str = "type"
    template_path: str = ""  # a user's Jinja2 template for Markdown; "" = the built-in one
    bom: bool = False  # CSV: start with a UTF-8 byte order mark (Excel)
    exact: bool = False  # CSV: every field exactly as typed (formula-like text is not defused)
    include_text: bool = False  # JSON: carry each document's blocks, so an empty library can import it
    exported: str = ""  # the export's timestamp; "" = now

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ExportFailed(f"unknown export format {self.format!r} (known: {', '.join(FORMATS)})")
        if self.group_by not in GROUPINGS:
            raise ExportFailed(f"unknown grouping {self.group_by!r} (known: {', '.join(GROUPINGS)})")

    def template(self) -> jinja2.Template | None:
        """Return the compiled user template, or None for the built-in one. Raises TemplateProblem."""
        return load_template(self.template_path) if self.template_path else None


def export_text(
    library: Library,
    document_ids: Iterable[int],
    options: ExportOptions,
    progress: Progress | None = None,
    *,
    annotation_uuids: Iterable[str] | None = None,
) -> str:
    """Return the export of the documents as one file's text.

    With ``annotation_uuids`` only those annotations are exported (a filtered claims view, exactly as
    filtered), each in its document; documents with none of them are left out, and an empty
    ``document_ids`` means the documents of those annotations, in the order of their ids.

    Raises:
        NotFound: a document is not in the library.
        TemplateProblem: the user template cannot be read or fails.
        ExportFailed: the format is binary (.xlsx): use export_bytes or export_file.
    """
    ids = list(document_ids)
    if options.format in BINARY_FORMATS:
        raise ExportFailed(f"{options.format} is a binary format: write it to a file")
    ids, only = _scope(library, ids, annotation_uuids)
    if options.format == "json":
        return export_json(library, ids, include_text=options.include_text, progress=progress, only=only)
    if options.format == "csv":
        return export_csv(library, ids, bom=options.bom, exact=options.exact, progress=progress, only=only)
    if options.format == "hypothesis":
        return export_hypothesis(library, ids, progress=progress, only=only)
    return export_markdown(
        library, ids, group_by=options.group_by, template=options.template(),
        exported=options.exported or now(), progress=progress, only=only,
    )  # fmt: skip


def export_bytes(
    library: Library,
    document_ids: Iterable[int],
    options: ExportOptions,
    progress: Progress | None = None,
    *,
    annotation_uuids: Iterable[str] | None = None,
) -> bytes:
    """Return the export of the documents as one file's bytes (text formats in UTF-8). Raises as export_text."""
    if options.format == "xlsx":
        ids, only = _scope(library, document_ids, annotation_uuids)
        return export_xlsx(library, ids, progress=progress, only=only)
    return export_text(library, document_ids, options, progress, annotation_uuids=annotation_uuids).encode("utf-8")


def export_file(
    library: Library,
    document_ids: Iterable[int],
    path: str | Path,
    options: ExportOptions,
    progress: Progress | None = None,
    *,
    annotation_uuids: Iterable[str] | None = None,
) -> Path:
    """Write the export of the documents to one file (atomically); return its path.

    Raises:
        ExportFailed: the file cannot be written (and as export_text).
    """
    path = Path(path)
    write_atomically(path, export_bytes(library, document_ids, options, progress, annotation_uuids=annotation_uuids))
    return path


def _scope(
    library: Library, document_ids: Iterable[int], annotation_uuids: Iterable[str] | None
) -> tuple[list[int], Only | None]:
    """Return the documents to export and, for a list of annotations, each document's share of them."""
    ids = list(document_ids)
    if annotation_uuids is None:
        return ids, None
    only = _by_document(library, annotation_uuids)
    return [d for d in (ids or list(only)) if d in only], only


def _by_document(library: Library, uuids: Iterable[str]) -> dict[int, list[str]]:
    """Group annotation uuids by their document (documents in id order; unknown uuids left out)."""
    rows = library.conn.execute(
        "SELECT document_id, uuid FROM annotations WHERE uuid IN (SELECT value FROM json_each(?))"
        " ORDER BY document_id, start, end, id",
        [json.dumps(list(uuids))],
    )
    grouped: dict[int, list[str]] = {}
    for document_id, uuid in rows:
        grouped.setdefault(document_id, []).append(uuid)
    return grouped


def export_to_folder(
    library: Library,
    document_ids: Iterable[int],
    folder: str | Path,
    options: ExportOptions,
    progress: Progress | None = None,
) -> FolderExport:
    """Write one file per document into folder (created if needed); return the paths written.

    Markdown notes already in the folder are updated only when untouched since
    the last export; the result's ``kept`` lists the others (see vault.py).

    Raises:
        ExportFailed: the folder or a file cannot be written.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportFailed(f"cannot create folder {folder}: {error.strerror}") from None
    ids = list(document_ids)
    if options.format == "markdown":
        return export_notes(
            library, ids, folder, group_by=options.group_by, template=options.template(),
            exported=options.exported or now(), progress=progress,
        )  # fmt: skip
    written = FolderExport()
    for name, content in _files(library, ids, options, progress):
        write_atomically(folder / name, content)
        written.append(folder / name)
    return written


def _files(
    library: Library, ids: list[int], options: ExportOptions, progress: Progress | None
) -> Iterator[tuple[str, bytes]]:
    used: set[str] = set()
    suffix = SUFFIXES[options.format]
    for document_id in each_reported(ids, progress):
        title = library.document_summary(document_id).title
        name = note_filename(title, document_id, used).removesuffix(".md") + suffix
        yield name, export_bytes(library, [document_id], options)
