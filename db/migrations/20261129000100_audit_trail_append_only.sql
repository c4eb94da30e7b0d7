-- migrate:up
-- The audit trail is append-only for the app: the services insert audit rows and may never erase
-- or rewrite what a request did. The one exception is the outcome of a request on
-- query_audit_logs: the gateway has the final word on a request the copilot already audited (a
-- reply the gateway refused or could not deliver), so it may update exactly those columns.
-- Pruning old audit rows is an operator's job, as the database owner.
REVOKE UPDATE, DELETE, TRUNCATE ON query_audit_logs, query_audit_events FROM copilot_app;
GRANT UPDATE (status, error_stage, error_code, error_message, source, http_status)
  ON query_audit_logs TO copilot_app;

-- migrate:down
REVOKE UPDATE (status, error_stage, error_code, error_message, source, http_status)
  ON query_audit_logs FROM copilot_app;
GRANT UPDATE, DELETE ON query_audit_logs, query_audit_events TO copilot_app;
