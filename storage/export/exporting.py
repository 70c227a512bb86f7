"""One entry point for every export, shared by the command line and the window.

``export_text`` returns one file's text (one document, a selection or the
whole library); ``export_to_folder`` writes one file per document. Both take a
progress callback ``(done, total)`` and never know about Qt.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..clock import now
from ..errors import LibraryError
from ..library import Library
from ..progress import Progress, each_reported
from .csv_export import export_csv
from .jinja_templates import load_template
from .markdown import GROUPINGS, export_markdown, markdown_files, note_filename
from .w3c_export import export_json

FORMATS = ("markdown", "json", "csv")
SUFFIXES = {"markdown": ".md", "json": ".json", "csv": ".csv"}


class ExportFailed(LibraryError):
    """An export could not be written."""


@dataclass(frozen=True)
class ExportOptions:
    """How to export: format, grouping, template, and format details."""

    format: str = "markdown"
    group_by: str = "type"
    template_path: str = ""  # a user's Jinja2 template for Markdown; "" = the built-in one
    bom: bool = False  # CSV: start with a UTF-8 byte order mark (Excel)
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
    """
    ids = list(document_ids)
    only = None if annotation_uuids is None else _by_document(library, annotation_uuids)
    if only is not None:
        ids = [d for d in (ids or list(only)) if d in only]
    if options.format == "json":
        return export_json(library, ids, include_text=options.include_text, progress=progress, only=only)
    if options.format == "csv":
        return export_csv(library, ids, bom=options.bom, progress=progress, only=only)
    return export_markdown(
        library, ids, group_by=options.group_by, template=options.template(),
        exported=options.exported or now(), progress=progress, only=only,
    )  # fmt: skip


def _by_document(library: Library, uuids: Iterable[str]) -> dict[int, list[str]]:
    """Group annotation uuids by their document (documents in id order; unknown uuids left out)."""
    rows = library.db.conn.execute(
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
) -> list[Path]:
    """Write one file per document into folder (created if needed); return the paths written.

    Raises:
        ExportFailed: the folder or a file cannot be written.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportFailed(f"cannot create folder {folder}: {error.strerror}") from None
    written = []
    for name, text in _files(library, list(document_ids), options, progress):
        written.append(folder / name)
        write_atomically(folder / name, text)
    return written


def _files(
    library: Library, ids: list[int], options: ExportOptions, progress: Progress | None
) -> Iterator[tuple[str, str]]:
    if options.format == "markdown":
        yield from markdown_files(
            library, ids, group_by=options.group_by, template=options.template(),
            exported=options.exported or now(), progress=progress,
        )  # fmt: skip
        return
    used: set[str] = set()
    suffix = SUFFIXES[options.format]
    for document_id in each_reported(ids, progress):
        title = library.document_summary(document_id).title
        name = note_filename(title, document_id, used).removesuffix(".md") + suffix
        yield name, export_text(library, [document_id], options)


def write_atomically(path: str | Path, text: str) -> None:
    """Write text as UTF-8 to path through a temporary file, so a reader never sees half a file.

    Raises:
        ExportFailed: the file cannot be written.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ExportFailed(f"cannot write {path}: {error.strerror}") from None
