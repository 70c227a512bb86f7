"""Citations: keys unique in a library, CSL-JSON items, and BibTeX that a BibTeX parser reads back."""

from __future__ import annotations

import json

import bibtexparser
import pytest

from documents import Document, Metadata
from documents.model import make_block
from storage import Library
from storage.export.citations import base_key, bibtex, citation_keys, csl_json, parse_name, references


def _add(library: Library, title: str, author: str = "", published: str = "", **more: str) -> int:
    body = make_block("paragraph", f"Text of {title} {author} {published} {more}.")
    return library.import_document(Document(Metadata(title=title, author=author, published=published, **more), [body]))[
        0
    ].id


@pytest.mark.parametrize(
    ("title", "author", "published", "key"),
    [
        ("Harbour town votes", "Marta Lindqvist", "2025-03-04", "lindqvist2025harbour"),
        ("As the West looks to Ukraine", "", "2024-05-13", "west2024"),
        ("Über Ørsted", "Jürgen Groß", "1999", "gross1999uber"),
        ("", "", "", "doc7"),
        ("1984", "", "", "d1984"),
        ("The Rise", "Ludwig van Beethoven", "", "vanbeethovenrise"),
        ("A study", "Curie, Marie; Pierre Curie", "1903", "curie1903study"),
    ],
)
def test_citation_keys(title: str, author: str, published: str, key: str) -> None:
    """Family name, year and first real title word, folded to ASCII; something even with nothing known."""
    assert key == base_key(title, author, published, 7)


def test_keys_are_unique_in_the_library(library: Library) -> None:
    """Two documents that would share a key: the later one gets "a" (then "b", ...)."""
    ids = [_add(library, "Harbour news", "Ann Lee", "2024", source=str(n)) for n in range(3)]
    keys = citation_keys(library)
    assert ["lee2024harbour", "lee2024harboura", "lee2024harbourb"] == [keys[i] for i in ids]


def test_names() -> None:
    """Family and given names from "Given Family", "Family, Given" and particles; one word stays whole."""
    assert ("Berg", "Anna") == (parse_name("Anna Berg").family, parse_name("Anna Berg").given)
    assert ("van der Berg", "Jan") == (parse_name("Jan van der Berg").family, parse_name("Jan van der Berg").given)
    assert ("Curie", "Marie") == (parse_name("Curie, Marie").family, parse_name("Curie, Marie").given)
    assert "Reuters" == parse_name("Reuters").literal


def test_csl_json_item(harbour_cited: tuple[Library, int]) -> None:
    """The CSL item has its key as id, type, title, author names, issued and accessed dates, URL."""
    library, document_id = harbour_cited
    [item] = json.loads(csl_json(references(library, [document_id])))
    assert {
        "id": "lindqvist2025harbour",
        "citation-key": "lindqvist2025harbour",
        "type": "webpage",
        "title": "Harbour town votes to ban large cruise ships from its old port",
        "author": [{"family": "Lindqvist", "given": "Marta"}],
        "issued": {"date-parts": [[2025, 3, 4]]},
        "URL": "https://news.example.org/2025/03/04/harbour-town-bans-cruise-ships",
        "accessed": {"date-parts": [[2024, 5, 20]]},
    } == item


def test_bibtex_parses_back(library: Library) -> None:
    """bibtexparser reads every entry and field back; LaTeX specials in the title are escaped, not lost."""
    ids = [
        _add(library, "Profits up 50% & rising: C#_{x} ~ ^", "Smith, Jo; Ben and Jerry's Ltd; Reuters", "2021-07"),
        _add(library, "A book", "Leo Tolstoy", "1869", format="epub", url="https://example.org/{war}"),
    ]
    text = bibtex(references(library, ids))
    parsed = bibtexparser.parse_string(text)
    assert [] == parsed.failed_blocks and 2 == len(parsed.entries)
    first, second = parsed.entries
    assert ("misc", "smith2021profits", "2021", "jul") == (first.entry_type, first.key, first["year"], first["month"])
    assert r"Profits up 50\% \& rising: C\#\_\{x\} \textasciitilde{} \textasciicircum{}" == first["title"]
    assert "Smith, Jo and {Ben and Jerry's Ltd} and {Reuters}" == first["author"]
    assert ("book", "tolstoy1869book", "https://example.org/%7Bwar%7D") == (
        second.entry_type,
        second.key,
        second["url"],
    )
