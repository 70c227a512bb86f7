"""Exporting into a vault folder again: untouched notes are updated, edited notes are never overwritten."""

from __future__ import annotations

from pathlib import Path

import markdown

from documents import Document, Metadata
from documents.model import make_block
from storage import Library
from storage.export.exporting import ExportOptions, export_to_folder
from storage.export.vault import KEPT_EDITED, KEPT_FOREIGN, parse_note, split_front_matter

NOTE = "Harbour town votes to ban large cruise ships from its old port.md"
OPTIONS = ExportOptions(exported="2024-05-21T10:00:00.000+00:00")


def _export(library: Library, ids: list[int], folder: Path, options: ExportOptions = OPTIONS) -> list[Path]:
    return export_to_folder(library, ids, folder, options)


def test_a_new_note_has_its_claims_between_marks(harbour_library: tuple[Library, int], tmp_path: Path) -> None:
    """A note starts with its front matter, then the claims between begin and end marks that renderers hide."""
    library, document_id = harbour_library
    [path] = _export(library, [document_id], tmp_path)
    text = path.read_text(encoding="utf-8")
    note = parse_note(text)
    assert NOTE == path.name and note is not None and note.untouched and note.document_id == document_id
    assert text.startswith("---\ntitle: Harbour town") and "\n\n<!-- claimmark:begin claimmark://open?" in text
    assert "claimmark:" not in markdown.markdown(split_front_matter(text)[1]).replace("<!--", "").split("-->")[-1]


def test_untouched_note_is_updated_and_the_users_text_kept(
    harbour_library: tuple[Library, int], tmp_path: Path
) -> None:
    """Text written above and below the marks stays; the claims and front matter follow the library."""
    library, document_id = harbour_library
    [path] = _export(library, [document_id], tmp_path)
    front, body = split_front_matter(path.read_text(encoding="utf-8"))
    path.write_text(
        f"---\n{front}\n---\n\n## My reading\n\nSee [[Port Averill]].\n\n{body.lstrip()}\nLater thoughts.\n"
    )
    library.add_annotation(document_id, 0, 7, "fact", note="a newly tagged claim")
    assert [path] == _export(library, [document_id], tmp_path, ExportOptions(exported="2024-06-01T00:00:00Z"))
    text = path.read_text(encoding="utf-8")
    assert "a newly tagged claim" in text and "claims: 6" in text and "2024-06-01T00:00:00Z" in text
    assert "\n## My reading\n\nSee [[Port Averill]].\n\n<!-- claimmark:begin" in text
    assert text.endswith(" -->\n\nLater thoughts.\n") and parse_note(text).untouched  # type: ignore[union-attr]


def test_note_edited_inside_the_marks_is_kept(harbour_library: tuple[Library, int], tmp_path: Path) -> None:
    """A claim edited in the note (or its front matter) is never overwritten; the export reports it."""
    library, document_id = harbour_library
    [path] = _export(library, [document_id], tmp_path)
    for edit in (
        lambda t: t.replace("The decision is long overdue.", "The decision is overdue (my edit)."),
        lambda t: t.replace("\nclaims: ", "\nstatus: read\nclaims: "),
    ):
        path.write_text(edit(_first_export(library, document_id, tmp_path)), encoding="utf-8")
        edited = path.read_bytes()
        library.add_annotation(document_id, 0, 7, "fact")
        result = export_to_folder(library, [document_id], tmp_path, OPTIONS)
        assert ([], [(path, KEPT_EDITED)]) == (list(result), result.kept)
        assert edited == path.read_bytes()


def _first_export(library: Library, document_id: int, folder: Path) -> str:
    """Return the note as a fresh export writes it now (in a folder of its own)."""
    [path] = _export(library, [document_id], folder / "fresh")
    return path.read_text(encoding="utf-8")


def test_a_note_claimmark_did_not_write_is_kept(harbour_library: tuple[Library, int], tmp_path: Path) -> None:
    """A file of the same name without marks (the user's own, or marks deleted) is left as it is."""
    library, document_id = harbour_library
    (tmp_path / NOTE).write_text("# My own note about the harbour\n", encoding="utf-8")
    result = export_to_folder(library, [document_id], tmp_path, OPTIONS)
    assert [(tmp_path / NOTE, KEPT_FOREIGN)] == result.kept
    assert "# My own note about the harbour\n" == (tmp_path / NOTE).read_text(encoding="utf-8")


def test_two_documents_with_one_title_get_two_notes(library: Library, tmp_path: Path) -> None:
    """Exported one at a time, a second document with the same title does not take the first one's note."""
    first, second = (
        library.import_document(Document(Metadata(title="Same"), [make_block("paragraph", body)]))[0].id
        for body in ("one", "two")
    )
    [one] = _export(library, [first], tmp_path)
    [two] = _export(library, [second], tmp_path)
    assert ("Same.md", f"Same ({second}).md") == (one.name, two.name)
    assert [one, two] == _export(library, [first, second], tmp_path)
    assert "one" in one.read_text(encoding="utf-8") and "two" in two.read_text(encoding="utf-8")


def test_exporting_again_without_changes_leaves_the_file_alone(
    harbour_library: tuple[Library, int], tmp_path: Path
) -> None:
    """Nothing changed: the note is not rewritten (its modification time stays, sync tools see nothing)."""
    library, document_id = harbour_library
    [path] = _export(library, [document_id], tmp_path)
    before = path.stat().st_mtime_ns
    assert [path] == _export(library, [document_id], tmp_path)
    assert before == path.stat().st_mtime_ns
