-- migrate:up
-- Organisation memory (issue 15, part 2): an organisation's glossary and rules in plain words
-- ("a premium film rents for 4.99", "our fiscal year starts in February", "never show staff
-- names"), managed by its admins (GET/POST/PUT/DELETE /api/org/memory).
--
-- Versioned and append-only, like policy_versions (20261205000400): every change is a new row
-- (entry_id, version); an entry's current text is its highest version, and a deletion is a
-- version with deleted = true. Nothing is rewritten or erased by the app, so the history stays
-- for the audit (which also records each change with its before and after).
--
-- Per organisation under row-level security (org_id = app_org_id(), 20261206000100): one
-- organisation never sees or writes another's memory. The copilot reads the current entries of
-- the asker's organisation, embeds them with the embedder it uses for RAG, retrieves the ones
-- near a question and cites them in the answer's explain; an entry can only inform or narrow
-- (a rule such as "never show staff names" refuses what it names), never grant access.
CREATE TABLE IF NOT EXISTS org_memory_versions (
  org_id               bigint NOT NULL DEFAULT app_org_id() REFERENCES orgs (org_id),
  entry_id             bigint NOT NULL CHECK (entry_id > 0),
  version              integer NOT NULL CHECK (version > 0),
  kind                 text NOT NULL CHECK (kind IN ('glossary', 'rule')),
  text                 text NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
  deleted              boolean NOT NULL DEFAULT false,
  created_by           bigint NOT NULL,
  created_by_username  text NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, entry_id, version)
);

ALTER TABLE org_memory_versions ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS org_isolation ON org_memory_versions;
CREATE POLICY org_isolation ON org_memory_versions AS PERMISSIVE FOR ALL TO PUBLIC
  USING (org_id = app_org_id()) WITH CHECK (org_id = app_org_id());

REVOKE ALL ON org_memory_versions FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON org_memory_versions FROM copilot_app;
GRANT SELECT, INSERT ON org_memory_versions TO copilot_app;

-- migrate:down
DROP TABLE IF EXISTS org_memory_versions;
