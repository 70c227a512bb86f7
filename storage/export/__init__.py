"""Export: claims out of the library as Markdown, W3C JSON-LD or CSV.

``exporting`` is the one entry point the command line and the window use;
each format is one module; ``context`` gathers what every format is made of.
A new format is a module here plus one entry in ``exporting.FORMATS``.
"""

from .exporting import FORMATS, SUFFIXES, ExportFailed, ExportOptions, export_text, export_to_folder, write_atomically
from .jinja_templates import TemplateProblem
from .markdown import GROUPINGS, claim_markdown, export_markdown, note_filename

__all__ = [
    "FORMATS",
    "GROUPINGS",
    "SUFFIXES",
    "ExportFailed",
    "ExportOptions",
    "TemplateProblem",
    "claim_markdown",
    "export_markdown",
    "export_text",
    "export_to_folder",
    "note_filename",
    "write_atomically",
]
