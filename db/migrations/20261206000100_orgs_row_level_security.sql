-- migrate:up
-- Organisations (issue 14, part 5). A user belongs to exactly one organisation, and everything
-- the app keeps about an organisation's people and their work — conversations and their turns,
-- the audit trail, feedback, approval requests, policy versions, risk thresholds — carries its
-- org_id. Isolation is the database's, not only the services': row-level security on every such
-- table lets a role that does not own it (copilot_app) see and write the rows of exactly one
-- organisation, the one named by the transaction-local setting app.org_id, which the services'
-- one helper (common/db/org_transaction.hpp) sets at the start of every transaction:
--
--   SET LOCAL app.org_id = '<org>'
--
-- (SET LOCAL, not set_config(): set_config stays revoked from PUBLIC, 20261125000100; the value
-- is an integer the helper formats itself, never text from a request.)
-- Without the setting (or with an empty one) app_org_id() is NULL, `org_id = NULL` is never true:
-- nothing is visible, and every insert is refused (the org_id default is NULL too, so NOT NULL
-- refuses it before the policy would). A setting that is not a number is an error. Never all.
--
-- Not per organisation, on purpose:
--   * orgs itself (an organisation's id, slug and name are no secret; background work lists the
--     organisations to set each one in turn). copilot_app may read it, not change it.
--   * rag_documents: the product's own knowledge of the shared schema, the same for everyone.
--   * request_id_claims: request ids are global keys (minted by the gateway); the ledger keeps
--     only ids, and two organisations must never share one.
--   * revoked_tokens: a signed-out token's random jti and expiry, checked for a token whose
--     signature already verified; it says nothing about an organisation's data.
-- The table owner (the migration role) and superusers bypass these policies: operators prune and
-- migrate; the services never connect as either.
CREATE TABLE IF NOT EXISTS orgs (
  org_id      bigint PRIMARY KEY CHECK (org_id > 0),
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO orgs (org_id, slug, name) VALUES (1, 'pagila', 'Pagila DVD Rental')
ON CONFLICT (org_id) DO NOTHING;
REVOKE ALL ON orgs FROM PUBLIC;
GRANT SELECT ON orgs TO copilot_app;

-- The organisation of the current transaction: NULL when none is set. STABLE, so a statement
-- reads it once per row at most and the planner may fold it into an index condition.
CREATE OR REPLACE FUNCTION app_org_id() RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT NULLIF(current_setting('app.org_id', true), '')::bigint $$;

-- org_id on every per-organisation table: existing rows are the demo company's (org 1); new
-- rows default to the transaction's organisation, so the services' INSERTs need not name it,
-- and the policies below refuse any other value.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['app_users', 'app_user_store_access', 'conversations',
                           'conversation_turns', 'query_audit_logs', 'query_audit_events',
                           'feedback', 'approval_requests', 'policy_versions',
                           'risk_thresholds'] LOOP
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = 'public' AND table_name = t AND column_name = 'org_id') THEN
      -- A constant default fills existing rows without evaluating app_org_id() per row.
      EXECUTE format('ALTER TABLE %I ADD COLUMN org_id bigint NOT NULL DEFAULT 1 '
                     'REFERENCES orgs (org_id)', t);
    END IF;
    EXECUTE format('ALTER TABLE %I ALTER COLUMN org_id SET DEFAULT app_org_id()', t);
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I (org_id)', t || '_org_idx', t);
  END LOOP;
END
$$;

