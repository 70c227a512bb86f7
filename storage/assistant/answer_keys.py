"""Where a key and a student's tagging come from (two JSON exports, or two annotators of one library), and the report.

``claims_from_library`` reads two annotators' claims on one document;
``claims_from_exports`` reads two W3C JSON-LD exports of one document (each
file's collection carries the sha256 of its text; the text itself comes from
the export's blocks, written with ``--include-text``, or from the library).
``report_markdown`` writes the comparison as Markdown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from documents import text_hash

from ..errors import LibraryError
from ..export.markdown_escape import escape_inline
from ..interchange.w3c_reader import IncomingAnnotation, parse_annotations
from ..library import Library
from ..records import Annotation
from .compare import AGREED, EXTRA, MISSED, TYPE_DIFFERS, Claim, Comparison


class AnswerKeyError(LibraryError):
    """A key and a student's tagging that cannot be compared (different documents, no text, nobody's claims)."""


@dataclass(frozen=True)
class Tagging:
    """The two sides to compare, on one text."""

    title: str
    text: str
    key: list[Claim]
    student: list[Claim]


def claims_of(annotations: Iterable[Annotation]) -> list[Claim]:
    """Return library annotations as claims to compare."""
    return [Claim(a.start, a.end, a.claim_type, a.note, a.speaker, a.exact) for a in annotations]


def claims_from_library(library: Library, document_id: int, key_annotator: str, student_annotator: str) -> Tagging:
    """Return the key annotator's and the student annotator's claims on one document of a library.

    Raises:
        NotFound: no such document.
        AnswerKeyError: either annotator has no claim on the document.
    """
    summary = library.document_summary(document_id)
    annotations = library.annotations(document_id)
    sides = []
    for name in (key_annotator, student_annotator):
        mine = [a for a in annotations if a.annotator == name]
        if not mine:
            known = sorted({a.annotator or "(nobody)" for a in annotations})
            who = ", ".join(known) or "none"
            raise AnswerKeyError(f"{name!r} has no claims on {summary.title!r} (annotators: {who})")
        sides.append(claims_of(mine))
    return Tagging(summary.title, library.document_text(document_id), sides[0], sides[1])


def claims_from_exports(key_data: Any, student_data: Any, library: Library | None = None) -> Tagging:
    """Return the claims of two decoded W3C JSON-LD exports of one document.

    Raises:
        InvalidAnnotationFile: a file holds no annotations.
        AnswerKeyError: the files are about different documents, or the text is in neither file nor library.
    """
    key, student = parse_annotations(key_data), parse_annotations(student_data)
    key_hash, student_hash = _document_hash(key, "key"), _document_hash(student, "student")
    if key_hash and student_hash and key_hash != student_hash:
        raise AnswerKeyError("the key and the student's file are about different documents (their text differs)")
    title, text = _text(key + student, key_hash or student_hash, library)
    return Tagging(title, text, _claims(key, text), _claims(student, text))


def claims_from_export(data: Any, text: str) -> list[Claim]:
    """Return the claims of one decoded W3C JSON-LD export, placed on text (the open document's).

    Raises:
        InvalidAnnotationFile: the file holds no annotations.
        AnswerKeyError: the file is about several documents, or another one (its text hash differs).
    """
    items = parse_annotations(data)
    digest = _document_hash(items, "key")
    if digest and digest != text_hash(text):
        raise AnswerKeyError("the key is about another document (its text differs from this one)")
    return _claims(items, text)


def _document_hash(items: list[IncomingAnnotation], side: str) -> str:
    hashes = {item.hint.sha256 for item in items if item.hint.sha256}
    if len(hashes) > 1:
        raise AnswerKeyError(f"the {side} file holds annotations of several documents; export one document")
    return hashes.pop() if hashes else ""


def _text(items: list[IncomingAnnotation], digest: str, library: Library | None) -> tuple[str, str]:
    for item in items:
        if item.hint.blocks is not None:
            text = "\n".join(block.text for block in item.hint.blocks)
            if not digest or text_hash(text) == digest:
                return item.hint.metadata.get("title", ""), text
    if library is not None and digest:
        row = library.conn.execute("SELECT id FROM documents WHERE sha256 = ?", [digest]).fetchone()
        if row is not None:
            return library.document_summary(row[0]).title, library.document_text(row[0])
    raise AnswerKeyError(
        "neither file carries the document's text and the library does not hold it: "
        "export with --include-text, or import the document first"
    )


def _claims(items: list[IncomingAnnotation], text: str) -> list[Claim]:
    claims = []
    for item in items:
        start, end = item.start, item.end
        if start is None or end is None or text[start:end] != item.exact:
            start = text.find(item.exact)
            if start < 0:
                raise AnswerKeyError(f"a claim's quote is not in the document: {item.exact[:60]!r}")
            end = start + len(item.exact)
        claims.append(Claim(start, end, item.claim_type or "unknown", item.note, item.speaker, item.exact))
    return claims


def report_markdown(comparison: Comparison, title: str, key_name: str = "key", student_name: str = "student") -> str:
    """Return the comparison as a Markdown report: the scores, the confusion matrix and every claim."""
    counts, spans, typed = comparison.counts(), comparison.spans, comparison.typed
    kappa = "undefined (one label throughout)" if comparison.kappa is None else f"{comparison.kappa:.3f}"
    lines = [
        f"# Answer key: {escape_inline(title)}", "",
        f"Key: {escape_inline(key_name)} ({spans.key} claims). Student: {escape_inline(student_name)} "
        f"({spans.student} claims).", "",
        "| measure | value |", "|---|---|",
        f"| agreed | {counts[AGREED]} |", f"| type differs | {counts[TYPE_DIFFERS]} |",
        f"| missed | {counts[MISSED]} |", f"| extra | {counts[EXTRA]} |",
        f"| span precision | {spans.precision:.3f} |", f"| span recall | {spans.recall:.3f} |",
        f"| span F1 | {spans.f1:.3f} |", f"| typed F1 | {typed.f1:.3f} |",
        f"| Cohen's kappa ({len(comparison.sentence_labels)} sentences) | {kappa} |", "",
        "## Confusion matrix (rows: key, columns: student)", "",
        "| key \\ student | " + " | ".join(comparison.labels) + " |",
        "|---|" + "---|" * len(comparison.labels),
    ]  # fmt: skip
    for row in comparison.labels:
        lines.append(f"| {row} | " + " | ".join(str(comparison.confusion[row][c]) for c in comparison.labels) + " |")
    lines += ["", "## Claims", ""]
    lines += [_claim_line(outcome) for outcome in comparison.outcomes]
    return "\n".join(lines) + "\n"


def _claim_line(outcome: Any) -> str:
    key, student = outcome.key, outcome.student
    quoted = escape_inline(" ".join((key or student).exact.split()))
    if outcome.outcome == AGREED:
        return f"- **agreed** ({key.claim_type}): “{quoted}”"
    if outcome.outcome == TYPE_DIFFERS:
        note = f" Key's note: {escape_inline(key.note)}" if key.note else ""
        return f"- **type differs**: you tagged {student.claim_type}, the key says {key.claim_type}: “{quoted}”.{note}"
    if outcome.outcome == MISSED:
        note = f" Key's note: {escape_inline(key.note)}" if key.note else ""
        return f"- **missed** ({key.claim_type}): “{quoted}”.{note}"
    return f"- **extra** ({student.claim_type}): “{quoted}”"
