-- migrate:up
-- A store's payments and rentals come from its own customers and from customers of other stores
-- (Pagila's customers rent anywhere). "Revenue by customer country" for a store-1 manager must
-- count every store-1 payment, but v_customer_masked only shows the manager store-1 customers.
-- So the transaction views carry the paying/renting customer's city and country themselves —
-- never a name, e-mail, street address or phone. LEFT JOINs on primary keys: PostgreSQL removes
-- them from plans that do not read these columns, so other queries cost nothing extra.
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
       co.country AS customer_country
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
       co.country AS customer_country
FROM rental r
JOIN inventory i ON i.inventory_id = r.inventory_id
LEFT JOIN customer c ON c.customer_id = r.customer_id
LEFT JOIN address a ON a.address_id = c.address_id
LEFT JOIN city ci ON ci.city_id = a.city_id
LEFT JOIN country co ON co.country_id = ci.country_id
WHERE i.store_id = ANY (string_to_array(NULLIF(current_setting('app.store_ids', true), ''), ',')::integer[]);

-- Finance may see no customer data of any kind (DESIGN.md): its reader keeps the payment columns
-- and is refused the customer's city and country by the database itself.
REVOKE SELECT ON v_payment_scoped FROM reader_finance;
GRANT SELECT (payment_id, customer_id, staff_id, rental_id, inventory_id, film_id, store_id,
              amount, payment_date)
  ON v_payment_scoped TO reader_finance;

-- migrate:down
-- A view cannot lose columns in place: recreate both as they were, with their grants.
DROP VIEW v_payment_scoped;
DROP VIEW v_rental_scoped;
CREATE VIEW v_payment_scoped WITH (security_barrier = true) AS
SELECT p.payment_id, p.customer_id, p.staff_id, p.rental_id, r.inventory_id, i.film_id, i.store_id,
       p.amount, p.payment_date
FROM payment p
JOIN rental r ON r.rental_id = p.rental_id
JOIN inventory i ON i.inventory_id = r.inventory_id
WHERE i.store_id = ANY (string_to_array(NULLIF(current_setting('app.store_ids', true), ''), ',')::integer[]);
CREATE VIEW v_rental_scoped WITH (security_barrier = true) AS
SELECT r.rental_id, r.rental_date, r.return_date, r.inventory_id, i.film_id, i.store_id,
       r.customer_id, r.staff_id
FROM rental r
JOIN inventory i ON i.inventory_id = r.inventory_id
WHERE i.store_id = ANY (string_to_array(NULLIF(current_setting('app.store_ids', true), ''), ',')::integer[]);
GRANT SELECT ON v_payment_scoped, v_rental_scoped TO reader_admin, reader_store_manager;
GRANT SELECT ON v_rental_scoped TO reader_marketing;
GRANT SELECT ON v_payment_scoped TO reader_finance;
