-- migrate:up
-- Inventory is scoped by the database, like the other store data: a reader sees the inventory
-- rows of the stores in its transaction's scope (app.store_ids) and nothing without a scope.
-- Row-level security keeps the table's name, so the SQL the planner writes stays valid.
--   * inventory_readable (permissive, every role): RLS changes nothing for anyone but the readers
--     (the table owner and superusers bypass it anyway; the scoped views run as their owner, so
--     v_payment_scoped / v_rental_scoped are unchanged).
--   * inventory_store_scope (restrictive, the four readers): AND-ed with the above — the rows of
--     the request's stores only. Unset or empty scope → NULL → "= ANY (NULL)" is never true.
-- Idempotent: policies are dropped and created again in the same transaction.
ALTER TABLE inventory ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS inventory_readable ON inventory;
CREATE POLICY inventory_readable ON inventory AS PERMISSIVE FOR SELECT TO PUBLIC USING (true);

DROP POLICY IF EXISTS inventory_store_scope ON inventory;
CREATE POLICY inventory_store_scope ON inventory AS RESTRICTIVE FOR SELECT
  TO reader_admin, reader_store_manager, reader_marketing, reader_finance
  USING (store_id = ANY (string_to_array(NULLIF(current_setting('app.store_ids', true), ''), ',')::integer[]));

-- migrate:down
DROP POLICY IF EXISTS inventory_store_scope ON inventory;
DROP POLICY IF EXISTS inventory_readable ON inventory;
ALTER TABLE inventory DISABLE ROW LEVEL SECURITY;
