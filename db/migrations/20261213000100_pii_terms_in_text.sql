-- migrate:up
-- The dataset export's scrubber (issue 16) read every customer's name, e-mail, street address
-- and phone through customer_pii_terms(): the app role could list all of them in one call. It
-- now learns only the terms that are already in the texts it scrubs: customer_pii_terms_in()
-- returns a term when every word of it is a word of one of `texts` (split and trimmed like
-- gateway/review/scrubber.cpp splits them, an apostrophe's tail dropped as a name's), so the
-- caller is told nothing it did not hold already. customer_pii_terms() stays the one place
-- that applies v_customer_masked's masking, callable by its owner only.
CREATE OR REPLACE FUNCTION customer_pii_terms_in(texts text[])
RETURNS TABLE (term text, kind text, replacement text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$
  WITH words AS (
    SELECT DISTINCT x.word
    FROM unnest(texts) AS t(body),
         regexp_split_to_table(lower(t.body), '[^[:alnum:]@._+''-]+') AS w(raw),
         LATERAL (VALUES (btrim(w.raw, '._+''-')),
                         (split_part(btrim(w.raw, '._+''-'), '''', 1))) AS x(word)
    WHERE x.word <> ''
  )
  SELECT p.term, p.kind, p.replacement
  FROM customer_pii_terms() AS p
  WHERE NOT EXISTS (
    SELECT 1
    FROM regexp_split_to_table(lower(p.term), '[^[:alnum:]@._+''-]+') AS tw(raw)
    WHERE btrim(tw.raw, '._+''-') <> ''
      AND btrim(tw.raw, '._+''-') NOT IN (SELECT word FROM words))
$$;
REVOKE ALL ON FUNCTION customer_pii_terms_in(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION customer_pii_terms_in(text[]) TO copilot_app;
REVOKE EXECUTE ON FUNCTION customer_pii_terms() FROM copilot_app;

-- migrate:down
GRANT EXECUTE ON FUNCTION customer_pii_terms() TO copilot_app;
DROP FUNCTION IF EXISTS customer_pii_terms_in(text[]);
