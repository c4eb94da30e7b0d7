-- Claim mappings for the test provider's accounts (e2e/oidc/provider.mjs), organisation 1.
-- Idempotent; run as the tables' owner by scripts/test before the stack starts.
INSERT INTO oidc_claim_mappings (org_id, claim, value, role, is_all_stores, store_ids, priority)
VALUES
  (1, 'groups', 'copilot-admins', 'admin', true, '{1,2}', 10),
  (1, 'groups', 'store1-managers', 'store_manager', false, '{1}', 20),
  (1, 'email_domain', 'finance.example', 'finance', false, '{1}', 30),
  (1, 'department', 'marketing', 'marketing', false, '{1,2}', 40)
ON CONFLICT (claim, value) DO UPDATE
  SET org_id = EXCLUDED.org_id, role = EXCLUDED.role, is_all_stores = EXCLUDED.is_all_stores,
      store_ids = EXCLUDED.store_ids, priority = EXCLUDED.priority;
-- A previous run's disabled user signs in again as the test expects.
UPDATE app_users SET disabled = false WHERE oidc_subject IS NOT NULL;
