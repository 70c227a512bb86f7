"""Plain-text and Markdown extras: mojibake repair, BOM-less UTF-16, binary refusal, YAML front matter."""

from __future__ import annotations

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
import pytest

from documents import CorruptDocument, load_document, load_path
from documents.mojibake import REPAIR_NOTE, repair_mojibake

from ..conftest import WAR_AND_PEACE, shared_file


def test_war_and_peace_mojibake_is_repaired():
    """War and Peace shows Pávlovna, not PÃ¡vlovna, and its metadata records the repair."""
    document = load_path(shared_file(WAR_AND_PEACE))
    assert "Anna Pávlovna" in document.text
    assert "Ã" not in document.text
    assert "tête-à-tête" in document.text
    assert REPAIR_NOTE in document.metadata.notes


def test_mojibake_in_a_text_file_is_repaired_and_noted():
    """UTF-8 read as Windows-1252 and saved again is turned back into the intended letters."""
    text = "Café, naïve, “quoted” — déjà vu in São Paulo."
    garbled = text.encode("utf-8").decode("sloppy-windows-1252")  # what a Latin-1 reader saw
    document = load_document(garbled.encode("utf-8"), "moji.txt")
    assert text == document.text
    assert [REPAIR_NOTE] == document.metadata.notes


def test_correct_accents_are_left_alone():
    """Text that is already right is not touched and gets no repair note."""
    text = "Ærøskøbing, Ñandú, À la carte, Ãngel’s note."
    document = load_document(text.encode("utf-8"), "fine.txt")
    assert text == document.text
    assert [] == document.metadata.notes


def test_a_single_suspicious_pair_is_not_plainly_mojibake():
    """One lone 'Ã©' in otherwise clean text is left as written."""
    assert ("One Ã© only.", 0) == repair_mojibake("One Ã© only.")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded(codec):
    """UTF-16 text without a byte-order mark is recognised by its NUL pattern and decoded."""
    text = "Zoë’s notes on the river, in UTF-16."
    assert text == load_document(text.encode(codec), "notes.txt").text


def test_binary_file_with_text_suffix_is_refused():
    """Random binary bytes named .md are refused as binary, naming the file."""
    with pytest.raises(CorruptDocument, match=r"photo\.md: binary data"):
        load_document(bytes(range(256)) * 40, "photo.md")


def test_front_matter_becomes_metadata():
    """YAML front matter gives title, author list, date and (an http source) the url; it is not in the text."""
    source = (
        "---\ntitle: 'Rivers: A Field Guide'\nauthor: [Ana Lima, Bo Chen]\ndate: 2024-05-13\n"
        "source: https://example.org/rivers\ntags: [x]\n---\n\n# Heading\n\nBody text.\n"
    )
    document = load_document(source.encode(), "guide.md")
    meta = document.metadata
    assert ("Rivers: A Field Guide", "Ana Lima; Bo Chen", "2024-05-13", "https://example.org/rivers") == (
        meta.title, meta.author, meta.published, meta.url,
    )  # fmt: skip
    assert "" == meta.source
    assert "Heading\nBody text." == document.text


def test_front_matter_source_is_a_field_and_load_path_records_the_file(tmp_path):
    """A source named in front matter is kept as the url; the document's source is the file that was read."""
    path = tmp_path / "note.md"
    path.write_text("---\nsource: https://example.org/original\n---\nText.\n", encoding="utf-8")
    metadata = load_path(path).metadata
    assert (str(path.resolve()), "https://example.org/original") == (metadata.source, metadata.url)


def test_front_matter_source_naming_a_file_is_only_a_note(tmp_path):
    """A front-matter source that names a local file becomes a note, never the source or the url."""
    path = tmp_path / "note.md"
    path.write_text("---\nsource: /home/someone/private/diary.txt\n---\nText.\n", encoding="utf-8")
    metadata = load_path(path).metadata
    assert (str(path.resolve()), "") == (metadata.source, metadata.url)
    assert "source named in the file's front matter: /home/someone/private/diary.txt" in metadata.notes


def test_front_matter_url_is_the_documents_address(tmp_path):
    """A url in front matter (as Pandoc-style exports write it) is the document's address; the file stays its source."""
    path = tmp_path / "note.md"
    path.write_text("---\nurl: https://example.org/page\n---\nText.\n", encoding="utf-8")
    meta = load_path(path).metadata
    assert ("https://example.org/page", str(path.resolve())) == (meta.url, meta.source)


def test_broken_front_matter_is_left_as_text():
    """Front matter that is not valid YAML stays part of the document instead of failing the import."""
    document = load_document(b"---\ntitle: [unclosed\n---\nBody.\n", "broken.md")
    assert "Body." in document.text
    assert "broken" == document.metadata.title


def test_front_matter_cannot_run_code():
    """A YAML tag that would construct a Python object is refused by safe_load; the body still imports."""
    document = load_document(b"---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\nBody.\n", "tag.md")
    assert "Body." in document.text
    assert "os.system" not in document.metadata.title
