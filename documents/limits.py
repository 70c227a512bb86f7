"""Limits every import shares: archive safety (zip bombs, unsafe names) and binary sniffing.

Text budgets (blocks, characters, spans, nesting) are in budget.py.

EPUB and DOCX files are zip archives. They are read in memory, never extracted,
and an archive is refused before any member is decompressed when it has too
many members, claims too much uncompressed data, compresses implausibly well,
or names a member outside the archive. Reads are capped again while
decompressing, because a zip's directory can lie about sizes.
"""

from __future__ import annotations

import io
import posixpath
import sys
import zipfile
import zlib

from .errors import CorruptDocument, DocumentTooLarge, EncryptedDocument

MAX_MEMBERS = 10_000
MAX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_MEMBER = 128 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members over _RATIO_FLOOR
_RATIO_FLOOR = 1024 * 1024
_BINARY_SAMPLE = 8192
_BINARY_SHARE = 0.10  # share of control bytes that makes a sample binary


class SafeZip:
    """A zip archive opened in memory after its directory passed the safety checks."""

    def __init__(self, data: bytes, name: str, kind: str) -> None:
        self.name = name
        self.kind = kind
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
            raise CorruptDocument(f"{name}: not a valid {kind} (a damaged or truncated zip archive: {error})") from None
        _check_directory(infos, name)
        self._members = {info.filename: info for info in infos}

    def names(self) -> list[str]:
        """Return the member names in archive order."""
        return list(self._members)

    def has(self, member: str) -> bool:
        """Return whether the archive holds member."""
        return member in self._members

    def size(self, member: str) -> int:
        """Return the uncompressed size the archive declares for member (0 when absent)."""
        info = self._members.get(member)
        return info.file_size if info else 0

    def read(self, member: str) -> bytes:
        """Return a member's bytes, decompressing at most its declared size.

        Raises:
            CorruptDocument: the member is missing or damaged.
        """
        info = self._members.get(member)
        if info is None:
            raise CorruptDocument(f"{self.name}: the {self.kind} has no {member}")
        if info.flag_bits & 0x1:
            raise EncryptedDocument(f"{self.name}: {member} is encrypted")
        try:
            with self._zip.open(info) as stream:
                data = stream.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError) as error:
            raise CorruptDocument(f"{self.name}: damaged member {member} ({error})") from None
        if len(data) > info.file_size:
            raise CorruptDocument(f"{self.name}: member {member} is larger than the archive says (zip bomb?)")
        return data


def _check_directory(infos: list[zipfile.ZipInfo], name: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise DocumentTooLarge(f"{name}: {len(infos):,} archive members is over the limit of {MAX_MEMBERS:,}")
    total = 0
    for info in infos:
        if not is_safe_member_name(info.filename):
            raise CorruptDocument(f"{name}: unsafe member name {info.filename!r} (path traversal)")
        total += info.file_size
        if info.file_size > MAX_MEMBER or total > MAX_UNCOMPRESSED:
            raise DocumentTooLarge(f"{name}: unpacks to more than {MAX_UNCOMPRESSED:,} bytes (zip bomb?)")
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise DocumentTooLarge(f"{name}: member {info.filename} compresses {MAX_RATIO}x or more (zip bomb?)")


def is_safe_member_name(member: str) -> bool:
    """Return whether a member name stays inside the archive (no "..", no absolute or drive paths)."""
    if not member or "\\" in member or "\x00" in member or member.startswith("/") or ":" in member.split("/")[0]:
        return False
    return ".." not in posixpath.normpath(member).split("/")


def resolve_member(base: str, href: str) -> str | None:
    """Resolve href relative to the member base (e.g. the OPF's folder); None when it escapes."""
    joined = posixpath.normpath(posixpath.join(base, href)) if base else posixpath.normpath(href)
    return joined if is_safe_member_name(joined) else None


def looks_binary(data: bytes) -> bool:
    """Return whether data looks like a binary file rather than text in any encoding we read.

    Counted in bytes, or in 16-bit units when the NULs sit in every other byte
    (UTF-16 without a BOM, or a 16-bit binary array): text has few control
    characters either way, a binary file many. In 16-bit units DEL and the C1
    controls count too (no UTF-16 text holds them; small numbers in a binary
    array do). Decides before any encoding is guessed, so no guess can make
    binary data look like text.
    """
    sample = data[:_BINARY_SAMPLE]
    if not sample:
        return False
    order = utf16_byte_order(sample)
    units = memoryview(sample[: len(sample) // 2 * 2]).cast("H").tolist() if order else list(sample)
    if order and order != sys.byteorder:
        units = [((unit & 0xFF) << 8) | (unit >> 8) for unit in units]
    top = 0x9F if order else 0x1F
    controls = sum(1 for unit in units if unit < 9 or (13 < unit <= top and unit != 27 and not 31 < unit < 127))
    return controls / max(1, len(units)) > _BINARY_SHARE


def utf16_byte_order(data: bytes) -> str | None:
    """Name the byte order ("little", "big") of data whose NULs sit in every other byte, if they do."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "little"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "big"
    return None
