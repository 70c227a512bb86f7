"""Citations of documents: citation keys, CSL-JSON (Zotero, Pandoc's citeproc) and BibTeX (LaTeX).

A citation key is ``family name of the first author + year + first word of
the title that is not a little word`` (``lindqvist2025harbour``), folded to
ASCII letters and digits; without an author it is the title word and the year
(``west2024``), without either ``doc`` and the id. Keys are unique within a
library: when two documents would get the same key, the later one (by id)
gets ``a``, the next ``b``, and so on, as reference managers do.

Authors are the document's author field split at ``;`` (how importers join
several authors). A name written ``Family, Given`` is split at the comma; else
the last word is the family name, together with particles before it (``van der
Berg``); a one-word name (``Reuters``) or one with "and" in it (``Ben and
Jerry's``) is kept whole as a literal name (braced in BibTeX).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..library import Library
from ..records import StoredDocument

_LITTLE_WORDS = "a an and as at by for from in into is it of on or the to with who what why how when where will"
STOPWORDS = frozenset(_LITTLE_WORDS.split(" "))
_PARTICLE_WORDS = "van von der den de du da di del della la le ter ten bin ibn al el dos das"
PARTICLES = frozenset(_PARTICLE_WORDS.split(" "))
_KEY_CHARACTERS = re.compile(r"[^a-z0-9]+")
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#",
    "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}  # fmt: skip
_BIBTEX_UNSAFE = re.compile("[" + re.escape("".join(_BIBTEX_SPECIAL)) + "]")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class Name:
    """One author: family and given names, or a literal name (an organisation, a one-word name)."""

    family: str = ""
    given: str = ""
    literal: str = ""


@dataclass(frozen=True)
class Reference:
    """What a citation of one document says."""

    key: str
    kind: str  # CSL type: webpage, book or document
    title: str
    authors: tuple[Name, ...]
    issued: str  # ISO date as stored ("" when unknown)
    url: str
    accessed: str  # the day Claimmark imported it (ISO date)
    language: str


def ascii_word(text: str) -> str:
    """Return text folded to lower-case ASCII letters and digits ("Lindqvist" -> "lindqvist", "Ørsted" -> "orsted")."""
    folded = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O").replace("ß", "ss"))
    return _KEY_CHARACTERS.sub("", folded.encode("ascii", "ignore").decode().lower())


def split_authors(author: str) -> tuple[Name, ...]:
    """Return the names in an author field (several are separated by ";")."""
    return tuple(parse_name(part) for part in author.split(";") if part.strip())


def parse_name(name: str) -> Name:
    """Return one author's name as family and given names, or as a literal for a one-word name."""
    name = " ".join(name.split())
    if " and " in f" {name.lower()} ":  # "Ben and Jerry's Ltd": a company, or two people; either way one literal
        return Name(literal=name)
    if "," in name:
        family, _, given = name.partition(",")
        return Name(family.strip(), given.strip())
    words = name.split(" ")
    if len(words) == 1:
        return Name(literal=name)
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return Name(" ".join(words[start:]), " ".join(words[:start]))


def base_key(title: str, author: str, published: str, document_id: int) -> str:
    """Return the citation key of a document before it is made unique in its library."""
    names = split_authors(author)
    family = ascii_word(names[0].family or names[0].literal) if names else ""
    match = _DATE.match(published)
    year = match.group(1) if match else ""
    words = (ascii_word(word) for word in title.split())
    word = next((w for w in words if w and w not in STOPWORDS), "")
    key = family + year + word if family else word + year
    if not key:
        return f"doc{document_id}"
    return key if key[0].isalpha() else "d" + key


def citation_keys(library: Library) -> dict[int, str]:
    """Return every document's citation key, unique within the library (later duplicates get a, b, ...)."""
    keys: dict[int, str] = {}
    seen: dict[str, int] = {}
    for document_id, title, author, published in library.conn.execute(
        "SELECT id, title, author, published FROM documents ORDER BY id"
    ):
        key = base_key(title, author, published, document_id)
        count = seen.get(key, 0)
        seen[key] = count + 1
        keys[document_id] = key if count == 0 else key + _suffix(count - 1)
    return keys


