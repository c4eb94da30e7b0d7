-- The five seed users of DESIGN.md. Passwords are demo passwords, stored only as libsodium
-- argon2id strings (crypto_pwhash_str, INTERACTIVE limits). Idempotent: an existing user keeps
-- its row; its store access is reset to the seed's.
INSERT INTO app_users (username, password_hash, role, is_all_stores, display_name) VALUES
  ('admin_user',     '$argon2id$v=19$m=65536,t=2,p=1$DHJH1yuFf6L0IDbeVvJ3Fg$i3u/LJf8kgAsWCUel3XQl2zCphgZl0BsGia9TeNorNk', 'admin',         true,  'Ada Admin'),
  ('manager_store1', '$argon2id$v=19$m=65536,t=2,p=1$4+uEkTW1fwRsPudBQT+I5Q$aJQAvi226kKIYVnilIZ6K1ISk+LpXG+oqNLUdY/RTDs', 'store_manager', false, 'Mike Manager (store 1)'),
  ('manager_multi',  '$argon2id$v=19$m=65536,t=2,p=1$rlxVRj2RwLidyoNRNPIRDQ$t8fUKvi9Opv96iCByHdX550dei5kCONRoWcWvnPfFzY', 'store_manager', false, 'Morgan Manager (stores 1, 2)'),
  ('marketing_user', '$argon2id$v=19$m=65536,t=2,p=1$vZYnFd2CfoGv8A+gorykIQ$62Hz7OuOaj67fIT6IKjLKzg08O//6brlrIoMVV92bDY', 'marketing',     false, 'Mia Marketing'),
  ('finance_user',   '$argon2id$v=19$m=65536,t=2,p=1$o9wZA68LY7iJGHMkfAjy2A$dCH49wmHlMCcOUCp39BeI1H7AxOkZ6KqYVobt/m3Kpk', 'finance',       false, 'Finn Finance')
ON CONFLICT (username) DO NOTHING;

DELETE FROM app_user_store_access
WHERE user_id IN (SELECT user_id FROM app_users
                  WHERE username IN ('admin_user', 'manager_store1', 'manager_multi',
                                     'marketing_user', 'finance_user'));

INSERT INTO app_user_store_access (user_id, store_id)
SELECT u.user_id, s.store_id
FROM app_users u
JOIN (VALUES ('admin_user', 1), ('admin_user', 2),
             ('manager_store1', 1),
             ('manager_multi', 1), ('manager_multi', 2),
             ('marketing_user', 1), ('marketing_user', 2),
             ('finance_user', 1)) AS s (username, store_id) ON s.username = u.username
ON CONFLICT DO NOTHING;
