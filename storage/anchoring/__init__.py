"""Re-anchoring: carrying annotations over when a document's text changes, and the versions it keeps.

``reanchor`` places old annotations on a new text (a Qt-free, pure function of
the two texts); ``versions`` stores a new version of a document and applies
the results in one transaction.
"""

from .reanchor import DEFAULT_WORK_BUDGET, AnchorResult, ReanchorCancelled, reanchor, status_counts
from .versions import (
    DocumentVersion,
    ImportOutcome,
    changed_claims,
    current_version,
    import_or_update,
    previous_quotes,
    previous_text,
    reattach_annotation,
    source_changed,
    source_may_have_changed,
    update_document,
    versions,
)

__all__ = [
    "DEFAULT_WORK_BUDGET",
    "AnchorResult",
    "DocumentVersion",
    "ImportOutcome",
    "ReanchorCancelled",
    "changed_claims",
    "current_version",
    "import_or_update",
    "previous_quotes",
    "previous_text",
    "reanchor",
    "reattach_annotation",
    "source_changed",
    "source_may_have_changed",
    "status_counts",
    "update_document",
    "versions",
]
