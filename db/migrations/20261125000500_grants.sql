-- migrate:up
-- Reader roles: SELECT on exactly their views and the reference tables of the role matrix
-- (DESIGN.md). Nothing on payment, rental, customer, staff, address, Pagila's views or the app's
-- tables. Column masking lives in v_customer_masked; store scope in every scoped view.
GRANT USAGE ON SCHEMA public TO reader_admin, reader_store_manager, reader_marketing,
  reader_finance, copilot_app, copilot_analytics;
GRANT USAGE ON SCHEMA extensions TO copilot_app;

GRANT SELECT ON film, film_category, category, language, actor, film_actor, inventory, store,
  city, country, v_store_location, v_data_as_of
  TO reader_admin, reader_store_manager, reader_marketing, reader_finance;

GRANT SELECT ON v_payment_scoped, v_rental_scoped, v_customer_masked
  TO reader_admin, reader_store_manager;
GRANT SELECT ON v_customer_masked, v_rental_scoped TO reader_marketing;
GRANT SELECT ON v_payment_scoped TO reader_finance;

-- The app role: its own tables, and the unscoped facts it needs (store list, as-of date).
GRANT SELECT, INSERT, UPDATE, DELETE ON app_users, app_user_store_access, conversations,
  conversation_turns, query_audit_logs, query_audit_events, feedback, approval_requests,
  rag_documents TO copilot_app;
GRANT SELECT ON store, v_store_location, v_data_as_of TO copilot_app;

-- migrate:down
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM reader_admin, reader_store_manager,
  reader_marketing, reader_finance, copilot_app;