-- Children follow their parent's organisation: a composite foreign key on (id, org_id) makes a
-- turn of another organisation's conversation, a store grant or an approval decided by a user of
-- another organisation impossible, whatever the row's own org_id says. (A policy with EXISTS on
-- the parent cannot do this for turns: the copilot inserts a conversation and its first turn in
-- one statement, and a statement's subqueries do not see its own CTE's rows; the foreign key is
-- checked after the statement and does.)
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'app_users_id_org_key') THEN
    ALTER TABLE app_users ADD CONSTRAINT app_users_id_org_key UNIQUE (user_id, org_id);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'conversations_id_org_key') THEN
    ALTER TABLE conversations ADD CONSTRAINT conversations_id_org_key
      UNIQUE (conversation_id, org_id);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'app_user_store_access_user_org_fk') THEN
    ALTER TABLE app_user_store_access ADD CONSTRAINT app_user_store_access_user_org_fk
      FOREIGN KEY (user_id, org_id) REFERENCES app_users (user_id, org_id) ON DELETE CASCADE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'conversations_user_org_fk') THEN
    ALTER TABLE conversations ADD CONSTRAINT conversations_user_org_fk
      FOREIGN KEY (user_id, org_id) REFERENCES app_users (user_id, org_id) ON DELETE CASCADE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'conversation_turns_conv_org_fk') THEN
    ALTER TABLE conversation_turns ADD CONSTRAINT conversation_turns_conv_org_fk
      FOREIGN KEY (conversation_id, org_id) REFERENCES conversations (conversation_id, org_id)
      ON DELETE CASCADE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'feedback_user_org_fk') THEN
    ALTER TABLE feedback ADD CONSTRAINT feedback_user_org_fk
      FOREIGN KEY (user_id, org_id) REFERENCES app_users (user_id, org_id) ON DELETE CASCADE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'approval_requests_user_org_fk') THEN
    ALTER TABLE approval_requests ADD CONSTRAINT approval_requests_user_org_fk
      FOREIGN KEY (user_id, org_id) REFERENCES app_users (user_id, org_id) ON DELETE CASCADE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'approval_requests_decider_org_fk') THEN
    ALTER TABLE approval_requests ADD CONSTRAINT approval_requests_decider_org_fk
      FOREIGN KEY (decided_by, org_id) REFERENCES app_users (user_id, org_id);
  END IF;
END
$$;

-- Each organisation has its own policy history (versions count from 1 in each) and its own
-- threshold sets.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'policy_versions_pkey'
             AND array_length(conkey, 1) = 1) THEN
    ALTER TABLE policy_versions DROP CONSTRAINT policy_versions_pkey;
    ALTER TABLE policy_versions ADD CONSTRAINT policy_versions_pkey PRIMARY KEY (org_id, version);
  END IF;
  IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'risk_thresholds_pkey'
             AND array_length(conkey, 1) = 2) THEN
    ALTER TABLE risk_thresholds DROP CONSTRAINT risk_thresholds_pkey;
    ALTER TABLE risk_thresholds ADD CONSTRAINT risk_thresholds_pkey
      PRIMARY KEY (org_id, threshold_set, role);
  END IF;
END
$$;

