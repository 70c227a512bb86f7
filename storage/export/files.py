"""Writing export files: atomically (a reader never sees half a file), with one error for any failure."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import LibraryError


class ExportFailed(LibraryError):
    """An export could not be written."""


def write_atomically(path: str | Path, content: str | bytes) -> None:
    """Write text (as UTF-8) or bytes to path through a temporary file, so a reader never sees half a file.

    Raises:
        ExportFailed: the file cannot be written.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        if isinstance(content, bytes):
            temporary.write_bytes(content)
        else:
            with open(temporary, "w", encoding="utf-8", newline="") as stream:
                stream.write(content)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ExportFailed(f"cannot write {path}: {error.strerror}") from None


def read_text(path: Path) -> str:
    """Return a UTF-8 text file's content.

    Raises:
        ExportFailed: it cannot be read, or is not UTF-8.
    """
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ExportFailed(f"cannot read {path}: not UTF-8 text") from None
    except OSError as error:
        raise ExportFailed(f"cannot read {path}: {error.strerror}") from None
