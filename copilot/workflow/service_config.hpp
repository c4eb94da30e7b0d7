// copilot/workflow/service_config.hpp — the copilot's settings, read once from the environment at
// start and validated; a missing or unsafe one stops the service with a clear message.
#pragma once

#include <cstddef>
#include <string>

namespace copilot::workflow {

struct ServiceConfig {
  std::string host = "127.0.0.1";      // COPILOT_HOST: loopback unless told otherwise
  int port = 8000;                     // COPILOT_PORT
  std::string app_database_url;        // APP_DATABASE_URL (required)
  std::string analytics_database_url;  // ANALYTICS_DATABASE_URL (required; may be a replica)
  std::string analytics_fallback_database_url;  // ANALYTICS_FALLBACK_DATABASE_URL (optional):
                                                // questions run here when the analytics database
                                                // cannot be reached; unset → they fail with 503
  int analytics_connect_timeout_s = 2;          // ANALYTICS_CONNECT_TIMEOUT_S: a connect to either
                                        // analytics URL gives up after this (unless the URL sets
                                        // connect_timeout itself)
  std::string internal_token;       // INTERNAL_TOKEN (required, ≥ 32 characters)
  int statement_timeout_ms = 5000;  // STATEMENT_TIMEOUT_MS
  size_t result_max_bytes = size_t{4} * 1024 * 1024;  // RESULT_MAX_BYTES: one result's cells
  size_t audit_queue_max = 20000;     // AUDIT_QUEUE_MAX: audit records waiting to be written
  int audit_backpressure_ms = 10000;  // AUDIT_BACKPRESSURE_MS: a request waits this long for
                                      // room in a full audit queue before its record is dropped
  int result_cache_size = 256;        // RESULT_CACHE_SIZE (0 disables)
  int result_cache_ttl_s = 60;        // RESULT_CACHE_TTL_S (0 disables)
  size_t result_cache_max_bytes = size_t{32} * 1024 * 1024;  // RESULT_CACHE_MAX_BYTES
  int plan_cache_size = 1024;  // PLAN_CACHE_SIZE: plans and guardrail verdicts (0 disables)
  std::string risk_threshold_set = "default";  // RISK_THRESHOLD_SET: rows of risk_thresholds
  int approval_ttl_s = 86400;                  // APPROVAL_TTL_S: a pending approval expires
  std::string root;                            // the repository (for the relative paths below)
  std::string
      semantic_model_path;  // SEMANTIC_MODEL_PATH, default copilot/semantic/semantic_model.json
  std::string policy_rules_path;  // POLICY_RULES_PATH, default copilot/policy/rules.json: the
                                  // seed of policy_versions, and the policy while it has none
  int policy_reload_interval_ms = 2000;  // POLICY_RELOAD_INTERVAL_MS: how often policy_versions
                                         // is polled for a newer version
  std::string rag_dir;                   // RAG_SEED_DIR, default db/seeds/rag
  int threads = 8;                       // COPILOT_THREADS (HTTP workers; pools are sized from it)
  int top_k = 5;                         // RAG_TOP_K

  // Throws common::config::ConfigError. `root` resolves relative paths.
  static ServiceConfig from_env(const std::string& root);
};

// Run on every connection of the app pool (conversations, RAG documents, audit). The app's own
// writes commit without waiting for the WAL flush: a conversation turn is visible to the next
// request as soon as it commits, and an OS crash losing the last fraction of a second of
// conversation history is an acceptable trade for one round trip per answer instead of four. The
// audit writer turns synchronous commit back on for its batches. (Shared with the benchmarks, so
// they measure the service as it runs.)
inline constexpr const char* kAppSessionSetup = "SET synchronous_commit = off";

// The repository root: COPILOT_ROOT, else the first parent of the executable (or of the working
// directory) holding copilot/policy/rules.json, else the working directory.
std::string find_root();
// `path` when absolute, else root/path.
std::string resolve(const std::string& root, const std::string& path);

}  // namespace copilot::workflow
