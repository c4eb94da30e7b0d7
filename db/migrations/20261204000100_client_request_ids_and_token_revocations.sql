-- migrate:up
-- Request ids are the gateway's own: what a client sends as X-Request-Id is only recorded here,
-- never used as a request's key, so no client can merge or rewrite another request's audit row.
ALTER TABLE query_audit_logs ADD COLUMN IF NOT EXISTS client_request_id text;
CREATE INDEX IF NOT EXISTS query_audit_logs_client_request_idx
  ON query_audit_logs (client_request_id) WHERE client_request_id IS NOT NULL;

-- Tokens signed out before they expire (POST /api/auth/logout), by their `jti`; the gateway
-- refuses them on every request and forgets them once they have expired anyway.
CREATE TABLE IF NOT EXISTS revoked_tokens (
  jti         text PRIMARY KEY CHECK (length(jti) BETWEEN 1 AND 128),
  user_id     bigint,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS revoked_tokens_expires_idx ON revoked_tokens (expires_at);
GRANT SELECT, INSERT, DELETE ON revoked_tokens TO copilot_app;

-- migrate:down
DROP TABLE IF EXISTS revoked_tokens;
DROP INDEX IF EXISTS query_audit_logs_client_request_idx;
ALTER TABLE query_audit_logs DROP COLUMN IF EXISTS client_request_id;
