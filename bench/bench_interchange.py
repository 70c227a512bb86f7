"""Importing 100,000 Hypothesis-shaped annotations on 100 saved pages, beside bare SQLite storing the same rows.

The pages are real prose: War and Peace as Claimmark imports it, cut into 100
articles of ~32 kB (a synthetic text of a few words repeated would make every
word as common as "the", which real text never does). The file is what
Hypothesis's API returns (``{total, rows}``) for 1,000 annotations on each
page: quotes taken from the page's text as a browser gives it (a header line before the article, paragraphs separated by
``"\\n\\n"``), so positions never count in Claimmark's text and a quote that
spans two paragraphs must match the canonical text's ``"\\n"``. One in five
carries a note, one in four a tag (some naming a claim type), one in fifty is
a page note. Three cases, each on a fresh copy of the library, cold (a new
process per benchmark module, a new library connection per run):

- pages known by address: every document has the page's canonical URL;
- pages found by quote: no document has an address (each page found through
  the documents' full-text index);
- the same file again: everything a duplicate.

The floor is bare SQLite (same pragmas, one transaction) inserting the rows the
import stores, into a plain table with the annotations' columns.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from documents import Block, Document, Metadata, load_path
from documents.model import make_block
from storage import Library, annotation_rows
from storage.interchange.annotation_import import import_annotation_file
from storage.interchange.import_report import ImportReport

from .common import WAR_AND_PEACE, Report, timed

PAGES = 100
PER_PAGE = 1_000
RUNS = 3
BUDGET = 6.0
USER = "acct:reader@hypothes.is"
HEADER = "The Daily Example | Home World Business Opinion\n\n"


def main() -> bool:
    """Run the benchmark; return True when a budget is missed."""
    report = Report()
    total = PAGES * PER_PAGE
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        documents = _documents(load_path(WAR_AND_PEACE))
        rows = [row for number, document in enumerate(documents) for row in _rows(number, document)]
        data_path = root / "hypothesis.json"
        data_path.write_text(json.dumps({"total": len(rows), "rows": rows}), encoding="utf-8")
        print(f"  ({total:,} annotations, {data_path.stat().st_size / 2**20:.0f} MiB of JSON, {PAGES} pages)")
        for case, with_urls in (("pages known by address", True), ("pages found by quote", False)):
            template = _library(root / f"template-{with_urls}.sqlite", documents, with_urls)
            times, again, cpu, stored = [], [], [], 0
            for run in range(RUNS):
                copy = root / f"run-{with_urls}-{run}.sqlite"
                shutil.copy(template, copy)
                with Library(copy) as library:
                    started = time.process_time()
                    result, seconds = timed(lambda lib=library: import_annotation_file(lib, data_path))
                    times.append(seconds)
                    cpu.append(time.process_time() - started)
                    _check(result, total)
                    repeated, seconds = timed(lambda lib=library: import_annotation_file(lib, data_path))
                    again.append(seconds)
                    assert repeated.duplicate == result.added + result.notes_added, repeated.summary()
                    stored = result.added
                    if run == 0:
                        print(f"  {case}: {result.summary()}")
            floor = _floor(root / f"floor-{with_urls}.sqlite", copy)
            report.line(f"import {total:,} Hypothesis annotations, {case} (worst of {RUNS})", max(times), BUDGET)
            report.line(f"  again: all duplicates (worst of {RUNS})", max(again), BUDGET)
            print(
                f"    (runs {', '.join(f'{t:.2f}' for t in times)} s; CPU time of this process"
                f" {', '.join(f'{c:.2f}' for c in cpu)} s: on a shared machine wall time also waits for a core)"
            )
            print(f"  floor: bare SQLite inserting the same {stored:,} rows {floor:.3f} s;"
                  f" import / floor = {min(times) / floor:.1f}x (best run)")  # fmt: skip
    return report.missed > 0


def _check(result: ImportReport, total: int) -> None:
    """Every annotation placed on its page, every page note stored: nothing orphaned, skipped or mistaken."""
    assert result.added + result.notes_added == total, result.summary()
    assert (result.orphaned, result.changed, len(result.skipped)) == (0, 0, 0), result.summary()


def _documents(book: Document) -> list[Document]:
    """PAGES saved articles of real prose, ~32 kB each: War and Peace (as Claimmark imports it) cut at blocks.

    The book's table of contents is left out: its runs of identical "CHAPTER" lines are not prose
    anyone highlights, and no context tells their copies apart.
    """
    first = next(n for n, b in enumerate(book.blocks) if b.text.startswith("“Well, Prince, so Genoa"))
    prose = book.blocks[first:]
    size = sum(len(block.text) + 1 for block in prose) // PAGES + 1
    documents: list[Document] = []
    blocks, length = [make_block("heading", "Article 0", 1)], 0
    for block in prose:
        blocks.append(block)
        length += len(block.text) + 1
        if length >= size * (len(documents) + 1) and len(documents) < PAGES - 1:
            documents.append(_article(len(documents), blocks))
            blocks = [make_block("heading", f"Article {len(documents)}", 1)]
    documents.append(_article(len(documents), blocks))
    return documents


def _article(number: int, blocks: list[Block]) -> Document:
    metadata = Metadata(title=f"Article {number}", format="html", source=f"/home/reader/saved/article-{number}.html")
    return Document(metadata, blocks)


def _url(number: int) -> str:
    return f"https://news.example.org/2024/05/article-{number}"


def _rows(number: int, document: Document) -> list[dict]:
    """PER_PAGE Hypothesis API rows on the page: quotes from the page's text, positions counted in it."""
    rng = random.Random(1000 + number)
    page = HEADER + "\n\n".join(block.text for block in document.blocks)
    rows, spans = [], set()
    for n in range(PER_PAGE):
        row = _row(rng, number, n, page)
        span = tuple(row["target"][0]["selector"][1].values())
        while span in spans:  # two identical highlights would be one annotation and a duplicate
            row = _row(rng, number, n, page)
            span = tuple(row["target"][0]["selector"][1].values())
        spans.add(span)
        if n % 50 == 49:
            row["target"] = [{"source": _url(number)}]  # a page note
            row["text"] = f"Page note {n} on article {number}"
        rows.append(row)
    return rows


