"""Window settings kept in QSettings: geometry, splitter, theme, font size, recent files, last place read.

Tests redirect it to an ini file under tmp_path by passing their own QSettings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


class WindowSettings:
    """Typed access to the window's QSettings."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings if settings is not None else QSettings()

    def _get(self, key: str, default: Any, kind: type) -> Any:
        value = self.qsettings.value(key, default)
        try:
            return kind(value) if value is not None else default
        except (TypeError, ValueError):
            return default

    def bytes(self, key: str) -> QByteArray | None:
        """Return a stored geometry/state blob, or None."""
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set(self, key: str, value: Any) -> None:
        """Store value under key."""
        self.qsettings.setValue(key, value)

    @property
    def theme(self) -> str:
        return str(self._get("view/theme", "light", str))

    @property
    def point_size(self) -> float:
        return float(self._get("view/pointSize", 13.0, float))

    @property
    def last_document(self) -> int | None:
        value = self._get("reading/lastDocument", -1, int)
        return value if value >= 0 else None

    def scroll_offset(self, document_id: int) -> int:
        """Return the canonical offset last shown at the top of document_id."""
        return int(self._get(f"reading/offset/{document_id}", 0, int))

    def set_scroll_offset(self, document_id: int, offset: int) -> None:
        """Remember where document_id was being read."""
        self.set(f"reading/offset/{document_id}", offset)

    @property
    def recent_files(self) -> list[str]:
        value = self.qsettings.value("file/recent", [])
        values = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
        return [str(v) for v in values if v]

    def add_recent_file(self, path: str) -> None:
        """Put path first in the recent files."""
        recent = [path, *(p for p in self.recent_files if p != path)][:MAX_RECENT]
        self.set("file/recent", recent)

    @property
    def last_folder(self) -> str:
        """The folder a file dialog opened in last ("" before the first: the dialog's own default)."""
        return str(self._get("file/lastFolder", "", str))

    def set_last_folder(self, folder: str) -> None:
        """Remember the folder of the file just chosen."""
        self.set("file/lastFolder", folder)

    def in_last_folder(self, name: str = "") -> str:
        """Where a file dialog starts: name inside the last folder (name alone, or "", before the first choice)."""
        folder = self.last_folder
        return str(Path(folder) / name) if folder else name

    def remember_folder_of(self, path: str, *, is_folder: bool = False) -> None:
        """Remember the folder of a path a file dialog returned (nothing for "", a cancelled dialog)."""
        if path:
            self.set_last_folder(str(Path(path) if is_folder else Path(path).parent))

    def sync(self) -> None:
        """Write to disk now."""
        self.qsettings.sync()
