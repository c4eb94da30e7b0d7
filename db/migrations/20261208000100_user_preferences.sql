-- migrate:up
-- User memory (issue 15, part 1): the preferences a user sets (PUT /api/me/preferences) or
-- states in a question ("show money without cents"). One row per user and kind of preference;
-- the kinds are a closed list the services validate (common/prefs/preferences.hpp) and the table
-- repeats, so nothing else can be stored even by a service with a bug.
--
-- Isolation is the database's: row-level security shows a transaction the rows of exactly one
-- user of one organisation — the organisation named by app.org_id (20261206000100) and the user
-- named by the transaction-local setting app.user_id, both set by the services' one helper
-- (common/db/org_transaction.hpp, UserTransaction):
--
--   SET LOCAL app.org_id = '<org>'; SET LOCAL app.user_id = '<user>'
--
-- Without either setting nothing is visible and every write is refused. A preference can only
-- narrow what its user sees (default stores are checked against the user's stores before they
-- are written, and again when they are applied): it never grants anything.
CREATE OR REPLACE FUNCTION app_user_id() RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT NULLIF(current_setting('app.user_id', true), '')::bigint $$;

CREATE TABLE IF NOT EXISTS user_preferences (
  org_id      bigint NOT NULL DEFAULT app_org_id() REFERENCES orgs (org_id),
  user_id     bigint NOT NULL DEFAULT app_user_id(),
  pref_key    text NOT NULL
              CHECK (pref_key IN ('default_stores', 'money_without_cents', 'week_start')),
  value       jsonb NOT NULL,
  source      text NOT NULL CHECK (source IN ('api', 'question')),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, user_id, pref_key),
  FOREIGN KEY (user_id, org_id) REFERENCES app_users (user_id, org_id) ON DELETE CASCADE,
  CHECK (pref_key <> 'default_stores' OR jsonb_typeof(value) = 'array'),
  CHECK (pref_key <> 'money_without_cents' OR jsonb_typeof(value) = 'boolean'),
  CHECK (pref_key <> 'week_start' OR value IN ('"monday"'::jsonb, '"sunday"'::jsonb))
);

ALTER TABLE user_preferences ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own_preferences ON user_preferences;
CREATE POLICY own_preferences ON user_preferences AS PERMISSIVE FOR ALL TO PUBLIC
  USING (org_id = app_org_id() AND user_id = app_user_id())
  WITH CHECK (org_id = app_org_id() AND user_id = app_user_id());

REVOKE ALL ON user_preferences FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON user_preferences TO copilot_app;

-- migrate:down
DROP TABLE IF EXISTS user_preferences;
DROP FUNCTION IF EXISTS app_user_id();