def _row(rng: random.Random, number: int, n: int, page: str) -> dict:
    start = page.find(" ", rng.randrange(len(HEADER), len(page) - 400)) + 1
    end = page.rfind(" ", start, start + rng.randint(20, 240))
    end = end if end > start + 3 else start + 20
    exact, prefix, suffix = page[start:end], page[max(0, start - 32) : start], page[end : end + 32]
    tags = rng.choice(([], [], [], ["economy"], ["opinion"], ["fact", "tax policy"]))
    return {
        "id": f"{number:04d}{n:05d}HypothesisId",
        "created": "2024-05-20T09:30:00.000000+00:00", "updated": "2024-05-20T09:31:00.000000+00:00",
        "user": USER, "uri": _url(number),
        "text": rng.choice(("", "", "", "", "Check the source of this figure.")), "tags": tags,
        "group": "__world__",
        "permissions": {"read": ["group:__world__"], "admin": [USER], "update": [USER], "delete": [USER]},
        "target": [{"source": _url(number), "selector": [
            {"type": "RangeSelector", "startContainer": "/main[1]/p[3]", "startOffset": 12,
             "endContainer": "/main[1]/p[3]", "endOffset": 80},
            {"type": "TextPositionSelector", "start": start, "end": end},
            {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}]}],
        "document": {"title": [f"Article {number}"]},
        "links": {"html": f"https://hypothes.is/a/{number}-{n}", "incontext": f"https://hyp.is/{number}-{n}/x"},
        "user_info": {"display_name": "A. Reader"}, "flagged": False, "hidden": False, "references": [],
    }  # fmt: skip


def _library(path: Path, documents: list[Document], with_urls: bool) -> Path:
    """A library holding the pages (with their canonical URLs or without any)."""
    with Library(path) as library:
        for number, document in enumerate(documents):
            document.metadata.url = _url(number) if with_urls else ""
            library.import_document(document)
    return path


def _floor(path: Path, imported: Path) -> float:
    """Seconds bare SQLite takes to insert the rows the import stored, in one transaction."""
    columns = annotation_rows.STORED
    with sqlite3.connect(imported) as source:
        rows = source.execute(f"SELECT {', '.join(columns)} FROM annotations").fetchall()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(f"CREATE TABLE annotations (id INTEGER PRIMARY KEY, {', '.join(columns)})")
    insert = f"INSERT INTO annotations ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"

    def run() -> None:
        conn.execute("BEGIN")
        conn.executemany(insert, rows)
        conn.execute("COMMIT")

    _, seconds = timed(run)
    conn.close()
    return seconds
