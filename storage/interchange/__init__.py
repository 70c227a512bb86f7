"""Interchange: annotations coming in from files (Claimmark's own W3C JSON, and other tools' formats).

Each format's reader turns a file into ``IncomingAnnotation`` records;
``annotation_import`` matches them to documents, anchors them and stores them
in one transaction. A new format is a reader module here feeding that path.
"""

from .annotation_import import ImportReport, import_annotation_file, import_annotations, insert_annotations
from .w3c_reader import IncomingAnnotation, InvalidAnnotationFile, parse_annotations

__all__ = [
    "ImportReport",
    "IncomingAnnotation",
    "InvalidAnnotationFile",
    "import_annotation_file",
    "import_annotations",
    "insert_annotations",
    "parse_annotations",
]
