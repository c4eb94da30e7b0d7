-- migrate:up
CREATE TABLE IF NOT EXISTS app_users (
  user_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username       text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9_.-]{1,64}$'),
  password_hash  text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  role           text NOT NULL CHECK (role IN ('admin', 'store_manager', 'marketing', 'finance')),
  is_all_stores  boolean NOT NULL DEFAULT false,
  display_name   text,
  disabled       boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS app_user_store_access (
  user_id   bigint NOT NULL REFERENCES app_users (user_id) ON DELETE CASCADE,
  store_id  integer NOT NULL,
  PRIMARY KEY (user_id, store_id)
);

CREATE TABLE IF NOT EXISTS conversations (
  conversation_id  uuid PRIMARY KEY,
  user_id          bigint NOT NULL REFERENCES app_users (user_id) ON DELETE CASCADE,
  title            text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS conversations_user_idx ON conversations (user_id, updated_at DESC);

CREATE TABLE IF NOT EXISTS conversation_turns (
  turn_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_id  uuid NOT NULL REFERENCES conversations (conversation_id) ON DELETE CASCADE,
  request_id       text NOT NULL,
  question         text NOT NULL,
  status           text NOT NULL,
  intent           text,
  answer           text,
  sql              text,
  semantic_query   jsonb,
  store_id         integer,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS conversation_turns_conv_idx ON conversation_turns (conversation_id, turn_id);

-- One row per request, whatever its outcome; written by the copilot, or by the gateway for
-- requests refused or failed before the copilot answered.
CREATE TABLE IF NOT EXISTS query_audit_logs (
  request_id       text PRIMARY KEY,
  conversation_id  uuid,
  user_id          bigint,
  username         text,
  role             text,
  store_ids        integer[],
  question         text,
  status           text NOT NULL,
  error_stage      text,
  error_code       text,
  error_message    text,
  final_sql        text,
  row_count        integer,
  path             text,
  source           text NOT NULL DEFAULT 'copilot' CHECK (source IN ('copilot', 'gateway')),
  http_status      integer,
  timings          jsonb NOT NULL DEFAULT '{}'::jsonb,
  total_ms         double precision,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS query_audit_logs_created_idx ON query_audit_logs (created_at DESC);
CREATE INDEX IF NOT EXISTS query_audit_logs_status_idx ON query_audit_logs (status, created_at DESC);
CREATE INDEX IF NOT EXISTS query_audit_logs_user_idx ON query_audit_logs (username, created_at DESC);

CREATE TABLE IF NOT EXISTS query_audit_events (
  event_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id   text NOT NULL,
  seq          integer NOT NULL,
  stage        text NOT NULL,
  status       text NOT NULL,
  duration_ms  double precision NOT NULL DEFAULT 0,
  details      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS query_audit_events_request_idx ON query_audit_events (request_id, seq);

CREATE TABLE IF NOT EXISTS feedback (
  feedback_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id   text NOT NULL,
  user_id      bigint NOT NULL REFERENCES app_users (user_id) ON DELETE CASCADE,
  rating       text NOT NULL CHECK (rating IN ('up', 'down')),
  comment      text CHECK (length(comment) <= 2000),
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS approval_requests (
  approval_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id   text NOT NULL,
  user_id      bigint NOT NULL REFERENCES app_users (user_id) ON DELETE CASCADE,
  question     text NOT NULL,
  sql          text,
  reason       text,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by   bigint REFERENCES app_users (user_id),
  decided_at   timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- Retrieval documents: schema hints, metric glossary, governance rules, widget hints, examples.
-- `views` lists the views a document is about; retrieval returns a document only when the role
-- may read all of them (an empty list means it is about no restricted view).
CREATE TABLE IF NOT EXISTS rag_documents (
  doc_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  doc_key     text NOT NULL UNIQUE,
  kind        text NOT NULL CHECK (kind IN ('schema', 'metric', 'dimension', 'governance', 'widget', 'example')),
  title       text NOT NULL,
  content     text NOT NULL,
  views       text[] NOT NULL DEFAULT '{}',
  roles       text[] NOT NULL DEFAULT '{}',
  embedding   extensions.vector(384),
  embedder    text,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS rag_documents_embedding_idx
  ON rag_documents USING hnsw (embedding extensions.vector_cosine_ops);

-- migrate:down
DROP TABLE IF EXISTS rag_documents, approval_requests, feedback, query_audit_events,
  query_audit_logs, conversation_turns, conversations, app_user_store_access, app_users;
