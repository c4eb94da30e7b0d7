-- migrate:up
-- The policy's rules as data, versioned (issue 14): every save is a new row, the policy in force
-- is the row with the highest version, and nothing is ever rewritten — an earlier version stays
-- as it was, for the audit and for going back (saving an old document again is a new version).
-- `rules` is the document copilot/policy/rules.json has (common/policy/rules.hpp says what a
-- valid one is; the gateway refuses anything else before it gets here).
--
-- Who writes: the gateway (PUT /api/policies, source 'api', created_by = the admin) with
-- version = the version the admin edited + 1, so two admins saving at once cannot both win (the
-- second hits the primary key: 409); the copilot at start (source 'file', created_by NULL) when
-- the table is empty, seeding it from rules.json — a migration cannot read files, and the
-- copilot is the one place that already reads and compiles that file (see
-- copilot/policy/pg_policy_store.hpp for why it seeds, not scripts/setup).
--
-- created_by is not a foreign key on purpose: the history outlives accounts (a user deleted
-- later must not take the record of who changed the policy with them), so the username is kept
-- beside the id.
CREATE TABLE IF NOT EXISTS policy_versions (
  version              bigint PRIMARY KEY CHECK (version > 0),
  rules                jsonb NOT NULL CHECK (jsonb_typeof(rules) = 'object'),
  source               text NOT NULL CHECK (source IN ('file', 'api')),
  created_by           bigint,
  created_by_username  text,
  comment              text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
  created_at           timestamptz NOT NULL DEFAULT now(),
  CHECK ((source = 'api') = (created_by IS NOT NULL AND created_by_username IS NOT NULL))
);

-- Append-only for the app, like the audit trail (20261129000100): it reads and inserts versions,
-- and can neither rewrite nor erase one. No other role sees the table (readers answer questions;
-- the rules are not data for them).
REVOKE ALL ON policy_versions FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON policy_versions FROM copilot_app;
GRANT SELECT, INSERT ON policy_versions TO copilot_app;

-- migrate:down
DROP TABLE IF EXISTS policy_versions;
