-- migrate:up
-- "How many customers flagged inactive rented from my store this month?": a customer's status
-- (customer.active) was read through v_customer_masked, which is scoped by the customer's home
-- store — so a store-1 manager's count silently left out the inactive customers registered at
-- store 2 who rented at store 1, though every other fact of those renters (city, country, home
-- store) is on the rental. The transaction views carry the renting/paying customer's status too;
-- finance, which may see no customer data, keeps its column grant without it.
CREATE OR REPLACE VIEW v_payment_scoped WITH (security_barrier = true) AS
SELECT p.payment_id,
       p.customer_id,
       p.staff_id,
       p.rental_id,
       r.inventory_id,
       i.film_id,
       i.store_id,
       p.amount,
       p.payment_date,
       ci.city AS customer_city,
       co.country AS customer_country,
       c.store_id AS customer_store_id,
       c.active AS customer_active
FROM payment p
JOIN rental r ON r.rental_id = p.rental_id
JOIN inventory i ON i.inventory_id = r.inventory_id
LEFT JOIN customer c ON c.customer_id = p.customer_id
LEFT JOIN address a ON a.address_id = c.address_id
LEFT JOIN city ci ON ci.city_id = a.city_id
LEFT JOIN country co ON co.country_id = ci.country_id
WHERE i.store_id = ANY (string_to_array(NULLIF(current_setting('app.store_ids', true), ''), ',')::integer[]);

CREATE OR REPLACE VIEW v_rental_scoped WITH (security_barrier = true) AS
SELECT r.rental_id,
       r.rental_date,
       r.return_date,
       r.inventory_id,
       i.film_id,
       i.store_id,
       r.customer_id,
       r.staff_id,
       ci.city AS customer_city,
       co.country AS customer_country,
       c.store_id AS customer_store_id,
       c.active AS customer_active
FROM rental r
JOIN inventory i ON i.inventory_id = r.inventory_id
LEFT JOIN customer c ON c.customer_id = r.customer_id
LEFT JOIN address a ON a.address_id = c.address_id
LEFT JOIN city ci ON ci.city_id = a.city_id
LEFT JOIN country co ON co.country_id = ci.country_id
WHERE i.store_id = ANY (string_to_array(NULLIF(current_setting('app.store_ids', true), ''), ',')::integer[]);


-- (Whole-view grants cover the new column; finance keeps its payment columns only.)
REVOKE SELECT ON v_payment_scoped FROM reader_finance;
GRANT SELECT (payment_id, customer_id, staff_id, rental_id, inventory_id, film_id, store_id,
              amount, payment_date)
  ON v_payment_scoped TO reader_finance;

-- migrate:down
-- A view cannot lose columns in place: recreate both as the migration before left them.
DROP VIEW v_payment_scoped;
DROP VIEW v_rental_scoped;
CREATE VIEW v_payment_scoped WITH (security_barrier = true) AS
SELECT p.payment_id,
       p.customer_id,
       p.staff_id,
       p.rental_id,
       r.inventory_id,
       i.film_id,
       i.store_id,
       p.amount,
       p.payment_date,
       ci.city AS customer_city,
       co.country AS customer_country,
       c.store_id AS customer_store_id
FROM payment p
JOIN rental r ON r.rental_id = p.rental_id
JOIN inventory i ON i.inventory_id = r.inventory_id
LEFT JOIN customer c ON c.customer_id = p.customer_id
LEFT JOIN address a ON a.address_id = c.address_id
LEFT JOIN city ci ON ci.city_id = a.city_id
LEFT JOIN country co ON co.country_id = ci.country_id
WHERE i.store_id = ANY (string_to_array(NULLIF(current_setting('app.store_ids', true), ''), ',')::integer[]);

CREATE VIEW v_rental_scoped WITH (security_barrier = true) AS
SELECT r.rental_id,
       r.rental_date,
       r.return_date,
       r.inventory_id,
       i.film_id,
       i.store_id,
       r.customer_id,
       r.staff_id,
       ci.city AS customer_city,
       co.country AS customer_country,
       c.store_id AS customer_store_id
FROM rental r
JOIN inventory i ON i.inventory_id = r.inventory_id
LEFT JOIN customer c ON c.customer_id = r.customer_id
LEFT JOIN address a ON a.address_id = c.address_id
LEFT JOIN city ci ON ci.city_id = a.city_id
LEFT JOIN country co ON co.country_id = ci.country_id
WHERE i.store_id = ANY (string_to_array(NULLIF(current_setting('app.store_ids', true), ''), ',')::integer[]);

GRANT SELECT ON v_payment_scoped, v_rental_scoped TO reader_admin, reader_store_manager;
GRANT SELECT ON v_rental_scoped TO reader_marketing;
GRANT SELECT (payment_id, customer_id, staff_id, rental_id, inventory_id, film_id, store_id,
              amount, payment_date)
  ON v_payment_scoped TO reader_finance;
