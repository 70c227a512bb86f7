"""Hypothesis-shaped JSON: claims as the rows of a Hypothesis API search response (``{"total", "rows"}``).

Each row has every field the Hypothesis API (v1) documents as required for an
annotation: ``id, created, updated, user, uri, text, tags, group,
permissions, target, document, links, hidden, flagged``, and ``user_info``.

- ``id``: the claim's UUID in Hypothesis's form, URL-safe base64 without
  padding (22 characters), so a reader can recover the UUID;
- ``uri`` and each ``target[].source``: the document's URL, else its file URI,
  else ``urn:sha256:`` and the hash of its text (as the W3C export);
- ``target[0].selector``: a ``TextQuoteSelector`` (exact, prefix, suffix) and
  a ``TextPositionSelector`` (code points of Claimmark's canonical text);
- ``text``: the note, as typed (Hypothesis renders it as Markdown);
- ``tags``: the topic tags, then ``claimmark:TYPE`` (``claimmark:fact``) and,
  when there is one, ``claimmark:speaker:NAME``: Hypothesis keeps tags and
  nothing else of Claimmark's, so the claim type and speaker live there;
- ``user``: ``acct:NAME@claimmark`` with NAME the annotator made a Hypothesis
  user name (3–30 of ``A–Z a–z 0–9 . _``); ``user_info.display_name`` is the
  annotator exactly (null when unknown);
- ``group`` ``__world__`` with ``permissions`` that let only that user read:
  an export of one's own library is private ("Only me");
- ``document.title``: a list holding the title; ``links`` empty (the claims
  have no Hypothesis pages); ``hidden`` and ``flagged`` false.

Anchoring status and score are not kept: they are recomputed on import.
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
import uuid
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..gc_pause import gc_paused
from ..library import Library
from ..progress import Progress, each_reported
from .context import Claim, DocumentExport, Only, document_export, only_json
from .w3c_export import document_source

TYPE_TAG = "claimmark:"  # + the claim type name
SPEAKER_TAG = "claimmark:speaker:"  # + the speaker's name
AUTHORITY = "claimmark"
GROUP = "__world__"
_USERNAME_UNSAFE = re.compile(r"[^A-Za-z0-9._]+")


def hypothesis_id(claim_uuid: str) -> str:
    """Return a UUID as Hypothesis writes annotation ids: URL-safe base64 of its 16 bytes, unpadded."""
    return base64.urlsafe_b64encode(uuid.UUID(claim_uuid).bytes).decode().rstrip("=")


def user_account(annotator: str) -> str:
    """Return the Hypothesis account id for an annotator: ``acct:NAME@claimmark``."""
    folded = unicodedata.normalize("NFKD", annotator).encode("ascii", "ignore").decode()
    name = _USERNAME_UNSAFE.sub("_", folded).strip("._")[:30] or "claimmark"
    return f"acct:{name.ljust(3, '_')}@{AUTHORITY}"


def row(claim: Claim, document: DocumentExport, source: str) -> dict[str, Any]:
    """Return one claim as a Hypothesis API annotation."""
    user = user_account(claim.annotator)
    tags = [*claim.tags, TYPE_TAG + claim.type]
    if claim.speaker:
        tags.append(SPEAKER_TAG + claim.speaker)
    return {
        "id": hypothesis_id(claim.uuid),
        "created": claim.created,
        "updated": claim.updated,
        "user": user,
        "uri": source,
        "text": claim.note,
        "tags": tags,
        "group": GROUP,
        "permissions": {"read": [user], "admin": [user], "update": [user], "delete": [user]},
        "target": [{"source": source, "selector": selectors(claim)}],
        "document": {"title": [document.title]},
        "links": {},
        "hidden": False,
        "flagged": False,
        "user_info": {"display_name": claim.annotator or None},
    }


def selectors(claim: Claim) -> list[dict[str, Any]]:
    """Return a claim's TextQuoteSelector and TextPositionSelector."""
    return [
        {"type": "TextQuoteSelector", "exact": claim.exact, "prefix": claim.prefix, "suffix": claim.suffix},
        {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
    ]


# Each row's claim fields written by SQLite's JSON functions in C (a test checks they equal row() above);
# the rest of a row is the same for every claim of an annotator and is joined around them as text.
_ROWS_SQL = """
SELECT a.uuid, coalesce(a.annotator, ''), json_object(
    'created', a.created, 'updated', a.updated, 'uri', ?1, 'text', a.note,
    'tags', (SELECT json_group_array(tag) FROM (
        SELECT 1 AS part, t.name AS tag FROM annotation_tags x JOIN tags t ON t.id = x.tag_id
            WHERE x.annotation_id = a.id
        UNION ALL SELECT 2, 'claimmark:' || a.claim_type
        UNION ALL SELECT 3, 'claimmark:speaker:' || a.speaker WHERE a.speaker != ''
        ORDER BY part, tag COLLATE NOCASE)),
    'target', json_array(json_object('source', ?1, 'selector', json_array(
        json_object('type', 'TextQuoteSelector', 'exact', a.exact, 'prefix', a.prefix, 'suffix', a.suffix),
        json_object('type', 'TextPositionSelector', 'start', a.start, 'end', a.end)))),
    'document', json_object('title', json_array(?2)))
FROM annotations a WHERE a.document_id = ?3 AND (?4 IS NULL OR a.uuid IN (SELECT value FROM json_each(?4)))
ORDER BY a.start, a.end, a.id
"""


@lru_cache(maxsize=256)
def _user_fields(annotator: str) -> tuple[str, str]:
    """Return the JSON text of a row's fields that depend only on its annotator: before and after the claim's."""
    user = user_account(annotator)
    permissions = {"read": [user], "admin": [user], "update": [user], "delete": [user]}
    name = json.dumps(annotator or None, ensure_ascii=False)
    after = f', "group": "{GROUP}", "permissions": {json.dumps(permissions)}, "links": {{}}, "hidden": false, '
    return f'"user": {json.dumps(user)}, ', after + f'"flagged": false, "user_info": {{"display_name": {name}}}'


@gc_paused()
def export_hypothesis(
    library: Library, document_ids: Iterable[int], progress: Progress | None = None, only: Only | None = None
) -> str:
    """Return the claims of the documents as a Hypothesis search response, one row per line.

    Raises:
        NotFound: a document is not in the library.
    """
    rows: list[str] = []
    library_path = str(library.path.resolve())
    for document_id in each_reported(document_ids, progress):
        document = document_export(library.document(document_id), [], [], library_path)
        cursor = library.conn.execute(
            _ROWS_SQL, [document_source(document), document.title, document_id, only_json(only, document_id)]
        )
        for claim_uuid, annotator, fields in cursor:
            before, after = _user_fields(annotator)
            rows.append(f'{{"id": "{hypothesis_id(claim_uuid)}", {before}{fields[1:-1]}{after}}}')
    body = ",\n    ".join(rows)
    return f'{{\n  "total": {len(rows)},\n  "rows": [\n    {body}\n  ]\n}}\n' if rows else '{"total": 0, "rows": []}\n'
