"""Migration 5: tags in the full-text index, collections, and indexes for browsing claims across the library.

``annotations.tag_text`` holds an annotation's tag names joined by "; " (written
with a new row by ``annotation_rows``, then kept by triggers on
``annotation_tags`` and ``tags``, which change it only when it differs), so
that the full-text index, external content over ``annotations``, covers the
tags too. ``collections`` form a tree (``parent_id``); a document may be in
any number of them (``collection_documents``). ``document_lengths`` keeps each
text's length in characters (reading ``length(text)`` of a thousand articles
takes ~100 ms), for where claims fall along their articles.
"""

from __future__ import annotations

import sqlite3

from .script import run_script

# The tag names of annotation X, as tag_text holds them.
_TAG_TEXT = (
    "coalesce((SELECT group_concat(name, '; ') FROM (SELECT t.name FROM annotation_tags x JOIN tags t"
    " ON t.id = x.tag_id WHERE x.annotation_id = {id} ORDER BY t.name COLLATE NOCASE)), '')"
)
_COLUMNS = "exact, note, speaker, tag_text, facets"
# What the search filters type:, status:, annotator: and doc: match, as one token each in the facets
# column: "ty" + hex(claim type), "st" + hex(status), "an" + hex(annotator), "dc" + document id.
_FACETS = (
    "'ty' || hex({0}.claim_type) || ' st' || hex({0}.status) || ' an' || hex({0}.annotator) || ' dc' || {0}.document_id"
)
_OLD = f"old.exact, old.note, old.speaker, old.tag_text, {_FACETS.format('old')}"
_NEW = f"new.exact, new.note, new.speaker, new.tag_text, {_FACETS.format('new')}"
_WATCHED = "exact, note, speaker, tag_text, claim_type, status, annotator, document_id"

SCRIPT = f"""
ALTER TABLE annotations ADD COLUMN tag_text TEXT NOT NULL DEFAULT '';
UPDATE annotations SET tag_text = {_TAG_TEXT.format(id="annotations.id")}
    WHERE id IN (SELECT annotation_id FROM annotation_tags);

DROP TRIGGER annotations_ai;
DROP TRIGGER annotations_ad;
DROP TRIGGER annotations_au;
DROP TABLE annotations_fts;
CREATE VIEW annotations_indexed AS
    SELECT id, exact, note, speaker, tag_text, {_FACETS.format("annotations")} AS facets FROM annotations;
CREATE VIRTUAL TABLE annotations_fts USING fts5(
    {_COLUMNS}, content='annotations_indexed', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO annotations_fts(annotations_fts) VALUES ('rebuild');
INSERT INTO annotations_fts(annotations_fts, rank) VALUES ('rank', 'bm25(4.0, 2.0, 3.0, 3.0, 0.0)');
INSERT INTO documents_fts(documents_fts, rank) VALUES ('rank', 'bm25(5.0, 1.0)');
CREATE TRIGGER annotations_ai AFTER INSERT ON annotations BEGIN
    INSERT INTO annotations_fts(rowid, {_COLUMNS}) VALUES (new.id, {_NEW});
END;
CREATE TRIGGER annotations_ad AFTER DELETE ON annotations BEGIN
    INSERT INTO annotations_fts(annotations_fts, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD});
END;
CREATE TRIGGER annotations_au AFTER UPDATE OF {_WATCHED} ON annotations BEGIN
    INSERT INTO annotations_fts(annotations_fts, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD});
    INSERT INTO annotations_fts(rowid, {_COLUMNS}) VALUES (new.id, {_NEW});
END;
CREATE TRIGGER annotation_tags_ai AFTER INSERT ON annotation_tags BEGIN
    UPDATE annotations SET tag_text = {_TAG_TEXT.format(id="new.annotation_id")}
        WHERE id = new.annotation_id AND tag_text IS NOT {_TAG_TEXT.format(id="new.annotation_id")};
END;
CREATE TRIGGER annotation_tags_ad AFTER DELETE ON annotation_tags BEGIN
    UPDATE annotations SET tag_text = {_TAG_TEXT.format(id="old.annotation_id")}
        WHERE id = old.annotation_id AND tag_text IS NOT {_TAG_TEXT.format(id="old.annotation_id")};
END;
CREATE TRIGGER tags_au AFTER UPDATE OF name ON tags BEGIN
    UPDATE annotations SET tag_text = {_TAG_TEXT.format(id="annotations.id")}
        WHERE id IN (SELECT annotation_id FROM annotation_tags WHERE tag_id = new.id);
END;

CREATE TABLE collections (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    parent_id INTEGER REFERENCES collections(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL
);
CREATE UNIQUE INDEX collections_sibling_name ON collections(coalesce(parent_id, 0), name COLLATE NOCASE);
CREATE TABLE collection_documents (
    collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    added TEXT NOT NULL,
    PRIMARY KEY (collection_id, document_id)
) WITHOUT ROWID;
CREATE INDEX collection_documents_document ON collection_documents(document_id);

CREATE TABLE document_lengths (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    length INTEGER NOT NULL
);
INSERT INTO document_lengths (document_id, length) SELECT id, length(text) FROM documents;
CREATE TRIGGER documents_length_ai AFTER INSERT ON documents BEGIN
    INSERT OR REPLACE INTO document_lengths (document_id, length) VALUES (new.id, length(new.text));
END;
CREATE TRIGGER documents_length_au AFTER UPDATE OF text ON documents BEGIN
    INSERT OR REPLACE INTO document_lengths (document_id, length) VALUES (new.id, length(new.text));
END;

-- (document_id, claim_type) counts as before; with start and created, statistics read only this index
DROP INDEX annotations_document_type;
CREATE INDEX annotations_document_type ON annotations(document_id, claim_type, start, created);
-- the claims view: pages in reading order with any filters, read off one index (never the table)
CREATE INDEX annotations_browse ON annotations(
    document_id, start, end, claim_type, status, annotator, speaker COLLATE NOCASE, created
);
-- the claims view sorted by when claims were made, and its date filters
CREATE INDEX annotations_created ON annotations(created);
-- claims per day and type in index order: statistics over time without sorting every claim (100 -> 30 ms)
CREATE INDEX annotations_day ON annotations(substr(created, 1, 10), claim_type);
"""


def apply(conn: sqlite3.Connection) -> None:
    """Put tags into the full-text index, add collections, and index what the claims view filters and sorts by."""
    run_script(conn, SCRIPT)
