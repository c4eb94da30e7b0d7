-- migrate:up
-- Nobody approves their own request, and no request is decided without a decider: enforced by
-- the database, not only by the gateway (issue 14). NOT VALID then VALIDATE: rows written before
-- this migration (none decided by their requester) are checked without a long lock.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'approval_not_own') THEN
    ALTER TABLE approval_requests ADD CONSTRAINT approval_not_own
      CHECK (decided_by IS NULL OR decided_by <> user_id) NOT VALID;
    ALTER TABLE approval_requests VALIDATE CONSTRAINT approval_not_own;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'approval_decided_by_someone') THEN
    ALTER TABLE approval_requests ADD CONSTRAINT approval_decided_by_someone
      CHECK (status = 'pending' OR (decided_by IS NOT NULL AND decided_at IS NOT NULL)) NOT VALID;
    ALTER TABLE approval_requests VALIDATE CONSTRAINT approval_decided_by_someone;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'approval_runs_only_approved') THEN
    ALTER TABLE approval_requests ADD CONSTRAINT approval_runs_only_approved
      CHECK (executed_at IS NULL OR status = 'approved') NOT VALID;
    ALTER TABLE approval_requests VALIDATE CONSTRAINT approval_runs_only_approved;
  END IF;
END
$$;

-- migrate:down
ALTER TABLE approval_requests DROP CONSTRAINT IF EXISTS approval_runs_only_approved;
ALTER TABLE approval_requests DROP CONSTRAINT IF EXISTS approval_decided_by_someone;
ALTER TABLE approval_requests DROP CONSTRAINT IF EXISTS approval_not_own;
