-- migrate:up
-- The copilot's result cap, at the source: the executor wraps a statement the guardrail accepted
-- as `SELECT r.* FROM (<statement>) r WHERE copilot_row_within(octet_length(r::text), <cap>)`,
-- so a row larger than the whole result may be (RESULT_MAX_BYTES) raises here, before a byte of
-- it is sent — the copilot never has to buffer it. The rest of the cap (many rows that add up)
-- is counted by the copilot as rows arrive. Raises SQLSTATE CP413, which the copilot reports as
-- 422 result_too_large. VOLATILE: the planner neither folds it nor moves it into the statement.
CREATE OR REPLACE FUNCTION copilot_row_within(bytes bigint, cap bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL SAFE AS $$
BEGIN
  IF bytes > cap THEN
    RAISE EXCEPTION 'a result row of % bytes is larger than the % bytes a result may hold',
      bytes, cap USING ERRCODE = 'CP413';
  END IF;
  RETURN true;
END
$$;
REVOKE ALL ON FUNCTION copilot_row_within(bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION copilot_row_within(bigint, bigint)
  TO reader_admin, reader_store_manager, reader_marketing, reader_finance;

-- migrate:down
DROP FUNCTION IF EXISTS copilot_row_within(bigint, bigint);
