"""Turn the bytes of a text file into str: BOMs, then the binary check, BOM-less UTF-16, UTF-8, charset detection.

The binary check comes before any guess: every guess (UTF-16 without a BOM
above all) can make binary bytes into some text, e.g. ``00 01 02 ff`` into "˿".
"""

from __future__ import annotations

import codecs

from .errors import CorruptDocument
from .limits import looks_binary, utf16_byte_order

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_SAMPLE = 8192
_CONTROL_SHARE = 0.10


def decode_text(data: bytes, name: str = "file") -> str:
    """Decode data: a BOM wins; binary data is refused; then UTF-16 by its NULs, strict UTF-8, charset-normalizer.

    Raises:
        CorruptDocument: the bytes are not text in any encoding we can tell.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise CorruptDocument(f"{name}: not valid {encoding} text ({error.reason})") from None
            if _mostly_controls(text):
                raise CorruptDocument(f"{name}: binary data, not text")
            return text
    if looks_binary(data):
        raise CorruptDocument(f"{name}: binary data, not text")
    order = utf16_byte_order(data)
    if order:
        try:
            return data.decode(f"utf-16-{order[0]}e")
        except UnicodeDecodeError:
            raise CorruptDocument(f"{name}: binary data, not text (NULs as in UTF-16, but not valid UTF-16)") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _guess(data, name)


def _mostly_controls(text: str) -> bool:
    """Whether decoded text is binary data in disguise (a BOM followed by anything)."""
    sample = text[:_CONTROL_SAMPLE]
    controls = sum(1 for ch in sample if ch < "\t" or ("\r" < ch < " " and ch != "\x1b"))
    return controls > _CONTROL_SHARE * max(1, len(sample))


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
