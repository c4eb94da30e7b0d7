-- migrate:up
-- A request id belongs to one request. The copilot claims each id it is given before it runs the
-- request, in one atomic INSERT, so that two requests with one id (a replay, a client's own id
-- passed on, two copilot instances) can never share — or rewrite — an audit row: the second is
-- refused (409 duplicate_request_id). An id already in query_audit_logs counts as claimed too.
-- Append-only for the app, like the audit trail.
CREATE TABLE IF NOT EXISTS request_id_claims (
  request_id  text PRIMARY KEY,
  claimed_at  timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON request_id_claims FROM copilot_app;
GRANT SELECT, INSERT ON request_id_claims TO copilot_app;

-- migrate:down
DROP TABLE IF EXISTS request_id_claims;
