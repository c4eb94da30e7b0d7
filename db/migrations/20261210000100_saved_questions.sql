-- migrate:up
-- Saved questions (issue 16, part 2): a user pins a question (typed, or taken from one of their
-- answers) to a personal board and re-runs it on demand. A saved item stores the question's
-- text only — never rows, SQL, a role or stores: each run asks the question again as the viewer,
-- under the viewer's role and scope at that moment (POST /api/saved/{id}/run), so a board never
-- shows more than its owner may see now. The last run's time, status and request id are kept so
-- the board can say when it was last fresh and link to the audit trail.
--
-- Isolation is the database's, as for user_preferences (20261208000100): row-level security shows
-- a transaction the rows of exactly one user of one organisation (app.org_id and app.user_id,
-- set by common/db/org_transaction.hpp's UserTransaction); without both nothing is visible and
-- every write is refused.
CREATE TABLE IF NOT EXISTS saved_questions (
  saved_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id            bigint NOT NULL DEFAULT app_org_id() REFERENCES orgs (org_id),
  user_id           bigint NOT NULL DEFAULT app_user_id(),
  title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  question          text NOT NULL CHECK (length(question) BETWEEN 1 AND 2000),
  source_request_id text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  last_run_at       timestamptz,
  last_status       text CHECK (last_status IN ('ok', 'needs_clarification', 'pending_approval',
                                                'refused', 'failed')),
  last_request_id   text,
  FOREIGN KEY (user_id, org_id) REFERENCES app_users (user_id, org_id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS saved_questions_owner ON saved_questions (org_id, user_id, saved_id);

ALTER TABLE saved_questions ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own_saved_questions ON saved_questions;
CREATE POLICY own_saved_questions ON saved_questions AS PERMISSIVE FOR ALL TO PUBLIC
  USING (org_id = app_org_id() AND user_id = app_user_id())
  WITH CHECK (org_id = app_org_id() AND user_id = app_user_id());

REVOKE ALL ON saved_questions FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON saved_questions TO copilot_app;

-- migrate:down
DROP TABLE IF EXISTS saved_questions;
