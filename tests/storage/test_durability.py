"""A claim shown as saved survives the process being killed at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from storage import Library

_WRITER = """
import sys, time
from documents import load_document
from storage import Library, find_occurrence
library = Library(sys.argv[1])
summary, _ = library.import_document(load_document(b"Title Line\\n\\nThe council voted seven to six.", "a.txt"))
start, end = find_occurrence(library.document_text(summary.id), "seven to six")
annotation = library.add_annotation(summary.id, start, end, "fact", note="kept")
print(annotation.uuid, flush=True)  # what a window shows as "Saved"
time.sleep(60)  # killed here, connection open, nothing closed or checkpointed
"""


def test_annotation_survives_sigkill(library_path: Path) -> None:
    """SIGKILL right after add_annotation returns loses nothing: the WAL commit is on disk."""
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(library_path)], stdout=subprocess.PIPE, text=True)
    try:
        uuid = writer.stdout.readline().strip()  # type: ignore[union-attr]
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    assert -signal.SIGKILL == writer.returncode
    assert (library_path.parent / (library_path.name + "-wal")).exists()  # recovery has work to do
    with Library(library_path) as library:
        annotation = library.annotation(uuid)
    assert ("seven to six", "kept") == (annotation.exact, annotation.note)
