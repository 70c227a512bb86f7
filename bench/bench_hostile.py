"""Hostile input within budgets: the generated corpus, then a fixed-budget fuzz of every untrusted reader.

The corpus (tests/documents/hostile_corpus.py and the cases of
tests/documents/test_hostile_files.py) is imported twice: once through
load_path_bounded, as the command line does (time, peak child memory), and
once in this process under audit hooks that count every file opened other
than the one imported (outside Python's own installation: a parser's first
import reads its modules) and every socket connection. Then hypothesis feeds
each importer, the W3C annotation reader, the template renderer and the link
parser a fixed number of examples (never a time budget), derandomised, so
every run checks the same inputs. A failure is any exception other than the
reader's own one-line error.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import DocumentError, load_document, load_path, supported_suffixes
from documents.bounded import MAX_CPU_SECONDS, MAX_MEMORY_BYTES, load_path_bounded
from storage.errors import LibraryError
from storage.export.jinja_templates import TemplateProblem, render, user_template
from storage.interchange.w3c_reader import parse_annotations
from storage.links import InvalidLink, parse_link

from .common import Report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {"importer": 150, "annotations": 1500, "templates": 1500, "links": 3000}  # per target; importers per suffix
_PYTHON = tuple({sys.prefix, sys.base_prefix, sys.exec_prefix})
# Package metadata and import machinery that libraries read (entry points, the editable install's finder).
_INSTALLATION = ("/site-packages/", ".egg-info/", ".dist-info/", "__editable__")
_OWN_CODE = tuple(str(ROOT / package) for package in ("documents", "storage", "claimmark", "resources"))


class Audit:
    """Counts files opened outside the allowed ones, and socket connections, while active."""

    def __init__(self) -> None:
        self.allowed: set[str] = set()
        self.active = False
        self.outside: list[str] = []
        self.library_files = 0
        self.connections: list[str] = []
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active:
            return
        if event == "socket.connect":
            self.connections.append(repr(args[1:]))
        elif event == "open" and isinstance(args[0], str | bytes | os.PathLike):
            path = os.path.realpath(os.fsdecode(args[0]))
            if path in self.allowed:
                return
            if path.startswith(_PYTHON + _OWN_CODE) or any(mark in path for mark in _INSTALLATION):
                self.library_files += 1
            else:
                self.outside.append(path)


def _corpus() -> dict[str, tuple[str, Any]]:
    sys.path.insert(0, str(ROOT))
    from tests.documents import conftest as builders
    from tests.documents import test_hostile_files
    from tests.documents.hostile_corpus import more_cases

    make = SimpleNamespace(
        epub=builders.build_epub, epub_members=builders.epub_members, Chapter=builders.Chapter, opf=builders.opf,
        chapter=builders.chapter_xhtml, docx=builders.build_docx, docx_members=builders.docx_members,
        para=builders.docx_paragraph, pdf=builders.build_pdf, zip=builders.zip_bytes,
    )  # fmt: skip
    cases = test_hostile_files._corpus(make)
    assert len(more_cases(make)) <= len(cases)
    return cases


def _write(folder: Path, cases: dict[str, tuple[str, Any]]) -> dict[str, Path]:
    paths = {}
    for number, (case, (file_name, content)) in enumerate(cases.items()):
        path = folder / str(number) / file_name
        path.parent.mkdir()
        content(path) if callable(content) else path.write_bytes(content)
        paths[case] = path
    return paths


def corpus_figures(report: Report, audit: Audit) -> None:
    """Import the corpus bounded (time, memory), then in-process under audit (files, connections)."""
    with tempfile.TemporaryDirectory() as name:
        paths = _write(Path(name), _corpus())
        timings, tracebacks = {}, []
        for case, path in paths.items():
            start = time.perf_counter()
            try:
                load_path_bounded(path, start_method="fork")
            except DocumentError:
                pass
            except Exception as error:
                tracebacks.append(f"{case}: {type(error).__name__}")
            timings[case] = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        import documents.preload  # noqa: F401  (parsers imported before the audit: their modules are not the file's)

        for path in paths.values():
            audit.allowed = {os.path.realpath(path)}
            audit.active = True
            try:
                load_path(path)
            except (DocumentError, MemoryError, RecursionError):
                pass
            finally:
                audit.active = False
    slowest = max(timings, key=timings.__getitem__)
    print(f"  corpus: {len(paths)} files; slowest: {slowest!r} ({timings[slowest]:.2f} s)")
    report.line(f"corpus files ending in a traceback (of {len(paths)})", len(tracebacks), 0, unit="")
    report.line("corpus: slowest bounded import", timings[slowest], MAX_CPU_SECONDS)
    report.line("corpus: total time, all files", sum(timings.values()), 60)
    report.line("corpus: peak memory of an import child (MB)", peak / 2**20, MAX_MEMORY_BYTES / 2**20, unit="")
    report.line("corpus: files read outside the import", len(audit.outside), 0, unit="")
    report.line("corpus: network connections", len(audit.connections), 0, unit="")
    for line in tracebacks + audit.outside[:5] + audit.connections[:5]:
        print(f"    {line}")


class Fuzz:
    """Runs one target over a fixed number of hypothesis examples, keeping count instead of stopping."""

    def __init__(self, name: str, expected: tuple[type[BaseException], ...], audit: Audit) -> None:
        self.name = name
        self.audit = audit
        self.expected = expected
        self.executions = 0
        self.failures: list[str] = []
        self.slowest = (0.0, "")

    def run(self, function: Callable[[Any], object], value: Any) -> None:
        self.executions += 1
        start = time.perf_counter()
        self.audit.active = True  # only the reader: hypothesis keeps files of its own
        try:
            function(value)
        except self.expected:
            pass
        except Exception as error:
            self.failures.append(f"{type(error).__name__}: {str(error)[:120]} <- {repr(value)[:120]}")
        finally:
            self.audit.active = False
        elapsed = time.perf_counter() - start
        if elapsed > self.slowest[0]:
            self.slowest = (elapsed, repr(value)[:80])


def _fixed(examples: int) -> Any:
    return settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                    suppress_health_check=list(HealthCheck))  # fmt: skip


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.sampled_from(["Annotation", "AnnotationPage", "AnnotationCollection", "TextQuoteSelector"]),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(
        st.sampled_from(["type", "id", "body", "target", "selector", "exact", "start", "end", "items", "first",
                         "value", "purpose", "claimmark:document", "blocks", "sha256", "source", "text", "kind"]),
        inner, max_size=6),
    max_leaves=30,
)  # fmt: skip
_TEMPLATE = st.lists(
    st.sampled_from(["{{", "}}", "{%", "%}", "for", " x ", "in", "range(", "99999", ")", "endfor", "if", "endif",
                     "set", "=", "~", "*", "**", "|", "join", "replace", "center", "format", "'a'", "'%s'", "%",
                     "(", "[", "]", ",", "document", ".title", "loop", "macro", "endmacro", "9", "x", "-", " "]),
    max_size=30,
).map("".join)  # fmt: skip
_LINK = st.one_of(
    st.text(max_size=80),
    st.builds(lambda lib, doc, ann: f"claimmark://open?library={lib}&document={doc}&annotation={ann}",
              st.text(max_size=40), st.text(max_size=25), st.text(max_size=40)),
)  # fmt: skip


def _importing(fuzz: Fuzz, suffix: str) -> Callable[[bytes], None]:
    def example(data: bytes) -> None:
        fuzz.run(lambda d: load_document(d, f"fuzz{suffix}"), data)

    return example


def fuzz_figures(report: Report, audit: Audit) -> None:
    """Fuzz each untrusted reader for its fixed number of examples; print executions, failures, slowest."""
    targets: list[Fuzz] = []
    audit.outside.clear()
    audit.allowed = set()
    for suffix in supported_suffixes():
        fuzz = Fuzz(f"importer {suffix}", (DocumentError, MemoryError), audit)
        _fixed(EXAMPLES["importer"])(given(st.binary(max_size=3000))(_importing(fuzz, suffix)))()
        targets.append(fuzz)
    fuzz = Fuzz("W3C annotation reader", (LibraryError,), audit)
    _fixed(EXAMPLES["annotations"])(given(_JSON)(lambda data: fuzz.run(parse_annotations, data)))()
    targets.append(fuzz)
    fuzz = Fuzz("template renderer", (TemplateProblem,), audit)
    _fixed(EXAMPLES["templates"])(
        given(_TEMPLATE)(
            lambda source: fuzz.run(lambda s: render(user_template(s), {"document": {"title": "T"}}), source)
        )
    )()
    targets.append(fuzz)
    fuzz = Fuzz("link parser", (InvalidLink,), audit)
    _fixed(EXAMPLES["links"])(given(_LINK)(lambda url: fuzz.run(parse_link, url)))()
    targets.append(fuzz)
    for fuzz in targets:
        print(f"  fuzz {fuzz.name:<24} {fuzz.executions:6,} executions  {len(fuzz.failures)} failures  "
              f"slowest {fuzz.slowest[0] * 1000:8.1f} ms: {fuzz.slowest[1]}")  # fmt: skip
        for failure in fuzz.failures[:3]:
            print(f"    {failure}")
    report.line("fuzz: executions ending in a traceback", sum(len(f.failures) for f in targets), 0, unit="")
    report.line("fuzz: slowest single example", max(f.slowest[0] for f in targets), 5.0)
    report.line("fuzz: peak memory of this process (MB)", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                MAX_MEMORY_BYTES / 2**20, unit="")  # fmt: skip
    report.line("fuzz: files read outside the input", len(audit.outside), 0, unit="")
    report.line("fuzz: network connections", len(audit.connections), 0, unit="")
    for line in sorted(set(audit.outside))[:5] + audit.connections[:5]:
        print(f"    {line}")


SAMPLE = ROOT / "resources" / "samples" / "harbour-town-bans-cruise-ships.txt"


def overhead_figures(report: Report, runs: int = 20) -> None:
    """What importing a short article in a bounded child costs over importing it here (median of runs)."""
    if not SAMPLE.exists():
        raise FileNotFoundError(SAMPLE)  # a missing input fails the benchmark

    def median(function: Callable[[], object]) -> float:
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            function()
            samples.append(time.perf_counter() - start)
        return sorted(samples)[len(samples) // 2]

    floor = median(lambda: load_path(SAMPLE))
    start = time.perf_counter()
    load_path_bounded(SAMPLE)  # the forkserver starts and preloads the parsers once
    first = time.perf_counter() - start
    for method, budget in (("fork", 0.05), ("forkserver", 0.1)):
        bounded = median(lambda method=method: load_path_bounded(SAMPLE, start_method=method))
        report.line(f"bounded import of a short article, {method} (floor {floor * 1000:.1f} ms)", bounded, budget,
                    unit="ms")  # fmt: skip
    report.line("forkserver start with the parsers preloaded (once)", first, 3.0)


def main() -> bool:
    """Run the corpus and the fuzz; return True when a figure was over its budget."""
    report, audit = Report(), Audit()
    overhead_figures(report)
    corpus_figures(report, audit)
    fuzz_figures(report, audit)
    print("  " + json.dumps({"executions": {k: v for k, v in EXAMPLES.items()}}))
    return bool(report.missed)
