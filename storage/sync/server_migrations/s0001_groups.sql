-- Server migration 1: groups and members, documents and their texts, claim types, annotations,
-- the push log that makes writes idempotent, and the row-level security that decides who sees what.
--
-- Every synced row carries a version from one sequence. The trigger that assigns it first takes the
-- group's transaction-scoped advisory lock, so within a group versions are handed out in commit
-- order whoever writes (even a member's own SQL session): a reader that has seen version V has seen
-- every earlier write of that group.

CREATE SEQUENCE claimmark.versions;

CREATE TABLE claimmark.groups (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (name <> ''),
    owner text NOT NULL DEFAULT current_user,
    shared boolean NOT NULL DEFAULT false,   -- members see each other's tagging (else only their own)
    version bigint NOT NULL DEFAULT 0
);

CREATE TABLE claimmark.members (
    group_id bigint NOT NULL REFERENCES claimmark.groups(id) ON DELETE CASCADE,
    person text NOT NULL,                     -- a PostgreSQL login role
    role text NOT NULL CHECK (role IN ('owner', 'member', 'reader')),
    version bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, person)
);

CREATE TABLE claimmark.group_heads (          -- the latest version written in each group
    group_id bigint PRIMARY KEY REFERENCES claimmark.groups(id) ON DELETE CASCADE,
    version bigint NOT NULL DEFAULT 0
);

CREATE TABLE claimmark.texts (                -- canonical texts, stored once by their sha256
    sha256 text PRIMARY KEY,
    text text NOT NULL,
    blocks text NOT NULL,                     -- JSON, never queried here: text is stored and read 3x faster
    CHECK (sha256 = encode(sha256(convert_to(text, 'UTF8')), 'hex'))
);
DO $$ BEGIN  -- lz4 stores a 3 MB book 4x faster than the default pglz; servers built without it keep pglz
    ALTER TABLE claimmark.texts ALTER COLUMN text SET COMPRESSION lz4, ALTER COLUMN blocks SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL;
END $$;

CREATE TABLE claimmark.documents (
    group_id bigint NOT NULL REFERENCES claimmark.groups(id) ON DELETE CASCADE,
    uid uuid NOT NULL,
    title text NOT NULL DEFAULT '',
    author text NOT NULL DEFAULT '',
    published text NOT NULL DEFAULT '',
    url text NOT NULL DEFAULT '',
    format text NOT NULL DEFAULT '',
    language text NOT NULL DEFAULT '',
    notes jsonb NOT NULL DEFAULT '[]',
    sha256 text NOT NULL REFERENCES claimmark.texts(sha256),
    text_version integer NOT NULL DEFAULT 1,  -- 1, then one more for each new text
    added_by text NOT NULL DEFAULT current_user,
    version bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, uid)
);
CREATE INDEX documents_version ON claimmark.documents(group_id, version);
CREATE INDEX documents_sha256 ON claimmark.documents(group_id, sha256);

CREATE TABLE claimmark.document_texts (       -- every text a document has had, for re-anchoring
    group_id bigint NOT NULL,
    uid uuid NOT NULL,
    text_version integer NOT NULL,
    sha256 text NOT NULL REFERENCES claimmark.texts(sha256),
    PRIMARY KEY (group_id, uid, text_version),
    FOREIGN KEY (group_id, uid) REFERENCES claimmark.documents(group_id, uid) ON DELETE CASCADE
);
CREATE INDEX document_texts_sha256 ON claimmark.document_texts(sha256);

CREATE TABLE claimmark.claim_types (
    group_id bigint NOT NULL REFERENCES claimmark.groups(id) ON DELETE CASCADE,
    name text NOT NULL,
    label text NOT NULL,
    colour text NOT NULL,
    underline text NOT NULL,
    shortcut text NOT NULL DEFAULT '',
    version bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, name)
);

