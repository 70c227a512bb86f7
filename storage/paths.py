"""Where the library lives unless the user says otherwise, and which paths can be a file at all."""

from __future__ import annotations

import os
import re
from pathlib import Path

ENVIRONMENT_VARIABLE = "CLAIMMARK_LIBRARY"
MAX_NAME_BYTES = 255  # one file or folder name (ext4, APFS, NTFS)
MAX_PATH_BYTES = 4096  # a whole path (Linux PATH_MAX)
_CONTROLS = re.compile("[\x00-\x1f\x7f]")


def default_library_path() -> Path:
    """Return $CLAIMMARK_LIBRARY, else library.sqlite in the platform's user data folder."""
    override = os.environ.get(ENVIRONMENT_VARIABLE)
    if override:
        return Path(override).expanduser()
    import platformdirs  # only when no library is named (10 ms)

    return platformdirs.user_data_path("Claimmark", appauthor=False) / "library.sqlite"


def path_problem(path: str | os.PathLike[str]) -> str | None:
    """Say why path cannot name a file (control characters, a name or the whole too long), or None."""
    text = os.fspath(path)
    if _CONTROLS.search(text):
        return "contains control characters"
    encoded = os.fsencode(text)
    if len(encoded) > MAX_PATH_BYTES:
        return f"is longer than {MAX_PATH_BYTES:,} bytes"
    if any(len(part) > MAX_NAME_BYTES for part in encoded.split(b"/")):
        return f"has a name longer than {MAX_NAME_BYTES} bytes"
    return None


def shown_path(path: str | os.PathLike[str], limit: int = 160) -> str:
    """Path as a message shows it: whole when short, else its start and end around an ellipsis."""
    text = os.fspath(path)
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return f"{text[:half]}…{text[-half:]}"
