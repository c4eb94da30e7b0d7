#include "copilot/workflow/service_config.hpp"

#include <filesystem>

#include "common/config/env.hpp"
#include "common/db/conninfo.hpp"

namespace copilot::workflow {

namespace fs = std::filesystem;
using common::config::ConfigError;
using common::config::env;
using common::config::env_int;
using common::config::env_or;

std::string resolve(const std::string& root, const std::string& path) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (fs::path(root) / path).lexically_normal().string();
}

std::string find_root() {
  if (auto root = env("COPILOT_ROOT")) return *root;
  const auto holds_repo = [](const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / "copilot" / "policy" / "rules.json", ec);
  };
  std::error_code ec;
  for (const fs::path& start :
       {fs::read_symlink("/proc/self/exe", ec).parent_path(), fs::current_path(ec)}) {
    for (fs::path dir = start; !dir.empty(); dir = dir.parent_path()) {
      if (holds_repo(dir)) return dir.string();
      if (dir == dir.parent_path()) break;
    }
  }
  return fs::current_path(ec).string();
}

ServiceConfig ServiceConfig::from_env(const std::string& root) {
  ServiceConfig c;
  c.root = root;
  c.host = env_or("COPILOT_HOST", "127.0.0.1");
  c.port = static_cast<int>(env_int("COPILOT_PORT", 8000, 1, 65535));
  const auto app = env("APP_DATABASE_URL");
  const auto analytics = env("ANALYTICS_DATABASE_URL");
  if (!app) throw ConfigError("APP_DATABASE_URL is not set (scripts/setup writes it to .env)");
  if (!analytics)
    throw ConfigError("ANALYTICS_DATABASE_URL is not set (scripts/setup writes it to .env)");
  c.app_database_url = *app;
  c.analytics_database_url = *analytics;
  c.analytics_fallback_database_url = env_or("ANALYTICS_FALLBACK_DATABASE_URL", "");
  // A string libpq cannot read would only fail at the first question: refuse it now, by name
  // (never echoing it: it holds a password).
  for (const auto& [name, url] :
       {std::pair<const char*, const std::string&>{"APP_DATABASE_URL", c.app_database_url},
        {"ANALYTICS_DATABASE_URL", c.analytics_database_url},
        {"ANALYTICS_FALLBACK_DATABASE_URL", c.analytics_fallback_database_url}}) {
    if (!url.empty() && !common::db::is_valid_conninfo(url)) {
      throw ConfigError(std::string(name) +
                        " is not a PostgreSQL connection string libpq can read "
                        "(postgresql://user:password@host:port/dbname or host=... dbname=...)");
    }
  }
  // libpq treats 1 as 2: the shortest wait it offers.
  c.analytics_connect_timeout_s =
      static_cast<int>(env_int("ANALYTICS_CONNECT_TIMEOUT_S", 2, 2, 60));
  c.internal_token = env_or("INTERNAL_TOKEN", "");
  if (c.internal_token.size() < 32) {
    throw ConfigError("INTERNAL_TOKEN must be set to a secret of at least 32 characters");
  }
  c.statement_timeout_ms = static_cast<int>(env_int("STATEMENT_TIMEOUT_MS", 5000, 100, 600000));
  c.result_max_bytes =
      static_cast<size_t>(env_int("RESULT_MAX_BYTES", 4L * 1024 * 1024, 1024, 1024L * 1024 * 1024));
  c.audit_queue_max = static_cast<size_t>(env_int("AUDIT_QUEUE_MAX", 20000, 1, 10'000'000));
  c.audit_backpressure_ms = static_cast<int>(env_int("AUDIT_BACKPRESSURE_MS", 10000, 0, 600000));
  c.result_cache_size = static_cast<int>(env_int("RESULT_CACHE_SIZE", 256, 0, 1000000));
  c.result_cache_ttl_s = static_cast<int>(env_int("RESULT_CACHE_TTL_S", 60, 0, 86400));
  c.result_cache_max_bytes = static_cast<size_t>(
      env_int("RESULT_CACHE_MAX_BYTES", 32L * 1024 * 1024, 0, 4L * 1024 * 1024 * 1024));
  c.plan_cache_size = static_cast<int>(env_int("PLAN_CACHE_SIZE", 1024, 0, 1000000));
  c.risk_threshold_set = env_or("RISK_THRESHOLD_SET", "default");
  if (c.risk_threshold_set.empty() || c.risk_threshold_set.size() > 64) {
    throw ConfigError("RISK_THRESHOLD_SET must name a set of risk_thresholds (1-64 characters)");
  }
  c.approval_ttl_s = static_cast<int>(env_int("APPROVAL_TTL_S", 86400, 1, 30L * 86400));
  c.threads = static_cast<int>(env_int("COPILOT_THREADS", 8, 1, 256));
  c.top_k = static_cast<int>(env_int("RAG_TOP_K", 5, 1, 50));
  c.semantic_model_path =
      resolve(root, env_or("SEMANTIC_MODEL_PATH", "copilot/semantic/semantic_model.json"));
  c.policy_rules_path = resolve(root, env_or("POLICY_RULES_PATH", "copilot/policy/rules.json"));
  // A saved policy must be in force within 5 s: the poll is at most every 4 s.
  c.policy_reload_interval_ms =
      static_cast<int>(env_int("POLICY_RELOAD_INTERVAL_MS", 2000, 100, 4000));
  c.rag_dir = resolve(root, env_or("RAG_SEED_DIR", "db/seeds/rag"));
  return c;
}

}  // namespace copilot::workflow
