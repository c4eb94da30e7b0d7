-- migrate:up
-- The scope of a request is the transaction-local setting app.store_ids ('1,2'), set by the
-- copilot with SET LOCAL after SET LOCAL ROLE. Unset or empty means NULL, and "= ANY (NULL)" is
-- never true: no scope, no rows (fail closed). security_barrier keeps a caller's predicates
-- (e.g. a leaky function) from being pushed below the scope filter.

CREATE OR REPLACE VIEW v_payment_scoped WITH (security_barrier = true) AS
SELECT p.payment_id,
       p.customer_id,
       p.staff_id,
       p.rental_id,
       r.inventory_id,
       i.film_id,
       i.store_id,
       p.amount,
       p.payment_date
FROM payment p
JOIN rental r ON r.rental_id = p.rental_id
JOIN inventory i ON i.inventory_id = r.inventory_id
WHERE i.store_id = ANY (string_to_array(NULLIF(current_setting('app.store_ids', true), ''), ',')::integer[]);

CREATE OR REPLACE VIEW v_rental_scoped WITH (security_barrier = true) AS
SELECT r.rental_id,
       r.rental_date,
       r.return_date,
       r.inventory_id,
       i.film_id,
       i.store_id,
       r.customer_id,
       r.staff_id
FROM rental r
JOIN inventory i ON i.inventory_id = r.inventory_id
WHERE i.store_id = ANY (string_to_array(NULLIF(current_setting('app.store_ids', true), ''), ',')::integer[]);

-- Masked: first letter of each name, the e-mail's first letter and domain; never the street
-- address, postal code or phone.
CREATE OR REPLACE VIEW v_customer_masked WITH (security_barrier = true) AS
SELECT c.customer_id,
       c.store_id,
       left(c.first_name, 1) || '***' AS first_name_masked,
       left(c.last_name, 1) || '***' AS last_name_masked,
       CASE WHEN c.email IS NULL THEN NULL
            ELSE left(c.email, 1) || '***@' || split_part(c.email, '@', 2) END AS email_masked,
       c.active,
       c.create_date,
       ci.city,
       co.country
FROM customer c
JOIN address a ON a.address_id = c.address_id
JOIN city ci ON ci.city_id = a.city_id
JOIN country co ON co.country_id = ci.country_id
WHERE c.store_id = ANY (string_to_array(NULLIF(current_setting('app.store_ids', true), ''), ',')::integer[]);

-- Public facts about the stores themselves; not scoped.
CREATE OR REPLACE VIEW v_store_location AS
SELECT s.store_id, ci.city, co.country
FROM store s
JOIN address a ON a.address_id = s.address_id
JOIN city ci ON ci.city_id = a.city_id
JOIN country co ON co.country_id = ci.country_id;

-- The data's "now": relative time ("last month") is resolved against it, for every role.
CREATE OR REPLACE VIEW v_data_as_of AS
SELECT greatest((SELECT max(payment_date) FROM payment),
                (SELECT max(rental_date) FROM rental)) AS as_of;

-- migrate:down
DROP VIEW IF EXISTS v_data_as_of;
DROP VIEW IF EXISTS v_store_location;
DROP VIEW IF EXISTS v_customer_masked;
DROP VIEW IF EXISTS v_rental_scoped;
DROP VIEW IF EXISTS v_payment_scoped;
