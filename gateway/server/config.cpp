#include "gateway/server/config.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "common/config/env.hpp"

namespace gateway {
namespace {

using common::config::ConfigError;
using common::config::env;
using common::config::env_int;
using common::config::env_or;

std::string lowered(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return out;
}

// Secrets seen in tutorials, templates and .env.example files.
constexpr std::array<std::string_view, 20> kKnownDefaults = {
    "secret",   "changeme",        "change-me",   "change_me",    "changeit",
    "jwt",      "jwt_secret",      "jwt-secret",  "jwtsecret",    "your-secret-key",
    "password", "default",         "supersecret", "super-secret", "mysecret",
    "test",     "your_jwt_secret", "development", "insecure",     "please-change-me"};

// True when text is one of the defaults, or only repetitions of one (padding it to 32 bytes
// does not make it secret).
bool is_known_default(std::string_view secret) {
  const std::string text = lowered(secret);
  for (const auto candidate : kKnownDefaults) {
    if (text.size() % candidate.size() != 0) continue;
    bool repeated = true;
    for (size_t i = 0; i < text.size() && repeated; i += candidate.size()) {
      repeated = std::string_view(text).substr(i, candidate.size()) == candidate;
    }
    if (repeated) return true;
  }
  return false;
}

}  // namespace

std::string check_jwt_secret(std::string_view secret) {
  if (secret.empty()) return "JWT_SECRET is not set";
  if (is_known_default(secret)) return "JWT_SECRET is a well-known default value";
  if (secret.size() < 32) return "JWT_SECRET must be at least 32 bytes";
  const std::set<char> distinct(secret.begin(), secret.end());
  if (distinct.size() < 8) return "JWT_SECRET has too little variety to be a secret";
  return {};
}

Config load_config() {
  Config c;
  c.host = env_or("GATEWAY_HOST", "0.0.0.0");
  c.port = static_cast<int>(env_int("GATEWAY_PORT", 3000, 1, 65535));
  const auto url = env("APP_DATABASE_URL");
  if (!url) throw ConfigError("APP_DATABASE_URL is not set (run scripts/setup, which writes .env)");
  c.app_database_url = *url;
  c.jwt_secret = env("JWT_SECRET").value_or("");
  if (const auto why = check_jwt_secret(c.jwt_secret); !why.empty()) {
    throw ConfigError(why + ": generate one, e.g. `openssl rand -hex 32`");
  }
  c.jwt_ttl = std::chrono::seconds(env_int("JWT_TTL_S", 3600, 60, 7L * 24 * 3600));
  c.internal_token = env("INTERNAL_TOKEN").value_or("");
  if (c.internal_token.size() < 16) {
    throw ConfigError("INTERNAL_TOKEN must be set to at least 16 bytes (shared with the copilot)");
  }
  c.copilot_url = env_or("COPILOT_URL", "http://127.0.0.1:8000");
  if (c.copilot_url.rfind("http://", 0) != 0 && c.copilot_url.rfind("https://", 0) != 0) {
    throw ConfigError("COPILOT_URL must start with http:// or https://");
  }
  while (!c.copilot_url.empty() && c.copilot_url.back() == '/') c.copilot_url.pop_back();
  c.copilot_timeout = std::chrono::milliseconds(env_int("COPILOT_TIMEOUT_MS", 30000, 50, 600000));
  c.copilot_connections = static_cast<int>(env_int("COPILOT_CONNECTIONS", 8, 1, 1024));
  c.threads = static_cast<int>(env_int("GATEWAY_THREADS", 64, 4, 1024));
  c.db_pool_size = static_cast<int>(env_int("GATEWAY_DB_POOL", 8, 1, 256));
  c.login_per_user = static_cast<int>(env_int("GATEWAY_LOGIN_PER_USER", 10, 1, 1000000));
  c.login_per_ip = static_cast<int>(env_int("GATEWAY_LOGIN_PER_IP", 30, 1, 1000000));
  c.login_window = std::chrono::seconds(env_int("GATEWAY_LOGIN_WINDOW_S", 60, 1, 86400));
  c.ask_per_user = static_cast<int>(env_int("GATEWAY_ASK_PER_USER", 60, 1, 1000000000));
  c.ask_window = std::chrono::seconds(env_int("GATEWAY_ASK_WINDOW_S", 60, 1, 86400));
  c.user_cache_ttl = std::chrono::milliseconds(env_int("GATEWAY_USER_CACHE_MS", 1000, 0, 60000));
  try {
    c.trusted_proxies = limits::TrustedProxies::parse(env("TRUSTED_PROXIES").value_or(""));
  } catch (const std::invalid_argument& e) {
    throw ConfigError(std::string("TRUSTED_PROXIES: ") + e.what());
  }
  c.asks_in_flight_per_user =
      static_cast<int>(env_int("GATEWAY_ASKS_IN_FLIGHT_PER_USER", 4, 1, 1000));
  c.limits_store = env_or("LIMITS_STORE", "memory");
  if (c.limits_store != "memory" && c.limits_store != "postgres" && c.limits_store != "redis") {
    throw ConfigError("LIMITS_STORE must be memory, postgres or redis");
  }
  c.limits_db_pool = static_cast<int>(env_int("LIMITS_DB_POOL", 4, 1, 256));
  c.limits_redis_url = env_or("LIMITS_REDIS_URL", "redis://127.0.0.1:6379");
  if (c.limits_store == "redis" && !c.limits_redis_url.starts_with("redis://")) {
    throw ConfigError("LIMITS_REDIS_URL must start with redis://");
  }
  c.audit_queue = static_cast<size_t>(env_int("GATEWAY_AUDIT_QUEUE", 10000, 16, 10000000));
  c.audit_wait = std::chrono::milliseconds(env_int("GATEWAY_AUDIT_WAIT_MS", 2000, 0, 60000));
  c.audit_refusals_per_ip =
      static_cast<int>(env_int("GATEWAY_AUDIT_REFUSALS_PER_IP", 60, 1, 1000000000));
  c.metrics_token = env("METRICS_TOKEN").value_or("");
  c.password_login = common::config::env_bool("PASSWORD_LOGIN", true);
  c.oidc = oidc::load_settings();
  if (!c.metrics_token.empty() && c.metrics_token.size() < 16) {
    throw ConfigError("METRICS_TOKEN must be at least 16 bytes when set");
  }
  c.revocation_cache =
      std::chrono::milliseconds(env_int("GATEWAY_REVOCATION_CACHE_MS", 1000, 0, 60000));
  c.login_concurrency = static_cast<int>(env_int("GATEWAY_LOGIN_CONCURRENCY", 2, 1, 64));
  c.head_timeout =
      std::chrono::milliseconds(env_int("GATEWAY_HEAD_TIMEOUT_MS", 10000, 100, 600000));
  c.body_timeout =
      std::chrono::milliseconds(env_int("GATEWAY_BODY_TIMEOUT_MS", 10000, 100, 600000));
  c.keepalive_idle =
      std::chrono::milliseconds(env_int("GATEWAY_KEEPALIVE_IDLE_MS", 15000, 100, 3600000));
  c.connections_per_ip = static_cast<int>(env_int("GATEWAY_CONN_PER_IP", 32, 0, 100000));
  c.document_max_bytes =
      static_cast<size_t>(env_int("DOCUMENT_MAX_BYTES", 2L * 1024 * 1024, 1024, 64L * 1024 * 1024));
  c.pdftotext_path = env_or("PDFTOTEXT_PATH", "/usr/bin/pdftotext");
  c.pdftotext_timeout =
      std::chrono::milliseconds(env_int("PDFTOTEXT_TIMEOUT_MS", 10000, 100, 120000));
  return c;
}

}  // namespace gateway
