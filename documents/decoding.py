"""Turn the bytes of a text file into str: BOMs, BOM-less UTF-16, UTF-8, then charset detection."""

from __future__ import annotations

import codecs

from .errors import CorruptDocument
from .limits import looks_binary

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes, name: str = "file") -> str:
    """Decode data: a BOM wins, then strict UTF-8, then charset-normalizer's best guess.

    Raises:
        CorruptDocument: the bytes are not text in any encoding we can tell.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise CorruptDocument(f"{name}: not valid {encoding} text ({error.reason})") from None
    utf16 = _sniff_utf16(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    if looks_binary(data):
        raise CorruptDocument(f"{name}: binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _guess(data, name)


def _sniff_utf16(data: bytes) -> str | None:
    """Name the UTF-16 byte order of BOM-less text whose NULs sit in every other byte, if so."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


# Windows-1252 is by far the commonest legacy encoding; detectors often rank a
# Central European code page a hair better on short Western text.
_PREFERRED = "cp1252"
_PREFERENCE_MARGIN = 0.05


def _guess(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise CorruptDocument(f"{name}: binary data, not text")
    preferred = next((m for m in matches if m.encoding == _PREFERRED), None)
    if preferred is not None and preferred.chaos <= best.chaos + _PREFERENCE_MARGIN:
        return str(preferred)
    return str(best)
