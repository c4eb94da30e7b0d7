-- migrate:up
-- Rate limits shared by every gateway instance (issue 18, part 1; LIMITS_STORE=postgres): one
-- token bucket per limiter and key ('login_user:alice', 'login_ip:10.0.0.7', 'ask_user:42').
-- The gateway refills and takes in ONE statement (INSERT … ON CONFLICT DO UPDATE … RETURNING,
-- gateway/limits/pg_bucket_store.cpp): the row lock of the upsert orders concurrent attempts, so
-- two gateways together can never take more than the bucket holds. The clock is the database's
-- (now()), so instances whose clocks disagree still refill one bucket at one rate.
--
--   tokens     what was left after the last attempt (capacity − taken + refilled)
--   updated_at when `tokens` was computed; never moves backwards
--   full_at    when the bucket will be full again: from then on the row says nothing that a
--              missing row does not (a missing row is a full bucket), so rows past it are pruned
--   granted    whether the last attempt took a token (what RETURNING reports)
--
-- Not per organisation (no row-level security), like revoked_tokens: the keys are usernames,
-- client addresses and user ids, and a bucket holds a number, no organisation's data.
-- Not UNLOGGED on purpose: a lockout survives a PostgreSQL restart as it survives a gateway
-- restart. The gateway's connections for this table write with synchronous_commit off (losing
-- the last fraction of a second of attempts in a crash is acceptable for a rate limit).
CREATE TABLE IF NOT EXISTS rate_limit_buckets (
  bucket      text PRIMARY KEY CHECK (length(bucket) BETWEEN 1 AND 300),
  tokens      double precision NOT NULL,
  updated_at  timestamptz NOT NULL,
  full_at     timestamptz NOT NULL,
  granted     boolean NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_limit_buckets_full_idx ON rate_limit_buckets (full_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit_buckets TO copilot_app;

-- A bucket's level now: what it held, plus what refilled since (never beyond capacity; never
-- negative time, when a later attempt waited on the row lock behind an earlier one).
CREATE OR REPLACE FUNCTION rate_limit_level(tokens double precision, updated_at timestamptz,
                                            capacity double precision,
                                            per_second double precision)
RETURNS double precision
LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT least(capacity, tokens + greatest(0, extract(epoch FROM now() - updated_at)) * per_second) $$;

-- migrate:down
DROP FUNCTION IF EXISTS rate_limit_level(double precision, timestamptz, double precision,
                                         double precision);
DROP TABLE IF EXISTS rate_limit_buckets;
