"""Saved web pages: a score table against expected.json, and the time each page takes (budget 0.5 s)."""

from __future__ import annotations

import json

from documents import load_path

from .common import SHARED_ARTICLES, Report, timed

WEB_PAGES = SHARED_ARTICLES / "web"
PAGE_BUDGET = 0.5
# Ground-truth phrases we knowingly fail, with the reason (tests/documents/test_web_pages.py keeps the same list):
# the article data this page embeds holds this paragraph, but the reference text was cut short before it.
KNOWN_MISSES = {("scmp.com.playbook.html", "without", "Lam staying on as chief executive")}


def main() -> bool:
    """Print one score line per page and a total; return True when a phrase or field was missed or a page was slow."""
    report = Report()
    expected_path = WEB_PAGES / "expected.json"
    if not expected_path.exists():
        report.skip("web page extraction", f"{expected_path} not found")
        return True  # a missing input fails the benchmark
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    first = next(iter(expected))
    _, cold = timed(lambda: load_path(WEB_PAGES / first))  # the first call also loads the extractor
    print(f"  {'page':<34} {'with':>6} {'without':>8} {'title':>6} {'author':>7} {'date':>5}")
    totals = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    timings = []
    for name, truth in expected.items():
        document, seconds = timed(lambda name=name: load_path(WEB_PAGES / name))
        timings.append((name, seconds))
        meta, text = document.metadata, document.text
        hits = (
            sum(phrase in text for phrase in truth["with"]), len(truth["with"]),
            sum(phrase not in text for phrase in truth["without"]), len(truth["without"]),
            int(meta.title == truth["title"]), 1, int(meta.author == truth["author"]), 1,
            int(meta.published == truth["date"]), 1,
        )  # fmt: skip
        totals = [a + b for a, b in zip(totals, hits, strict=True)]
        print(f"  {name:<34} {_score(hits, 0):>6} {_score(hits, 2):>8} {_score(hits, 4):>6} {_score(hits, 6):>7} "
              f"{_score(hits, 8):>5}")  # fmt: skip
    print(f"  {'total':<34} {_score(totals, 0):>6} {_score(totals, 2):>8} {_score(totals, 4):>6} "
          f"{_score(totals, 6):>7} {_score(totals, 8):>5}")  # fmt: skip
    found, possible = sum(totals[0::2]), sum(totals[1::2])
    print(f"  checks passed: {found}/{possible} ({len(KNOWN_MISSES)} known miss(es) in the ground truth)")
    missed = found < possible - len(KNOWN_MISSES)
    report.line(f"extract {first}, first call (loads trafilatura)", cold, PAGE_BUDGET)
    for name, seconds in timings:
        report.line(f"extract {name}", seconds, PAGE_BUDGET)
    return missed or bool(report.missed)


def _score(hits: tuple[int, ...] | list[int], index: int) -> str:
    return f"{hits[index]}/{hits[index + 1]}"
