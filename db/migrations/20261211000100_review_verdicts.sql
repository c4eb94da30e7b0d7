-- migrate:up
-- The review queue (issue 16, part 3): an admin's verdict on an answer — right or wrong — with
-- the corrected SQL when there is one. The queue itself is not a table: its items are read from
-- what is already recorded (feedback, query_audit_logs, query_audit_events); this table only
-- holds what reviewers add.
--
-- Append-only, like org_memory_versions (20261208000200): a second verdict on the same request
-- is a new row; the current one is the latest (highest review_id). The corrected SQL was checked
-- by the copilot's guardrail and run as the asker (their role and stores) before it was saved;
-- correction_row_count is that run's row count, correction_role / correction_store_ids the scope
-- it ran under. Reviewed corrections feed the model path's examples and the eval's regression
-- cases (GET /api/eval/corrections).
--
-- Per organisation under row-level security (org_id = app_org_id(), 20261206000100).
CREATE TABLE IF NOT EXISTS review_verdicts (
  review_id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id                bigint NOT NULL DEFAULT app_org_id() REFERENCES orgs (org_id),
  request_id            text NOT NULL CHECK (length(request_id) BETWEEN 1 AND 128),
  verdict               text NOT NULL CHECK (verdict IN ('right', 'wrong')),
  corrected_sql         text CHECK (length(corrected_sql) BETWEEN 1 AND 20000),
  correction_row_count  integer CHECK (correction_row_count >= 0),
  correction_role       text,
  correction_store_ids  integer[],
  note                  text CHECK (length(note) <= 2000),
  reviewed_by           bigint NOT NULL,
  reviewed_by_username  text NOT NULL,
  created_at            timestamptz NOT NULL DEFAULT now(),
  CHECK ((corrected_sql IS NULL) = (correction_row_count IS NULL))
);
CREATE INDEX IF NOT EXISTS review_verdicts_request_idx
  ON review_verdicts (org_id, request_id, review_id DESC);

ALTER TABLE review_verdicts ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS org_isolation ON review_verdicts;
CREATE POLICY org_isolation ON review_verdicts AS PERMISSIVE FOR ALL TO PUBLIC
  USING (org_id = app_org_id()) WITH CHECK (org_id = app_org_id());

REVOKE ALL ON review_verdicts FROM PUBLIC;
GRANT SELECT, INSERT ON review_verdicts TO copilot_app;

-- The queue reads a request's latest rating; feedback had no index by request.
CREATE INDEX IF NOT EXISTS feedback_request_idx ON feedback (request_id, feedback_id DESC);

-- Customer PII terms for scrubbing the dataset export (issue 16, part 5), with the masking of
-- v_customer_masked (20261125000300): a name becomes its first letter and ***, an e-mail its
-- first letter, *** and its domain; a street address or a phone number (which no view shows)
-- becomes [address] / [phone]. SECURITY DEFINER so the app role never needs SELECT on customer
-- or address; only copilot_app may call it (the gateway's export, for admins only).
CREATE OR REPLACE FUNCTION customer_pii_terms()
RETURNS TABLE (term text, kind text, replacement text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$
  SELECT DISTINCT t.term, t.kind, t.replacement FROM (
    SELECT c.first_name AS term, 'first_name' AS kind, left(c.first_name, 1) || '***' AS replacement
      FROM customer c
    UNION ALL SELECT c.last_name, 'last_name', left(c.last_name, 1) || '***' FROM customer c
    UNION ALL SELECT c.email, 'email', left(c.email, 1) || '***@' || split_part(c.email, '@', 2)
      FROM customer c WHERE c.email IS NOT NULL
    UNION ALL SELECT a.address, 'address', '[address]'
      FROM customer c JOIN address a USING (address_id)
    UNION ALL SELECT a.phone, 'phone', '[phone]'
      FROM customer c JOIN address a USING (address_id)
  ) t WHERE length(t.term) >= 2
$$;
REVOKE ALL ON FUNCTION customer_pii_terms() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION customer_pii_terms() TO copilot_app;

-- migrate:down
DROP FUNCTION IF EXISTS customer_pii_terms();
DROP INDEX IF EXISTS feedback_request_idx;
DROP TABLE IF EXISTS review_verdicts;
