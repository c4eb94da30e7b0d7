-- migrate:up
-- OpenID Connect sign-in (issue 17). The gateway drives the Authorization Code flow with PKCE and
-- stays the only token authority; what it must remember between the redirect to the provider and
-- the callback, what a provider's claims map to, and every sign-in attempt live here.

-- A user signed in through a provider has no password: password_hash may be NULL, and such a row
-- is tied to exactly one (issuer, subject). Password logins of such a user always fail (no hash).
ALTER TABLE app_users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE app_users ADD COLUMN IF NOT EXISTS oidc_issuer text;
ALTER TABLE app_users ADD COLUMN IF NOT EXISTS oidc_subject text;
CREATE UNIQUE INDEX IF NOT EXISTS app_users_oidc_identity_key
  ON app_users (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'app_users_password_or_oidc') THEN
    ALTER TABLE app_users ADD CONSTRAINT app_users_password_or_oidc
      CHECK (password_hash IS NOT NULL OR (oidc_issuer IS NOT NULL AND oidc_subject IS NOT NULL));
  END IF;
END
$$;

-- One row per sign-in started: the state handed to the provider, the nonce expected back in the
-- ID token and the PKCE code verifier, all random and server-side. A row is good once
-- (used_at set in the same statement that reads it) and until expires_at. Not per organisation:
-- the organisation is only known once the claims are mapped.
CREATE TABLE IF NOT EXISTS oidc_login_states (
  state          text PRIMARY KEY CHECK (length(state) BETWEEN 32 AND 128),
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  redirect_uri   text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  used_at        timestamptz
);
CREATE INDEX IF NOT EXISTS oidc_login_states_expires_idx ON oidc_login_states (expires_at);
REVOKE ALL ON oidc_login_states FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON oidc_login_states TO copilot_app;

-- The mapping from a provider's claims to our role, stores and organisation, as data. A rule
-- matches when claim = 'groups' and value is one of the token's groups, claim = 'email_domain'
-- and value is the domain of a verified email, or claim is any other claim name whose value (or
-- one of whose values) equals value. The matching rule with the lowest priority wins (ties: the
-- lowest mapping_id). No matching rule: the sign-in is refused; there is no default role.
-- Read before the organisation is known, so not under row-level security; copilot_app may only
-- read it (operators write it).
CREATE TABLE IF NOT EXISTS oidc_claim_mappings (
  mapping_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id         bigint NOT NULL REFERENCES orgs (org_id),
  claim          text NOT NULL CHECK (claim ~ '^[A-Za-z0-9_:.-]{1,64}$'),
  value          text NOT NULL CHECK (length(value) BETWEEN 1 AND 256),
  role           text NOT NULL CHECK (role IN ('admin', 'store_manager', 'marketing', 'finance')),
  is_all_stores  boolean NOT NULL DEFAULT false,
  store_ids      integer[] NOT NULL DEFAULT '{}',
  priority       integer NOT NULL DEFAULT 100,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (claim, value)
);
REVOKE ALL ON oidc_claim_mappings FROM PUBLIC;
GRANT SELECT ON oidc_claim_mappings TO copilot_app;

-- Every sign-in attempt through a provider, signed in or refused with its reason (bad_state,
-- replayed_code, bad_nonce, expired, unknown_key, alg_not_allowed, wrong_audience, unmapped, …).
-- Append-only for the app: copilot_app may insert, never change or delete. Refusals before the
-- claims are known have no organisation.
CREATE TABLE IF NOT EXISTS sign_in_events (
  event_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  method      text NOT NULL CHECK (method IN ('password', 'oidc')),
  outcome     text NOT NULL CHECK (outcome IN ('signed_in', 'refused')),
  reason      text CHECK (reason ~ '^[a-z_]{1,64}$'),
  request_id  text NOT NULL,
  client_ip   text,
  issuer      text,
  subject     text,
  username    text,
  user_id     bigint,
  org_id      bigint,
  details     jsonb
);
CREATE INDEX IF NOT EXISTS sign_in_events_at_idx ON sign_in_events (at DESC);
REVOKE ALL ON sign_in_events FROM PUBLIC;
GRANT INSERT ON sign_in_events TO copilot_app;

-- migrate:down
DROP TABLE IF EXISTS sign_in_events;
DROP TABLE IF EXISTS oidc_claim_mappings;
DROP TABLE IF EXISTS oidc_login_states;
DROP INDEX IF EXISTS app_users_oidc_identity_key;
ALTER TABLE app_users DROP CONSTRAINT IF EXISTS app_users_password_or_oidc;
ALTER TABLE app_users DROP COLUMN IF EXISTS oidc_subject;
ALTER TABLE app_users DROP COLUMN IF EXISTS oidc_issuer;
