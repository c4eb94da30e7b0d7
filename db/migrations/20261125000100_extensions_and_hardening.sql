-- migrate:up
-- pgvector lives in its own schema so that revoking PUBLIC's rights on Pagila's schema does not
-- take the vector type and operators away from the app role.
CREATE SCHEMA IF NOT EXISTS extensions;
CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA extensions;

-- Pagila's dump ends with "GRANT ALL ON SCHEMA public TO PUBLIC": anyone could create objects
-- there. Only the roles below get USAGE, and nobody but the owner may CREATE.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;
-- Pagila's functions (rewards_report, get_customer_balance, ...) read base tables as their
-- owner or expose customer rows: nobody but the owner may call them.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;

-- Functions any role could otherwise call that widen scope, stall a backend or leave the
-- database. The readers' layer must hold even if the guardrail is bypassed.
REVOKE EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_sleep(double precision) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_sleep_for(interval) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_sleep_until(timestamp with time zone) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_terminate_backend(integer, bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_cancel_backend(integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.query_to_xml(text, boolean, boolean, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.query_to_xmlschema(text, boolean, boolean, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.query_to_xml_and_xmlschema(text, boolean, boolean, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_advisory_lock(bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_notify(text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_import(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_export(oid, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_ls_dir(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_stat_file(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_reload_conf() FROM PUBLIC;

-- migrate:down
GRANT EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) TO PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_sleep(double precision) TO PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_sleep_for(interval) TO PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_sleep_until(timestamp with time zone) TO PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_terminate_backend(integer, bigint) TO PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_cancel_backend(integer) TO PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.query_to_xml(text, boolean, boolean, text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.query_to_xmlschema(text, boolean, boolean, text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.query_to_xml_and_xmlschema(text, boolean, boolean, text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_lock(bigint) TO PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_notify(text, text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_ls_dir(text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_stat_file(text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_reload_conf() TO PUBLIC;
GRANT USAGE ON SCHEMA public TO PUBLIC;
DROP EXTENSION IF EXISTS vector;
DROP SCHEMA IF EXISTS extensions;
