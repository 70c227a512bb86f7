"""What the Library's parts kept in other modules (library_claims) use of it, for the type checker.

Library inherits those parts; at run time this base is a plain object and adds nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3
    from contextlib import AbstractContextManager

    from .records import ClaimType, DocumentSummary

    class LibraryParts:
        conn: sqlite3.Connection
        annotator: str

        def transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...
        def document_text(self, document_id: int) -> str: ...
        def document_summary(self, document_id: int) -> DocumentSummary: ...
        def claim_types(self) -> list[ClaimType]: ...
        def _current_texts(self) -> dict[int, str]: ...
        def _text_length(self, document_id: int) -> int: ...
        def _check_claim_type(self, name: str) -> None: ...

else:

    class LibraryParts:
        """(Nothing at run time: see the module's docstring.)"""
