"""The library's claim types as the window knows them, re-read when the library may have changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from storage import ClaimType, Library, LibraryError


class ClaimTypeRegistry(QObject):
    """The current claim types; ``changed`` tells every view and the actions when they differ."""

    changed = Signal(list)  # list[ClaimType], in display order

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.types: list[ClaimType] = library.claim_types()

    def refresh(self) -> bool:
        """Re-read the claim types (another window or `claimmark types add` may have changed them)."""
        try:
            types = self.library.claim_types()
        except LibraryError:
            return False
        if types == self.types:
            return False
        self.types = types
        self.changed.emit(types)
        return True

    def named(self, name: str) -> ClaimType | None:
        """Return the claim type called name, or None."""
        return next((t for t in self.types if t.name == name), None)

    def labels(self) -> dict[str, str]:
        """Return name -> label for every claim type."""
        return {t.name: t.label for t in self.types}
