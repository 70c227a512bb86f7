"""Importing in a child process with memory and CPU limits: the same Document, or one clear error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from documents import CorruptDocument, DocumentTooLarge, UnsupportedFormat, load_path, register_parser
from documents.bounded import load_path_bounded, prepare
from documents.loader import _PARSERS
from documents.model import Document


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """A short article file."""
    path = tmp_path / "article.md"
    path.write_text("---\ntitle: Bounded\n---\n# Heading\n\nA paragraph with *emphasis*.\n", encoding="utf-8")
    return path


@pytest.fixture
def hostile_parser():
    """Register a parser for one suffix for the duration of a test (forked children see it)."""
    added = []

    def register(suffix: str, parse) -> None:
        register_parser(suffix, parse)
        added.append(suffix)

    yield register
    for suffix in added:
        _PARSERS.pop(suffix, None)


def test_prepare_starts_the_server_the_imports_use(article: Path) -> None:
    """prepare() starts the forkserver; a bounded import from it still gives the same document."""
    from multiprocessing import forkserver

    prepare()
    assert forkserver._forkserver._forkserver_pid is not None
    assert load_path(article) == load_path_bounded(article)


@pytest.mark.parametrize("start_method", ["fork", "forkserver"])
def test_the_child_returns_the_same_document(article: Path, start_method: str) -> None:
    """A bounded import gives exactly what load_path gives, by fork or from the forkserver."""
    assert load_path(article) == load_path_bounded(article, start_method=start_method)


def test_document_errors_keep_their_class_and_message(tmp_path: Path) -> None:
    """A refusal in the child is the same exception class, with the same message, in the parent."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "photo.xyz").write_bytes(b"x")
    with pytest.raises(CorruptDocument, match=r"empty\.txt: the file is empty"):
        load_path_bounded(tmp_path / "empty.txt", start_method="fork")
    with pytest.raises(UnsupportedFormat, match=r"photo\.xyz: unsupported format"):
        load_path_bounded(tmp_path / "photo.xyz", start_method="fork")


def test_a_file_that_needs_too_much_memory_is_too_large(tmp_path: Path, hostile_parser) -> None:
    """A parser that allocates past the memory limit ends in DocumentTooLarge; this process is unharmed."""
    hostile_parser(".hog", lambda data, name: Document(bytearray(2 * 1024**3)))  # type: ignore[arg-type]
    (tmp_path / "a.hog").write_bytes(b"x")
    with pytest.raises(DocumentTooLarge, match=r"a\.hog: importing it needs more than 256 MB of memory"):
        load_path_bounded(tmp_path / "a.hog", start_method="fork", memory=256 * 1024**2)


def test_a_file_that_spins_is_stopped_by_the_cpu_limit(tmp_path: Path, hostile_parser) -> None:
    """A parser that never ends is stopped after its CPU seconds, as DocumentTooLarge."""

    def spin(data: bytes, name: str) -> Document:
        while True:
            pass

    hostile_parser(".spin", spin)
    (tmp_path / "a.spin").write_bytes(b"x")
    with pytest.raises(DocumentTooLarge, match=r"a\.spin: importing it took more than 1 s of CPU"):
        load_path_bounded(tmp_path / "a.spin", start_method="fork", cpu_seconds=1)


def test_a_child_that_dies_is_one_clear_error(tmp_path: Path, hostile_parser) -> None:
    """A parser that kills its process (a crash in C, say) is a CorruptDocument, not a hang."""
    hostile_parser(".die", lambda data, name: os._exit(3))
    (tmp_path / "a.die").write_bytes(b"x")
    with pytest.raises(CorruptDocument, match=r"a\.die: the importer stopped unexpectedly \(exit status 3\)"):
        load_path_bounded(tmp_path / "a.die", start_method="fork")


def test_a_parser_bug_is_one_clear_error(tmp_path: Path, hostile_parser) -> None:
    """An exception no importer expects is still one CorruptDocument naming the file and the error."""
    hostile_parser(".bug", lambda data, name: 1 / 0)
    (tmp_path / "a.bug").write_bytes(b"x")
    with pytest.raises(CorruptDocument, match=r"a\.bug: cannot be read \(ZeroDivisionError"):
        load_path_bounded(tmp_path / "a.bug", start_method="fork")
