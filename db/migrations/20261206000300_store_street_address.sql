-- migrate:up
-- A store is also named by its street ("the Joliet Way branch"): the planner recognises stores by
-- city and street, so that a store named either way outside the asker's scope is refused rather
-- than asked about. A store's address is the business's own, not a person's (customers' and
-- staff's addresses stay unreadable: the view exposes store rows only).
CREATE OR REPLACE VIEW v_store_location AS
SELECT s.store_id, ci.city, co.country, a.address AS street_address
FROM store s
JOIN address a ON a.address_id = s.address_id
JOIN city ci ON ci.city_id = a.city_id
JOIN country co ON co.country_id = ci.country_id;

-- migrate:down
DROP VIEW IF EXISTS v_store_location;
CREATE VIEW v_store_location AS
SELECT s.store_id, ci.city, co.country
FROM store s
JOIN address a ON a.address_id = s.address_id
JOIN city ci ON ci.city_id = a.city_id
JOIN country co ON co.country_id = ci.country_id;
GRANT SELECT ON v_store_location TO reader_admin, reader_store_manager, reader_marketing,
  reader_finance, copilot_app;
