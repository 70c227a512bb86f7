"""What importing one annotation file did: counts for people and programs, and every item skipped with why."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from ..wording import counted

NO_DOCUMENT = "without a matching document in the library"
NO_PAGE = "notes on a page the library does not have (found by address only)"
_EXAMPLES = 20  # skipped items listed in full in --json and the window; the rest are counted


@dataclass(frozen=True)
class SkippedItem:
    """One annotation of the file that was not imported."""

    reason: str
    origin_id: str = ""
    excerpt: str = ""  # the start of its quote or note


@dataclass
class ImportReport:
    """Counts of one file's import. ``added`` counts annotations; document notes are counted apart."""

    file: str = ""
    format: str = ""  # a storage.interchange.formats.FORMATS key
    label: str = ""  # the shape read, for people ("Hypothesis API response")
    added: int = 0
    anchored: int = 0
    moved: int = 0
    changed: int = 0
    orphaned: int = 0
    notes_added: int = 0  # notes on whole documents (page notes)
    duplicate: int = 0
    documents_added: int = 0  # documents a Claimmark file carried and the library lacked
    documents: list[int] = field(default_factory=list)  # ids of the documents that received something
    skipped: list[SkippedItem] = field(default_factory=list)

    @property
    def unmatched(self) -> int:
        """How many items found no document."""
        return sum(item.reason in (NO_DOCUMENT, NO_PAGE) for item in self.skipped)

    def skip(self, reason: str, origin_id: str = "", text: str = "") -> None:
        """Record one item not imported, and why."""
        excerpt = " ".join(text.split())
        self.skipped.append(SkippedItem(reason, origin_id, excerpt[:79] + "…" if len(excerpt) > 80 else excerpt))

    def skipped_by_reason(self) -> dict[str, int]:
        """Return reason -> how many items were skipped for it, most frequent first."""
        return dict(Counter(item.reason for item in self.skipped).most_common())

    def summary(self) -> str:
        """Return one line for a person, e.g. "12 added (11 anchored, 1 orphaned), 1 document note, 3 duplicate"."""
        statuses = [f"{n} {name}" for name, n in self._statuses().items() if n]
        line = f"{self.added} added" + (f" ({', '.join(statuses)})" if statuses else "")
        if self.notes_added:
            line += f", {counted(self.notes_added, 'document note')}"
        line += f", {self.duplicate} duplicate"
        reasons = self.skipped_by_reason()
        if reasons:
            line += f", {len(self.skipped)} skipped (" + "; ".join(f"{n} {why}" for why, n in reasons.items()) + ")"
        if self.documents_added:
            line += f"; {counted(self.documents_added, 'document')} added"
        return line

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data: every count, skipped items by reason and the first few in full."""
        data = asdict(self)
        data["skipped"] = len(self.skipped)
        data["unmatched"] = self.unmatched
        data["skipped_by_reason"] = self.skipped_by_reason()
        data["skipped_examples"] = [asdict(item) for item in self.skipped[:_EXAMPLES]]
        data["summary"] = self.summary()
        return data

    def _statuses(self) -> dict[str, int]:
        return {"anchored": self.anchored, "moved": self.moved, "changed": self.changed, "orphaned": self.orphaned}
