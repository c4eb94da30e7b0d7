-- migrate:up
-- Roles are cluster-wide, so creation is guarded: the migration also runs on a cluster where an
-- earlier database of this project created them. Passwords are set by scripts/setup, never here.
DO $$
DECLARE
  r text;
BEGIN
  -- The app's own writes: users, audit, conversations, RAG documents. No analytics data.
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'copilot_app') THEN
    CREATE ROLE copilot_app LOGIN;
  END IF;
  -- Answers questions; holds no privileges itself (NOINHERIT) and may only SET ROLE to a reader.
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'copilot_analytics') THEN
    CREATE ROLE copilot_analytics LOGIN NOINHERIT;
  END IF;
  FOREACH r IN ARRAY ARRAY['reader_admin', 'reader_store_manager', 'reader_marketing',
                           'reader_finance'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN NOINHERIT', r);
    END IF;
    EXECUTE format('GRANT %I TO copilot_analytics', r);
  END LOOP;
END
$$;
ALTER ROLE copilot_analytics NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
ALTER ROLE copilot_app NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
ALTER ROLE copilot_app SET search_path = public, extensions;
ALTER ROLE copilot_analytics SET search_path = public;

-- migrate:down
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['reader_admin', 'reader_store_manager', 'reader_marketing',
                           'reader_finance'] LOOP
    EXECUTE format('REVOKE %I FROM copilot_analytics', r);
  END LOOP;
END
$$;