def _suffix(number: int) -> str:
    """Return a, b, ..., z, aa, ab, ... for 0, 1, ..."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def reference(stored: StoredDocument, key: str) -> Reference:
    """Return what a citation of a stored document says."""
    meta = stored.metadata
    url = meta.url or (meta.source if meta.source.startswith(("http://", "https://")) else "")
    kind = "book" if meta.format == "epub" else "webpage" if meta.format == "html" or url else "document"
    return Reference(key, kind, meta.title, split_authors(meta.author), meta.published, url,
                     stored.imported[:10], meta.language)  # fmt: skip


def references(library: Library, document_ids: list[int]) -> list[Reference]:
    """Return the references of the documents, in the given order. Raises NotFound."""
    keys = citation_keys(library)
    return [reference(library.document(document_id), keys.get(document_id, "")) for document_id in document_ids]


def _date_parts(date: str) -> dict[str, Any] | None:
    match = _DATE.match(date)
    if match is None:
        return None
    return {"date-parts": [[int(part) for part in match.groups() if part]]}


def csl_item(ref: Reference) -> dict[str, Any]:
    """Return a reference as one CSL-JSON item (the citation key is its id)."""
    item: dict[str, Any] = {"id": ref.key, "citation-key": ref.key, "type": ref.kind, "title": ref.title}
    if ref.authors:
        item["author"] = [_csl_name(name) for name in ref.authors]
    if (issued := _date_parts(ref.issued)) is not None:
        item["issued"] = issued
    if ref.url:
        item["URL"] = ref.url
        if (accessed := _date_parts(ref.accessed)) is not None:
            item["accessed"] = accessed
    if ref.language:
        item["language"] = ref.language
    return item


def _csl_name(name: Name) -> dict[str, str]:
    if name.literal:
        return {"literal": name.literal}
    return {"family": name.family, "given": name.given} if name.given else {"family": name.family}


def csl_json(refs: list[Reference]) -> str:
    """Return references as a CSL-JSON file (an array of items)."""
    return json.dumps([csl_item(ref) for ref in refs], ensure_ascii=False, indent=2) + "\n"


def bibtex_text(text: str) -> str:
    """Return text with BibTeX's and LaTeX's special characters escaped."""
    return _BIBTEX_UNSAFE.sub(lambda match: _BIBTEX_SPECIAL[match.group()], " ".join(text.split()))


def _bibtex_name(name: Name) -> str:
    if name.literal:
        return "{" + bibtex_text(name.literal) + "}"  # braces keep a literal name whole
    family = bibtex_text(name.family)
    return f"{family}, {bibtex_text(name.given)}" if name.given else family


def bibtex_entry(ref: Reference) -> str:
    """Return a reference as one BibTeX entry (@book for EPUB, else @misc, with biblatex's date fields)."""
    fields: list[tuple[str, str]] = [("title", bibtex_text(ref.title))]
    if ref.authors:
        fields.append(("author", " and ".join(_bibtex_name(name) for name in ref.authors)))
    match = _DATE.match(ref.issued)
    if match:
        fields.append(("year", match.group(1)))
        if match.group(2) and 1 <= int(match.group(2)) <= 12:
            fields.append(("month", _MONTHS[int(match.group(2)) - 1]))
        fields.append(("date", match.group(0)))
    if ref.url:
        fields.append(("url", re.sub(r"[{}\\\s]", lambda m: f"%{ord(m.group()):02X}", ref.url)))
        fields.append(("urldate", ref.accessed))
    if ref.language:
        fields.append(("language", bibtex_text(ref.language)))
    kind = "book" if ref.kind == "book" else "misc"
    body = ",\n".join(f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{ref.key},\n{body}\n}}\n"


def bibtex(refs: list[Reference]) -> str:
    """Return references as a BibTeX file."""
    return "\n".join(bibtex_entry(ref) for ref in refs)
