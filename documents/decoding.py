"""Turn the bytes of a text file into str: BOMs, UTF-8, then charset detection."""

from __future__ import annotations

import codecs

from .errors import CorruptDocument

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
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _guess(data, name)


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
