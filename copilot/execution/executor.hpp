// copilot/execution/executor.hpp — the boundary between the pipeline and the analytics database.
//
// In:  one validated SQL statement, the role, the store scope (validated ints), the guardrail's
//      fingerprint.
// Out: typed columns and rows as JSON, a truncated flag, whether the cache answered.
// Refuses: nothing itself — the database does (layer 5). Failures are common::Error with a clean
//      message: 504 upstream_timeout (statement_timeout), 403 policy_denied (the database refused
//      access), 503 analytics_unavailable (no connection), 502 upstream_error (anything else).
#pragma once

#include <string>
#include <vector>

#include "copilot/core/roles.hpp"
#include "copilot/core/types.hpp"

namespace copilot::execution {

inline constexpr size_t kMaxRows = 200;

struct ExecRequest {
  std::string sql;
  Role role = Role::kFinance;
  std::vector<int> store_ids;  // the request's scope; each ≥ 1
  std::string fingerprint;     // the guardrail's, for the cache key; set only for a statement
                               // the guardrail accepted (one SELECT, which the executor may wrap)
};

struct ExecResult {
  ResultSet result;
  bool cache_hit = false;
  // Which database answered: "analytics" (ANALYTICS_DATABASE_URL) or "analytics_fallback"
  // (ANALYTICS_FALLBACK_DATABASE_URL, when the first was unreachable); empty from a fake.
  std::string database;
};

class SqlExecutor {
 public:
  virtual ~SqlExecutor() = default;
  virtual ExecResult execute(const ExecRequest& request) = 0;
};

// "1,2" — built only from validated integers; throws std::invalid_argument on an id < 1.
std::string scope_setting(const std::vector<int>& store_ids);

}  // namespace copilot::execution
