-- migrate:up
-- Documents (issue 15, part 4): Markdown, plain text or PDF that an organisation's admins add to
-- what the copilot knows (POST /api/documents). The gateway checks and converts an upload to
-- text, cuts it into chunks, has the copilot embed them (POST /embed, the embedder RAG uses) and
-- stores both here in one transaction; the copilot's retrieval stage reads the chunks nearest a
-- question for the asker's organisation and role and cites them in the answer's explain.
-- A document only informs planning and narration: nothing here is read by the policy, the
-- guardrail or the database's own privileges, so no document can grant access.
--
-- One row per version: uploading a title the organisation already has makes a new version and
-- retires the old one (retired_at); a deletion retires the live version too. Retired versions and
-- their chunks stay for the audit (the service may only set retired_at/retired_by, never delete).
--
-- Per organisation under row-level security (org_id = app_org_id(), 20261206000100), like
-- org_memory_versions: one organisation never sees, retrieves or writes another's documents.
CREATE TABLE IF NOT EXISTS documents (
  document_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id               bigint NOT NULL DEFAULT app_org_id() REFERENCES orgs (org_id),
  title                text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  version              integer NOT NULL CHECK (version > 0),
  kind                 text NOT NULL CHECK (kind IN ('markdown', 'text', 'pdf')),
  roles                text[] NOT NULL CHECK (cardinality(roles) > 0 AND
                         roles <@ ARRAY['admin', 'store_manager', 'marketing', 'finance']),
  size_bytes           integer NOT NULL CHECK (size_bytes > 0),
  text_bytes           integer NOT NULL CHECK (text_bytes > 0),
  sha256               text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  embedder             text NOT NULL,
  created_by           bigint NOT NULL,
  created_by_username  text NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  retired_at           timestamptz,
  retired_by           bigint,
  UNIQUE (org_id, title, version),
  UNIQUE (document_id, org_id)
);
-- At most one live version per title in an organisation: two uploads of one title at once meet
-- here (the second is refused with 409, not silently a twin).
CREATE UNIQUE INDEX IF NOT EXISTS documents_live_title_idx
  ON documents (org_id, title) WHERE retired_at IS NULL;

-- A document's text in pieces, each embedded. `roles` and `retired` repeat the document's so that
-- retrieval is one table read that the HNSW index can serve (ORDER BY embedding <=> question).
CREATE TABLE IF NOT EXISTS document_chunks (
  org_id       bigint NOT NULL DEFAULT app_org_id() REFERENCES orgs (org_id),
  document_id  bigint NOT NULL,
  chunk_index  integer NOT NULL CHECK (chunk_index >= 0),
  heading      text NOT NULL DEFAULT '',
  content      text NOT NULL CHECK (length(content) > 0),
  roles        text[] NOT NULL,
  retired      boolean NOT NULL DEFAULT false,
  embedding    extensions.vector(384) NOT NULL,
  PRIMARY KEY (document_id, chunk_index),
  -- A chunk belongs to its document's organisation, whatever its own org_id says.
  FOREIGN KEY (document_id, org_id) REFERENCES documents (document_id, org_id)
);
CREATE INDEX IF NOT EXISTS document_chunks_embedding_idx
  ON document_chunks USING hnsw (embedding extensions.vector_cosine_ops);
CREATE INDEX IF NOT EXISTS document_chunks_org_idx ON document_chunks (org_id);

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_chunks ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS org_isolation ON documents;
CREATE POLICY org_isolation ON documents AS PERMISSIVE FOR ALL TO PUBLIC
  USING (org_id = app_org_id()) WITH CHECK (org_id = app_org_id());
DROP POLICY IF EXISTS org_isolation ON document_chunks;
CREATE POLICY org_isolation ON document_chunks AS PERMISSIVE FOR ALL TO PUBLIC
  USING (org_id = app_org_id()) WITH CHECK (org_id = app_org_id());

REVOKE ALL ON documents, document_chunks FROM PUBLIC;
REVOKE ALL ON documents, document_chunks FROM copilot_app;
GRANT SELECT, INSERT ON documents, document_chunks TO copilot_app;
-- Retiring is the only change: no text, role or embedding is ever rewritten.
GRANT UPDATE (retired_at, retired_by) ON documents TO copilot_app;
GRANT UPDATE (retired) ON document_chunks TO copilot_app;

-- migrate:down
DROP TABLE IF EXISTS document_chunks, documents;
