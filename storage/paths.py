"""Where the library lives unless the user says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENVIRONMENT_VARIABLE = "CLAIMMARK_LIBRARY"


def default_library_path() -> Path:
    """Return $CLAIMMARK_LIBRARY, else library.sqlite in the platform's user data folder."""
    override = os.environ.get(ENVIRONMENT_VARIABLE)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path("Claimmark", appauthor=False) / "library.sqlite"
