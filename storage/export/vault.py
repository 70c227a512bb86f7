"""Notes in a folder (an Obsidian vault): export again without ever overwriting what the user wrote.

Each note's claims sit between two marks, HTML comments that Obsidian's
reading view, Pandoc and Python-Markdown all hide::

    ---
    (front matter)
    ---

    <!-- claimmark:begin claimmark://open?library=…&document=3 -->
    (the claims)

    <!-- claimmark:end sha256=… -->

The end mark holds the sha256 of the front matter and the claims as Claimmark
wrote them. Exporting again into the folder:

- a new note is written;
- a note whose front matter and claims are as Claimmark wrote them is updated:
  the front matter and the claims are replaced, and whatever the user wrote
  above the begin mark or below the end mark is kept as it is;
- a note whose front matter or claims were edited since (the hash differs),
  whose marks were removed, or that Claimmark did not write, is **kept
  untouched**, and reported. Claimmark neither merges edits (a merge could
  silently lose one) nor writes a second note for the same document (two
  notes with the same tags and properties would split the vault's links and
  counts, and each export would add another).

A note named like another document's note (two documents, one title) is
written under the name with the document id, ``Title (3).md``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..library import Library
from ..progress import Progress
from .context import document_exports
from .files import read_text, write_atomically
from .markdown import document_markdown, note_filename

BEGIN = "<!-- claimmark:begin {link} -->"
END = "<!-- claimmark:end sha256={digest} -->"
_BEGIN_LINE = re.compile(r"^<!-- claimmark:begin (\S+) -->$", re.MULTILINE)
_END_LINE = re.compile(r"^<!-- claimmark:end sha256=([0-9a-f]{64}) -->$", re.MULTILINE)
_DOCUMENT_ID = re.compile(r"[?&]document=(\d+)")
KEPT_EDITED = "edited since the last export"
KEPT_FOREIGN = "not written by Claimmark, or its claimmark:begin/end marks were removed"


class FolderExport(list[Path]):
    """The files an export into a folder wrote (a list of paths), and the notes it kept as they were."""

    def __init__(self, written: Iterable[Path] = ()) -> None:
        super().__init__(written)
        self.kept: list[tuple[Path, str]] = []  # (note, why it was not updated)


@dataclass
class Note:
    """A note as found on disk: its front matter, the user's text around the marks, and the claims."""

    front: str
    before: str
    document_id: int | None
    region: str
    digest: str
    after: str = field(default="")

    @property
    def untouched(self) -> bool:
        """Whether the front matter and claims are exactly as Claimmark last wrote them."""
        return self.digest == note_digest(self.front, self.region)


def note_digest(front: str, region: str) -> str:
    """Return the hash a note's end mark holds: of its front matter and its claims as written."""
    return hashlib.sha256(f"{front}\x00{region}".encode()).hexdigest()


def split_front_matter(text: str) -> tuple[str, str]:
    """Return (front matter YAML without its --- lines, the rest); ("", text) when there is none."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end >= 0:
            return text[4:end], text[end + 5 :]
    return "", text


def compose(front: str, region: str, link: str, before: str = "", after: str = "") -> str:
    """Return a note's text: front matter, the user's text before, the marked claims, the user's text after."""
    head = f"---\n{front}\n---\n\n" if front else ""
    marks = f"{BEGIN.format(link=link)}\n{region}\n\n{END.format(digest=note_digest(front, region))}\n"
    return head + before + marks + after


def parse_note(text: str) -> Note | None:
    """Return a note's parts, or None when it has not exactly one pair of Claimmark marks in order."""
    front, rest = split_front_matter(text)
    begins, ends = list(_BEGIN_LINE.finditer(rest)), list(_END_LINE.finditer(rest))
    if len(begins) != 1 or len(ends) != 1 or ends[0].start() < begins[0].end():
        return None
    begin, end = begins[0], ends[0]
    written = rest[begin.end() + 1 : end.start()]  # the claims, then the blank line compose() puts before the end
    region = written.removesuffix("\n\n") if written.endswith("\n\n") else written + "\x00"  # \x00: cannot match
    found = _DOCUMENT_ID.search(begin.group(1))
    head = rest[: begin.start()]
    if front:  # compose() puts one blank line after the front matter
        head = head.removeprefix("\n")
    document_id = int(found.group(1)) if found else None
    return Note(front, head, document_id, region, end.group(1), rest[end.end() + 1 :])


def note_text(rendered: str, link: str, existing: Note | None = None) -> str:
    """Return the note to write for a rendered export: new, or updating an untouched existing note."""
    front, body = split_front_matter(rendered)
    region = body.strip("\n")
    if existing is None:
        return compose(front, region, link)
    return compose(front, region, link, existing.before, existing.after)


def export_notes(
    library: Library,
    document_ids: Iterable[int],
    folder: Path,
    *,
    group_by: str = "type",
    template: jinja2.Template | None = None,
    exported: str = "",
    progress: Progress | None = None,
) -> FolderExport:
    """Write one note per document into folder, keeping every note edited since the last export.

    Raises:
        ExportFailed: a note cannot be read or written.
    """
    result = FolderExport()
    used: set[str] = set()
    for document in document_exports(library, document_ids, progress):
        rendered = document_markdown(document, group_by=group_by, template=template, exported=exported)
        path, existing, why = _place(folder, note_filename(document.title, document.id, used), document.id)
        if why:
            result.kept.append((path, why))
            continue
        text = note_text(rendered, str(document.link), existing)
        if existing is None or read_text(path) != text:
            write_atomically(path, text)
        result.append(path)
    return result


def _place(folder: Path, name: str, document_id: int) -> tuple[Path, Note | None, str]:
    """Return where the document's note goes, the note found there, and why it must be kept ("" if not)."""
    path = folder / name
    for candidate in (path, path.with_name(f"{path.stem} ({document_id}).md")):
        if not candidate.exists():
            return candidate, None, ""
        note = parse_note(read_text(candidate))
        if note is None:
            return candidate, None, KEPT_FOREIGN
        if note.document_id == document_id:
            return candidate, note, "" if note.untouched else KEPT_EDITED
    return path, None, f"{KEPT_FOREIGN} (the name is another document's note)"
