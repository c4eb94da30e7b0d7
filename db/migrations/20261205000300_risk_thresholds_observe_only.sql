-- migrate:up
-- A threshold set that scores every statement but never holds or refuses one (no score reaches
-- 101): for tests of the layers behind the risk stage (result cap, cancellation, statement
-- timeout), which must hold on their own.
INSERT INTO risk_thresholds (threshold_set, role, medium_at, high_at, block_at) VALUES
  ('observe_only', 'admin', 101, 101, 101),
  ('observe_only', 'store_manager', 101, 101, 101),
  ('observe_only', 'marketing', 101, 101, 101),
  ('observe_only', 'finance', 101, 101, 101)
ON CONFLICT (threshold_set, role) DO NOTHING;

-- migrate:down
DELETE FROM risk_thresholds WHERE threshold_set = 'observe_only';