-- The policies: one per table, for every command and every role that is subject to RLS.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['app_users', 'app_user_store_access', 'conversations',
                           'conversation_turns', 'query_audit_logs', 'query_audit_events',
                           'feedback', 'approval_requests', 'policy_versions',
                           'risk_thresholds'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('DROP POLICY IF EXISTS org_isolation ON %I', t);
    EXECUTE format('CREATE POLICY org_isolation ON %I AS PERMISSIVE FOR ALL TO PUBLIC '
                   'USING (org_id = app_org_id()) WITH CHECK (org_id = app_org_id())', t);
  END LOOP;
END
$$;

-- Logging in: the one read of app_users before the organisation is known. A SECURITY DEFINER
-- function (it runs as the table's owner, so RLS does not apply inside) that answers exactly one
-- question — the account with this exact username — with exactly what a login needs, including
-- its org_id so that the gateway can scope everything after it. Chosen over a policy that opens
-- rows by a `app.login_username` setting: such a policy would make every column of any user
-- readable to whoever sets that setting, in any statement (joins, scans with LIKE); the function
-- cannot be widened by the caller — no scan, no other columns, no other table. Usernames stay
-- unique across organisations, so a login needs no organisation to be typed.
CREATE OR REPLACE FUNCTION app_login_lookup(p_username text)
RETURNS TABLE (user_id bigint, org_id bigint, username text, password_hash text, role text,
               is_all_stores boolean, disabled boolean, store_ids integer[])
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS
$$
  SELECT u.user_id, u.org_id, u.username, u.password_hash, u.role, u.is_all_stores, u.disabled,
         (SELECT coalesce(array_agg(a.store_id ORDER BY a.store_id), '{}')
          FROM app_user_store_access a WHERE a.user_id = u.user_id)
  FROM app_users u WHERE u.username = p_username
$$;
REVOKE ALL ON FUNCTION app_login_lookup(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_login_lookup(text) TO copilot_app;

-- The request-id ledger's "already audited?" check spans every organisation (ids are global),
-- but may reveal no more than that one bit about an id the caller already holds.
CREATE OR REPLACE FUNCTION request_id_audited(p_request_id text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS
$$ SELECT EXISTS (SELECT 1 FROM query_audit_logs WHERE request_id = p_request_id) $$;
REVOKE ALL ON FUNCTION request_id_audited(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION request_id_audited(text) TO copilot_app;

-- Risk thresholds become the organisations' to change later; the app reads them.
GRANT SELECT ON risk_thresholds TO copilot_app;

-- migrate:down
-- Without organisations two tenants' rows can no longer be told apart, so they are never merged
-- into one company's history: the rows of every organisation but the first are deleted (children
-- first), and the rollback stops, changing nothing, while the append-only audit trail holds a
-- row of another organisation (a trail is not rewritten to make a rollback possible; export it
-- and clear it deliberately first). Then the policies, keys, columns and the table go.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM query_audit_logs WHERE org_id <> 1)
     OR EXISTS (SELECT 1 FROM query_audit_events WHERE org_id <> 1) THEN
    RAISE EXCEPTION 'cannot roll back organisations: the audit trail holds rows of organisations other than 1';
  END IF;
END
$$;
DROP FUNCTION IF EXISTS request_id_audited(text);
DROP FUNCTION IF EXISTS app_login_lookup(text);
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['app_users', 'app_user_store_access', 'conversations',
                           'conversation_turns', 'query_audit_logs', 'query_audit_events',
                           'feedback', 'approval_requests', 'policy_versions',
                           'risk_thresholds'] LOOP
    EXECUTE format('DROP POLICY IF EXISTS org_isolation ON %I', t);
    EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', t);
  END LOOP;
END
$$;
DELETE FROM feedback WHERE org_id <> 1;
DELETE FROM approval_requests WHERE org_id <> 1;
DELETE FROM conversation_turns WHERE org_id <> 1;
DELETE FROM conversations WHERE org_id <> 1;
DELETE FROM app_user_store_access WHERE org_id <> 1;
DELETE FROM policy_versions WHERE org_id <> 1;
DELETE FROM risk_thresholds WHERE org_id <> 1;
DELETE FROM app_users WHERE org_id <> 1;
ALTER TABLE approval_requests DROP CONSTRAINT IF EXISTS approval_requests_decider_org_fk;
ALTER TABLE approval_requests DROP CONSTRAINT IF EXISTS approval_requests_user_org_fk;
ALTER TABLE feedback DROP CONSTRAINT IF EXISTS feedback_user_org_fk;
ALTER TABLE conversation_turns DROP CONSTRAINT IF EXISTS conversation_turns_conv_org_fk;
ALTER TABLE conversations DROP CONSTRAINT IF EXISTS conversations_user_org_fk;
ALTER TABLE app_user_store_access DROP CONSTRAINT IF EXISTS app_user_store_access_user_org_fk;
ALTER TABLE conversations DROP CONSTRAINT IF EXISTS conversations_id_org_key;
ALTER TABLE app_users DROP CONSTRAINT IF EXISTS app_users_id_org_key;
ALTER TABLE policy_versions DROP CONSTRAINT policy_versions_pkey;
ALTER TABLE policy_versions ADD CONSTRAINT policy_versions_pkey PRIMARY KEY (version);
ALTER TABLE risk_thresholds DROP CONSTRAINT risk_thresholds_pkey;
ALTER TABLE risk_thresholds ADD CONSTRAINT risk_thresholds_pkey PRIMARY KEY (threshold_set, role);
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['app_users', 'app_user_store_access', 'conversations',
                           'conversation_turns', 'query_audit_logs', 'query_audit_events',
                           'feedback', 'approval_requests', 'policy_versions',
                           'risk_thresholds'] LOOP
    EXECUTE format('ALTER TABLE %I DROP COLUMN IF EXISTS org_id', t);
  END LOOP;
END
$$;
DROP FUNCTION IF EXISTS app_org_id();
DROP TABLE IF EXISTS orgs;
