// gateway/server/config.hpp — the gateway's settings, read once from the environment at start.
// A missing or unsafe setting (no database URL, a short or well-known JWT secret, no internal
// token) throws common::config::ConfigError and the service stops with that message.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "gateway/limits/client_address.hpp"
#include "gateway/oidc/settings.hpp"

namespace gateway {

struct Config {
  std::string host = "0.0.0.0";
  int port = 3000;
  std::string app_database_url;
  std::string jwt_secret;
  std::chrono::seconds jwt_ttl{3600};
  std::string internal_token;
  std::string copilot_url = "http://127.0.0.1:8000";
  std::chrono::milliseconds copilot_timeout{30000};
  // At most this many /run calls in flight to the copilot (COPILOT_CONNECTIONS, default 8 =
  // the copilot's COPILOT_THREADS): each kept-alive connection occupies one copilot worker, so
  // more connections than workers leave requests parked behind idle connections.
  int copilot_connections = 8;
  int threads = 64;
  int db_pool_size = 8;
  int login_per_user = 10;  // failed logins per username per window
  int login_per_ip = 30;    // login attempts per client per window
  std::chrono::seconds login_window{60};
  int ask_per_user = 60;  // asks per user per window
  std::chrono::seconds ask_window{60};
  std::chrono::milliseconds user_cache_ttl{1000};  // how long a re-checked user row is reused
  // Peers whose X-Forwarded-For is believed (TRUSTED_PROXIES; none by default): the edge and
  // the web server when they run in front of the gateway.
  limits::TrustedProxies trusted_proxies;
  int login_concurrency = 2;  // argon2id verifications at once (64 MiB each)
  // Asks one user may have in flight at once, JSON and streams alike. Per instance on purpose,
  // also behind a load balancer: the cap protects this process's threads and its share of the
  // copilot's workers from one user's burst; a shared count would add a store round trip to
  // every ask and its release, and a count lost with a crashed instance would block its user.
  int asks_in_flight_per_user = 4;
  // Where the login and ask rate limits keep their buckets (LIMITS_STORE): "memory" (this
  // process; one instance, the default), "postgres" (table rate_limit_buckets on the app
  // database, shared by every instance: what `make scale` runs) or "redis" (LIMITS_REDIS_URL;
  // kept to measure the choice again, bench/limits_store.sh). LIMITS_DB_POOL: the connections
  // of the postgres store, apart from the app pool.
  std::string limits_store = "memory";
  int limits_db_pool = 4;
  std::string limits_redis_url = "redis://127.0.0.1:6379";
  // The audit trail: records queued for the writer, how long a refusal waits for room in a
  // full queue, and refusals of unknown or expired callers (401) and of rate limits (429)
  // audited per client address per minute (the rest are counted, not written).
  size_t audit_queue = 10000;
  std::chrono::milliseconds audit_wait{2000};
  int audit_refusals_per_ip = 60;
  // GET /metrics: from loopback clients, or with `Authorization: Bearer <METRICS_TOKEN>`.
  std::string metrics_token;
  // How long "this token is not revoked" is believed before the deny-list is asked again
  // (a logout on this instance takes effect at once whatever this is).
  std::chrono::milliseconds revocation_cache{1000};
  // Connection limits (common/http/bounded_server.hpp): the whole request head, the whole body,
  // an idle kept-alive connection, connections being served per client address.
  std::chrono::milliseconds head_timeout{10000};
  std::chrono::milliseconds body_timeout{10000};
  std::chrono::milliseconds keepalive_idle{15000};
  int connections_per_ip = 32;
  // Documents (POST /api/documents): the largest upload read (DOCUMENT_MAX_BYTES, default
  // 2 MiB; bigger → 413), and pdftotext (PDFTOTEXT_PATH, PDFTOTEXT_TIMEOUT_MS) for PDFs.
  size_t document_max_bytes = size_t{2} * 1024 * 1024;
  std::string pdftotext_path = "/usr/bin/pdftotext";
  std::chrono::milliseconds pdftotext_timeout{10000};
  // Sign-in: username + password (PASSWORD_LOGIN, default true; false refuses password logins
  // with 403 password_login_disabled) and OpenID Connect (OIDC_*; off without OIDC_ISSUER).
  bool password_login = true;
  oidc::Settings oidc;
};

Config load_config();

// Empty reason when the secret is acceptable; else why it is refused.
std::string check_jwt_secret(std::string_view secret);

}  // namespace gateway
