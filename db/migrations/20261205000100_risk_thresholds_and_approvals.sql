-- migrate:up
-- Risk thresholds per role, as data (issue 14). The copilot scores every statement 0-100 after
-- the guardrail and before execution; a score at or above `block_at` is refused, at or above
-- `high_at` waits for a person's approval, at or above `medium_at` runs with a visible note.
-- `threshold_set` names a set of rows (the copilot reads RISK_THRESHOLD_SET, default 'default'),
-- so a drill or a test stack can use stricter thresholds without touching everyone else's; it is
-- where organisations will hang their own thresholds.
CREATE TABLE IF NOT EXISTS risk_thresholds (
  threshold_set text NOT NULL DEFAULT 'default',
  role          text NOT NULL CHECK (role IN ('admin', 'store_manager', 'marketing', 'finance')),
  medium_at     integer NOT NULL,
  high_at       integer NOT NULL,
  block_at      integer NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (threshold_set, role),
  CHECK (0 <= medium_at AND medium_at <= high_at AND high_at <= block_at AND block_at <= 101)
);

-- Defaults: the same for every role. A statement PostgreSQL estimates at a few million rows or
-- more, or one that builds megabyte strings, is high; one that can never succeed is block.
INSERT INTO risk_thresholds (threshold_set, role, medium_at, high_at, block_at) VALUES
  ('default', 'admin', 30, 60, 90),
  ('default', 'store_manager', 30, 60, 90),
  ('default', 'marketing', 30, 60, 90),
  ('default', 'finance', 30, 60, 90),
  -- Every statement needs approval (finance's are refused): for approval drills and the HTTP
  -- tests of the queue, which must not depend on which SQL the planner writes.
  ('approval_drill', 'admin', 0, 0, 101),
  ('approval_drill', 'store_manager', 0, 0, 101),
  ('approval_drill', 'marketing', 0, 0, 101),
  ('approval_drill', 'finance', 0, 0, 0)
ON CONFLICT (threshold_set, role) DO NOTHING;

GRANT SELECT ON risk_thresholds TO copilot_app;

-- The approval queue: what the copilot holds back (the requester's role, scope and the exact
-- statement it would run) so that an approval runs that statement for the requester, never for
-- the approver. `reason` is the approver's reason; `executed_at` is set once, when it runs.
ALTER TABLE approval_requests
  ADD COLUMN IF NOT EXISTS conversation_id uuid,
  ADD COLUMN IF NOT EXISTS username text,
  ADD COLUMN IF NOT EXISTS role text,
  ADD COLUMN IF NOT EXISTS store_ids integer[],
  ADD COLUMN IF NOT EXISTS path text,
  ADD COLUMN IF NOT EXISTS semantic_query jsonb,
  ADD COLUMN IF NOT EXISTS fingerprint text,
  ADD COLUMN IF NOT EXISTS risk jsonb,
  ADD COLUMN IF NOT EXISTS expires_at timestamptz,
  ADD COLUMN IF NOT EXISTS executed_at timestamptz,
  ADD COLUMN IF NOT EXISTS executed_request_id text;
CREATE INDEX IF NOT EXISTS approval_requests_status_idx
  ON approval_requests (status, created_at DESC);

-- migrate:down
DROP INDEX IF EXISTS approval_requests_status_idx;
ALTER TABLE approval_requests
  DROP COLUMN IF EXISTS conversation_id, DROP COLUMN IF EXISTS username,
  DROP COLUMN IF EXISTS role, DROP COLUMN IF EXISTS store_ids, DROP COLUMN IF EXISTS path,
  DROP COLUMN IF EXISTS semantic_query, DROP COLUMN IF EXISTS fingerprint,
  DROP COLUMN IF EXISTS risk, DROP COLUMN IF EXISTS expires_at,
  DROP COLUMN IF EXISTS executed_at, DROP COLUMN IF EXISTS executed_request_id;
DROP TABLE IF EXISTS risk_thresholds;
