"""Which annotation format a file is in, told from its content (its suffix only breaks ties), and reading it.

Every reader turns its format into ``IncomingAnnotation`` records for the one
import path (``annotation_import``). A new format is a reader module here and
one entry in ``FORMATS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from documents import DocumentError
from documents.decoding import decode_text

from . import hypothesis_reader, kindle_reader, readwise_reader, w3c_reader, zotero_reader
from .incoming import IncomingAnnotation, InvalidAnnotationFile

MAX_FILE_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class Format:
    """One annotation format: how to recognise it and how to read it."""

    name: str
    title: str  # for people: README, --help, the window's format list
    json: bool  # whether its files are JSON (decoded once, before recognising)
    looks_like: Callable[[Any], bool]
    parse: Callable[[Any], list[IncomingAnnotation]]
    label: Callable[[Any], str] | None = None  # the shape found, when a format has several
    # Reads the file's bytes straight into records, faster than decoding all of its JSON first:
    # (label, items), or None when the bytes are not this format's usual shape.
    fast: Callable[[bytes], tuple[str, list[IncomingAnnotation]] | None] | None = None


# Recognised in this order: the JSON formats' markers are distinct; W3C's "type" comes last.
FORMATS: dict[str, Format] = {
    "hypothesis": Format("hypothesis", "Hypothesis (API response, client export)", True,
                         hypothesis_reader.looks_like_hypothesis, hypothesis_reader.parse_hypothesis,
                         hypothesis_reader.label, hypothesis_reader.parse_hypothesis_json),
    "zotero": Format("zotero", "Zotero annotations (JSON, Web API)", True, zotero_reader.looks_like_zotero,
                     zotero_reader.parse_zotero, zotero_reader.label),
    "w3c": Format("w3c", "W3C Web Annotation (JSON-LD)", True, w3c_reader.looks_like_w3c,
                  w3c_reader.parse_annotations),
    "kindle": Format("kindle", "Kindle My Clippings.txt", False, kindle_reader.looks_like_clippings,
                     kindle_reader.parse_clippings),
    "readwise": Format("readwise", "Readwise CSV", False, readwise_reader.looks_like_readwise,
                       readwise_reader.parse_readwise),
}  # fmt: skip
KNOWN = ", ".join(f.title for f in FORMATS.values())


@dataclass
class ParsedFile:
    """A file's annotations as read, with the format they were read as."""

    format: str  # a FORMATS key
    label: str  # the format's shape for people, e.g. "Hypothesis API response"
    items: list[IncomingAnnotation]


def read_annotation_file(path: Path, format_name: str = "") -> ParsedFile:
    """Read path's annotations in format_name, or in the format its content shows.

    Raises:
        InvalidAnnotationFile: unreadable, unknown format, or not the format named (nothing written).
    """
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InvalidAnnotationFile(f"larger than {MAX_FILE_BYTES // 2**20} MiB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidAnnotationFile("no such file") from None
    except IsADirectoryError:
        raise InvalidAnnotationFile("is a folder, not a file") from None
    except OSError as error:
        raise InvalidAnnotationFile(f"cannot read ({error.strerror})") from None
    return parse_bytes(data, path.suffix.lower(), format_name)


def parse_bytes(data: bytes, suffix: str = "", format_name: str = "") -> ParsedFile:
    """Read annotations from a file's bytes (suffix such as ".json" breaks ties). Raises InvalidAnnotationFile."""
    chosen = _named(format_name)
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if chosen.json if chosen else head[:1] in (b"{", b"[") or suffix in (".json", ".jsonld"):
        return _parse_json(data.removeprefix(b"\xef\xbb\xbf"), chosen, format_name)
    text = _decoded_text(data)
    found = chosen or next((f for f in FORMATS.values() if not f.json and f.looks_like(text)), None)
    if found is None:
        raise InvalidAnnotationFile(_unknown(suffix))
    return _parsed(found, text)


def _parse_json(data: bytes, chosen: Format | None, format_name: str) -> ParsedFile:
    try:
        for candidate in [chosen] if chosen else list(FORMATS.values()):
            found = candidate.fast(data) if candidate.fast else None
            if found is not None:
                return ParsedFile(candidate.name, *found)
        decoded = msgspec.json.decode(data)
    except msgspec.DecodeError as error:
        raise InvalidAnnotationFile(f"not JSON ({error})") from None
    except RecursionError:
        raise InvalidAnnotationFile("not JSON Claimmark reads (nested too deeply)") from None
    return parse_decoded(decoded, format_name)


def parse_decoded(data: Any, format_name: str = "") -> ParsedFile:
    """Read annotations from decoded JSON, in format_name or the JSON format it shows. Raises InvalidAnnotationFile."""
    chosen = _named(format_name)
    if chosen is not None and not chosen.json:
        raise InvalidAnnotationFile(f"is JSON, not {chosen.title}")
    found = chosen or next((f for f in FORMATS.values() if f.json and f.looks_like(data)), None)
    if found is None:
        raise InvalidAnnotationFile(
            "holds no W3C annotations (no Annotation, AnnotationPage or AnnotationCollection),"
            " nor Hypothesis or Zotero annotations"
        )
    return _parsed(found, data)


def _parsed(found: Format, data: Any) -> ParsedFile:
    if not found.looks_like(data):
        raise InvalidAnnotationFile(f"is not {found.title}")
    items = found.parse(data)
    return ParsedFile(found.name, found.label(data) if found.label else found.title, items)


def _named(format_name: str) -> Format | None:
    if not format_name:
        return None
    if format_name not in FORMATS:
        raise InvalidAnnotationFile(f"unknown annotation format {format_name!r} (known: {', '.join(FORMATS)})")
    return FORMATS[format_name]


def _decoded_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return decode_text(data, "annotations")
    except DocumentError:
        raise InvalidAnnotationFile("is neither text nor JSON") from None


def _unknown(suffix: str) -> str:
    hints = {".csv": " (a CSV without Readwise's Highlight and Title columns)",
             ".txt": " (text, but not a Kindle My Clippings.txt)"}  # fmt: skip
    return f"not an annotation file Claimmark reads{hints.get(suffix, '')}; it reads {KNOWN}"
