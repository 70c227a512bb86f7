"""Export: claims out of the library as Markdown, W3C JSON-LD, CSV, .xlsx, Hypothesis JSON and citations.

``exporting`` is the one entry point the command line and the window use;
each format is one module; ``context`` gathers what every format is made of;
``vault`` writes notes into a folder without overwriting the user's edits.
A new format is a module here plus one entry in ``exporting.FORMATS``.
"""

from .exporting import (
    BINARY_FORMATS,
    FORMATS,
    SUFFIXES,
    ExportFailed,
    ExportOptions,
    FolderExport,
    export_bytes,
    export_file,
    export_text,
    export_to_folder,
    write_atomically,
)
from .jinja_templates import TemplateProblem
from .markdown import GROUPINGS, claim_markdown, export_markdown, note_filename

__all__ = [
    "BINARY_FORMATS",
    "FORMATS",
    "GROUPINGS",
    "SUFFIXES",
    "ExportFailed",
    "ExportOptions",
    "FolderExport",
    "TemplateProblem",
    "claim_markdown",
    "export_bytes",
    "export_file",
    "export_markdown",
    "export_text",
    "export_to_folder",
    "note_filename",
    "write_atomically",
]
