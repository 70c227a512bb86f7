"""Limits every import shares: archive safety (zip bombs, unsafe names) and binary sniffing.

EPUB and DOCX files are zip archives. They are read in memory, never extracted,
and an archive is refused before any member is decompressed when it has too
many members, claims too much uncompressed data, compresses implausibly well,
or names a member outside the archive. Reads are capped again while
decompressing, because a zip's directory can lie about sizes.
"""

from __future__ import annotations

import io
import posixpath
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
    """Return whether data looks like a binary file rather than text in any 8-bit or UTF-8 encoding."""
    sample = data[:_BINARY_SAMPLE]
    if not sample:
        return False
    controls = sum(1 for byte in sample if byte < 9 or (13 < byte < 32 and byte != 27))
    return controls / len(sample) > _BINARY_SHARE