CREATE TABLE claimmark.annotations (
    group_id bigint NOT NULL,
    uuid uuid NOT NULL,
    document uuid NOT NULL,
    annotator text NOT NULL DEFAULT current_user,
    start integer NOT NULL,
    "end" integer NOT NULL,
    exact text NOT NULL,
    prefix text NOT NULL DEFAULT '',
    suffix text NOT NULL DEFAULT '',
    claim_type text NOT NULL,
    note text NOT NULL DEFAULT '',
    speaker text NOT NULL DEFAULT '',
    tags text[] NOT NULL DEFAULT '{}',
    status text NOT NULL DEFAULT 'anchored',
    score double precision NOT NULL DEFAULT 1.0,
    created text NOT NULL DEFAULT '',
    updated text NOT NULL DEFAULT '',
    old_exact text NOT NULL DEFAULT '',
    origin_format text NOT NULL DEFAULT '',   -- the tool an imported annotation came from, its id
    origin_id text NOT NULL DEFAULT '',       -- there and the page it was made on (set once, at import)
    origin_url text NOT NULL DEFAULT '',
    text_sha256 text NOT NULL,                -- the text the placement (start, end, ...) refers to
    deleted boolean NOT NULL DEFAULT false,   -- deletions are rows too, so every member learns of them
    version bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, uuid),
    FOREIGN KEY (group_id, document) REFERENCES claimmark.documents(group_id, uid) ON DELETE CASCADE,
    CHECK (start >= 0 AND "end" >= start)
);
CREATE INDEX annotations_version ON claimmark.annotations(group_id, version);

