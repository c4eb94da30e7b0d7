-- The five seed users of DESIGN.md, in organisation 1 (the demo company), and the admin of a
-- second organisation (northwind) for the isolation tests. Passwords are demo passwords, stored
-- only as libsodium argon2id strings (crypto_pwhash_str, INTERACTIVE limits). Idempotent: an
-- existing user keeps its row; its store access is reset to the seed's. Run as the tables' owner,
-- so every row names its org_id (the column's default is the transaction's app.org_id).
INSERT INTO app_users (org_id, username, password_hash, role, is_all_stores, display_name) VALUES
  (1, 'admin_user',     '$argon2id$v=19$m=65536,t=2,p=1$DHJH1yuFf6L0IDbeVvJ3Fg$i3u/LJf8kgAsWCUel3XQl2zCphgZl0BsGia9TeNorNk', 'admin',         true,  'Ada Admin'),
  (1, 'manager_store1', '$argon2id$v=19$m=65536,t=2,p=1$4+uEkTW1fwRsPudBQT+I5Q$aJQAvi226kKIYVnilIZ6K1ISk+LpXG+oqNLUdY/RTDs', 'store_manager', false, 'Mike Manager (store 1)'),
  (1, 'manager_multi',  '$argon2id$v=19$m=65536,t=2,p=1$rlxVRj2RwLidyoNRNPIRDQ$t8fUKvi9Opv96iCByHdX550dei5kCONRoWcWvnPfFzY', 'store_manager', false, 'Morgan Manager (stores 1, 2)'),
  (1, 'marketing_user', '$argon2id$v=19$m=65536,t=2,p=1$vZYnFd2CfoGv8A+gorykIQ$62Hz7OuOaj67fIT6IKjLKzg08O//6brlrIoMVV92bDY', 'marketing',     false, 'Mia Marketing'),
  (1, 'finance_user',   '$argon2id$v=19$m=65536,t=2,p=1$o9wZA68LY7iJGHMkfAjy2A$dCH49wmHlMCcOUCp39BeI1H7AxOkZ6KqYVobt/m3Kpk', 'finance',       false, 'Finn Finance')
ON CONFLICT (username) DO NOTHING;

DELETE FROM app_user_store_access
WHERE user_id IN (SELECT user_id FROM app_users
                  WHERE username IN ('admin_user', 'manager_store1', 'manager_multi',
                                     'marketing_user', 'finance_user'));

INSERT INTO app_user_store_access (org_id, user_id, store_id)
SELECT u.org_id, u.user_id, s.store_id
FROM app_users u
JOIN (VALUES ('admin_user', 1), ('admin_user', 2),
             ('manager_store1', 1),
             ('manager_multi', 1), ('manager_multi', 2),
             ('marketing_user', 1), ('marketing_user', 2),
             ('finance_user', 1)) AS s (username, store_id) ON s.username = u.username
ON CONFLICT DO NOTHING;

-- Organisation 2: a second company on the same product, with one admin (admin_org2/admin2123).
-- Its own risk thresholds start as copies of organisation 1's; its policy's first version is
-- seeded from copilot/policy/rules.json by the copilot at start, as for every organisation.
INSERT INTO orgs (org_id, slug, name) VALUES (2, 'northwind', 'Northwind Video')
ON CONFLICT (org_id) DO NOTHING;

INSERT INTO app_users (org_id, username, password_hash, role, is_all_stores, display_name) VALUES
  (2, 'admin_org2', '$argon2id$v=19$m=65536,t=2,p=1$NMQmbQWbxeeEJtsb1x9QNQ$Qva3BJ6jzq6JlCzDL5WyVl2tkJJ5OITGAReikJMuEAE', 'admin', true, 'Nora Northwind (admin)')
ON CONFLICT (username) DO NOTHING;

DELETE FROM app_user_store_access
WHERE user_id IN (SELECT user_id FROM app_users WHERE username = 'admin_org2');
INSERT INTO app_user_store_access (org_id, user_id, store_id)
SELECT u.org_id, u.user_id, s.store_id
FROM app_users u, (VALUES (1), (2)) AS s (store_id)
WHERE u.username = 'admin_org2'
ON CONFLICT DO NOTHING;

INSERT INTO risk_thresholds (org_id, threshold_set, role, medium_at, high_at, block_at)
SELECT 2, threshold_set, role, medium_at, high_at, block_at FROM risk_thresholds WHERE org_id = 1
ON CONFLICT (org_id, threshold_set, role) DO NOTHING;
