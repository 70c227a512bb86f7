"""Accepting suggestions: the candidates a user keeps become annotations, all in one transaction."""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Iterable

from ..annotation_rows import insert_many
from ..clock import now
from ..errors import InvalidAnnotation, NotFound
from ..library import Library
from ..records import Annotation
from ..selectors import quote_selector
from .rules import NONE
from .suggest import SuggestedClaim


def accept_suggestions(library: Library, document_id: int, suggestions: Iterable[SuggestedClaim]) -> list[Annotation]:
    """Store the accepted suggestions as annotations by the library's annotator, in ONE transaction.

    Each keeps its (possibly retyped) claim type and its speaker; its reason is
    not stored. Either every one is stored or, on any error, none.

    Raises:
        NotFound: no such document, or a claim type the library does not have.
        InvalidAnnotation: a suggestion is "none" (not a claim), empty or outside the text.
    """
    chosen = list(suggestions)
    text = library.document_text(document_id)
    known = {claim_type.name for claim_type in library.claim_types()}
    stamp = now()
    annotations = [_annotation(library, document_id, text, known, stamp, claim) for claim in chosen]
    with library.transaction() as conn:
        insert_many(conn, annotations)
    return annotations


def _annotation(
    library: Library, document_id: int, text: str, known: set[str], stamp: str, claim: SuggestedClaim
) -> Annotation:
    if claim.claim_type == NONE:
        raise InvalidAnnotation(f"the sentence at {claim.start}-{claim.end} is not a claim; give it a type first")
    if claim.claim_type not in known:
        raise NotFound(f"unknown claim type {claim.claim_type!r} (known: {', '.join(sorted(known))})")
    exact, prefix, suffix = quote_selector(text, claim.start, claim.end)
    return Annotation(
        uuid=str(uuid_module.uuid4()), document_id=document_id, start=claim.start, end=claim.end, exact=exact,
        prefix=prefix, suffix=suffix, claim_type=claim.claim_type, speaker=claim.speaker.strip(),
        created=stamp, updated=stamp, annotator=library.annotator,
    )  # fmt: skip