CREATE TABLE claimmark.pushes (               -- idempotency keys: a push applied once, whatever the retries
    push_id uuid PRIMARY KEY,
    person text NOT NULL DEFAULT current_user,
    rows uuid[] NOT NULL,                     -- the annotations and documents the push wrote ...
    versions bigint[] NOT NULL,               -- ... and the version each got
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pushes_person ON claimmark.pushes(person, at);

-- Who is asking: the roles of person p in each group. Called by the policies with current_user; it
-- answers only about a role the session may act as, so nobody can probe another person's groups.
CREATE FUNCTION claimmark.groups_of(p text, roles text[]) RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(array_agg(group_id), '{}') FROM claimmark.members
    WHERE person = p AND role = ANY (roles) AND pg_has_role(session_user, p, 'USAGE')
$$;

-- The groups where person p sees everyone's tagging: as an owner, or as anyone when the group is shared.
CREATE FUNCTION claimmark.groups_seen_whole(p text) RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(array_agg(m.group_id), '{}') FROM claimmark.members m JOIN claimmark.groups g ON g.id = m.group_id
    WHERE m.person = p AND (m.role = 'owner' OR g.shared) AND pg_has_role(session_user, p, 'USAGE')
$$;

-- Which of these texts the server lacks (so a text travels once, whoever sent it first).
CREATE FUNCTION claimmark.missing_texts(hashes text[]) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT h FROM unnest(hashes) h WHERE NOT EXISTS (SELECT 1 FROM claimmark.texts t WHERE t.sha256 = h)
$$;

-- Stamping versions. These run as the writer (not SECURITY DEFINER): current_user is who writes.
-- One small function per table, since a row trigger runs for every row of a push; without a SET
-- search_path clause (it costs a third of a 10,000-row insert), so every call is schema-qualified.
CREATE FUNCTION claimmark.stamp_group() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(1769, NEW.id::integer);
    NEW.version := pg_catalog.nextval('claimmark.versions');
    RETURN NEW;
END $$;

CREATE FUNCTION claimmark.stamp_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(1769, NEW.group_id::integer);
    NEW.version := pg_catalog.nextval('claimmark.versions');
    RETURN NEW;
END $$;

CREATE FUNCTION claimmark.stamp_annotation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(1769, NEW.group_id::integer);
    NEW.version := pg_catalog.nextval('claimmark.versions');
    IF TG_OP = 'INSERT' THEN
        NEW.annotator := current_user;
    ELSE
        NEW.annotator := OLD.annotator;  -- a claim stays its author's, on its document
        NEW.document := OLD.document;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION claimmark.stamp_document() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(1769, NEW.group_id::integer);
    NEW.version := pg_catalog.nextval('claimmark.versions');
    IF TG_OP = 'INSERT' THEN
        NEW.added_by := current_user;
        NEW.text_version := 1;
    ELSE
        NEW.added_by := OLD.added_by;
        NEW.text_version := OLD.text_version + (NEW.sha256 IS DISTINCT FROM OLD.sha256)::integer;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION claimmark.advance_head() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_TABLE_NAME = 'groups' THEN
        INSERT INTO claimmark.group_heads AS h (group_id, version)
        SELECT id, max(version) FROM new_rows GROUP BY id
        ON CONFLICT (group_id) DO UPDATE SET version = greatest(h.version, EXCLUDED.version);
    ELSE
        INSERT INTO claimmark.group_heads AS h (group_id, version)
        SELECT group_id, max(version) FROM new_rows GROUP BY group_id
        ON CONFLICT (group_id) DO UPDATE SET version = greatest(h.version, EXCLUDED.version);
    END IF;
    RETURN NULL;
END $$;

-- The group's first owner is whoever created it.
CREATE FUNCTION claimmark.add_creator() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO claimmark.members (group_id, person, role) VALUES (NEW.id, NEW.owner, 'owner');
    RETURN NULL;
END $$;

CREATE FUNCTION claimmark.record_text() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO claimmark.document_texts (group_id, uid, text_version, sha256)
    VALUES (NEW.group_id, NEW.uid, NEW.text_version, NEW.sha256) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER groups_version BEFORE INSERT OR UPDATE ON claimmark.groups
    FOR EACH ROW EXECUTE FUNCTION claimmark.stamp_group();
CREATE TRIGGER members_version BEFORE INSERT OR UPDATE ON claimmark.members
    FOR EACH ROW EXECUTE FUNCTION claimmark.stamp_row();
CREATE TRIGGER documents_version BEFORE INSERT OR UPDATE ON claimmark.documents
    FOR EACH ROW EXECUTE FUNCTION claimmark.stamp_document();
CREATE TRIGGER claim_types_version BEFORE INSERT OR UPDATE ON claimmark.claim_types
    FOR EACH ROW EXECUTE FUNCTION claimmark.stamp_row();
CREATE TRIGGER annotations_version BEFORE INSERT OR UPDATE ON claimmark.annotations
    FOR EACH ROW EXECUTE FUNCTION claimmark.stamp_annotation();
CREATE TRIGGER groups_creator AFTER INSERT ON claimmark.groups
    FOR EACH ROW EXECUTE FUNCTION claimmark.add_creator();
CREATE TRIGGER documents_text AFTER INSERT OR UPDATE OF sha256 ON claimmark.documents
    FOR EACH ROW EXECUTE FUNCTION claimmark.record_text();

CREATE TRIGGER groups_head_i AFTER INSERT ON claimmark.groups
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claimmark.advance_head();
CREATE TRIGGER groups_head_u AFTER UPDATE ON claimmark.groups
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claimmark.advance_head();
CREATE TRIGGER members_head_i AFTER INSERT ON claimmark.members
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claimmark.advance_head();
CREATE TRIGGER members_head_u AFTER UPDATE ON claimmark.members
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claimmark.advance_head();
CREATE TRIGGER documents_head_i AFTER INSERT ON claimmark.documents
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claimmark.advance_head();
CREATE TRIGGER documents_head_u AFTER UPDATE ON claimmark.documents
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claimmark.advance_head();
CREATE TRIGGER claim_types_head_i AFTER INSERT ON claimmark.claim_types
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claimmark.advance_head();
CREATE TRIGGER annotations_head_i AFTER INSERT ON claimmark.annotations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claimmark.advance_head();
CREATE TRIGGER annotations_head_u AFTER UPDATE ON claimmark.annotations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claimmark.advance_head();

-- Row-level security. The policies name current_user; the role that ran `server init` owns the
-- tables and, like a superuser, is not bound by them: it is the server's administrator.
ALTER TABLE claimmark.groups ENABLE ROW LEVEL SECURITY;
ALTER TABLE claimmark.members ENABLE ROW LEVEL SECURITY;
ALTER TABLE claimmark.group_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE claimmark.texts ENABLE ROW LEVEL SECURITY;
ALTER TABLE claimmark.documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE claimmark.document_texts ENABLE ROW LEVEL SECURITY;
ALTER TABLE claimmark.claim_types ENABLE ROW LEVEL SECURITY;
ALTER TABLE claimmark.annotations ENABLE ROW LEVEL SECURITY;
ALTER TABLE claimmark.pushes ENABLE ROW LEVEL SECURITY;

CREATE POLICY groups_read ON claimmark.groups FOR SELECT
    USING (owner = current_user OR id = ANY ((SELECT claimmark.groups_of(current_user, '{owner,member,reader}'))::bigint[]));
CREATE POLICY groups_create ON claimmark.groups FOR INSERT WITH CHECK (owner = current_user);
CREATE POLICY groups_change ON claimmark.groups FOR UPDATE
    USING (id = ANY ((SELECT claimmark.groups_of(current_user, '{owner}'))::bigint[]));

CREATE POLICY members_read ON claimmark.members FOR SELECT
    USING (group_id = ANY ((SELECT claimmark.groups_of(current_user, '{owner,member,reader}'))::bigint[]));
CREATE POLICY members_add ON claimmark.members FOR INSERT
    WITH CHECK (group_id = ANY ((SELECT claimmark.groups_of(current_user, '{owner}'))::bigint[]));
CREATE POLICY members_change ON claimmark.members FOR UPDATE
    USING (group_id = ANY ((SELECT claimmark.groups_of(current_user, '{owner}'))::bigint[]));

CREATE POLICY heads_read ON claimmark.group_heads FOR SELECT
    USING (group_id = ANY ((SELECT claimmark.groups_of(current_user, '{owner,member,reader}'))::bigint[]));

CREATE POLICY texts_read ON claimmark.texts FOR SELECT
    USING (EXISTS (SELECT 1 FROM claimmark.document_texts d WHERE d.sha256 = texts.sha256));
CREATE POLICY texts_add ON claimmark.texts FOR INSERT
    WITH CHECK (cardinality((SELECT claimmark.groups_of(current_user, '{owner,member}'))::bigint[]) > 0);

CREATE POLICY documents_read ON claimmark.documents FOR SELECT
    USING (group_id = ANY ((SELECT claimmark.groups_of(current_user, '{owner,member,reader}'))::bigint[]));
CREATE POLICY documents_add ON claimmark.documents FOR INSERT
    WITH CHECK (group_id = ANY ((SELECT claimmark.groups_of(current_user, '{owner,member}'))::bigint[]));
CREATE POLICY documents_change ON claimmark.documents FOR UPDATE
    USING (group_id = ANY ((SELECT claimmark.groups_of(current_user, '{owner}'))::bigint[])
           OR (added_by = current_user AND group_id = ANY ((SELECT claimmark.groups_of(current_user, '{member}'))::bigint[])));

CREATE POLICY document_texts_read ON claimmark.document_texts FOR SELECT
    USING (group_id = ANY ((SELECT claimmark.groups_of(current_user, '{owner,member,reader}'))::bigint[]));

CREATE POLICY claim_types_read ON claimmark.claim_types FOR SELECT
    USING (group_id = ANY ((SELECT claimmark.groups_of(current_user, '{owner,member,reader}'))::bigint[]));
CREATE POLICY claim_types_add ON claimmark.claim_types FOR INSERT
    WITH CHECK (group_id = ANY ((SELECT claimmark.groups_of(current_user, '{owner,member}'))::bigint[]));

CREATE POLICY annotations_read ON claimmark.annotations FOR SELECT
    USING (annotator = current_user OR group_id = ANY ((SELECT claimmark.groups_seen_whole(current_user))::bigint[]));
CREATE POLICY annotations_add ON claimmark.annotations FOR INSERT
    WITH CHECK (annotator = current_user AND group_id = ANY ((SELECT claimmark.groups_of(current_user, '{owner,member}'))::bigint[]));
CREATE POLICY annotations_change ON claimmark.annotations FOR UPDATE
    USING (annotator = current_user AND group_id = ANY ((SELECT claimmark.groups_of(current_user, '{owner,member}'))::bigint[]))
    WITH CHECK (annotator = current_user);

CREATE POLICY pushes_own ON claimmark.pushes USING (person = current_user) WITH CHECK (person = current_user);

GRANT USAGE ON SCHEMA claimmark TO claimmark_users;
GRANT SELECT ON ALL TABLES IN SCHEMA claimmark TO claimmark_users;
GRANT USAGE ON SEQUENCE claimmark.versions TO claimmark_users;
GRANT INSERT, UPDATE (name, shared) ON claimmark.groups TO claimmark_users;
GRANT INSERT, UPDATE (role) ON claimmark.members TO claimmark_users;
GRANT INSERT ON claimmark.texts TO claimmark_users;
GRANT INSERT, UPDATE (title, author, published, url, format, language, notes, sha256) ON claimmark.documents
    TO claimmark_users;
GRANT INSERT ON claimmark.claim_types TO claimmark_users;
GRANT INSERT, UPDATE (start, "end", exact, prefix, suffix, claim_type, note, speaker, tags, status, score, updated,
    old_exact, text_sha256, deleted) ON claimmark.annotations TO claimmark_users;
GRANT INSERT, DELETE ON claimmark.pushes TO claimmark_users;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA claimmark FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA claimmark TO claimmark_users;
