// copilot/risk/pg_risk_sources.hpp — the risk stage's real sources on PostgreSQL.
//
// PgExplainProbe: EXPLAIN (FORMAT JSON) of the statement through the executor of the analytics
//   database — the same connection, reader role (SET LOCAL ROLE), read-only transaction,
//   statement_timeout and store-scope setting as the statement itself would get. EXPLAIN without
//   ANALYZE plans and does not run it (see risk_scoring.hpp for the one exception, constant
//   folding, which the scorer keeps away from here). Estimates are cached per role, scope and
//   the statement's shape as the scorer gives it (shape_of in risk_scoring.hpp: the fingerprint
//   of the planner's own shapes, the exact text of anything else), for `ttl`. explained() counts
//   the EXPLAIN round trips made.
// PgThresholdSource: the rows of risk_thresholds for one threshold set (RISK_THRESHOLD_SET) of
//   each organisation, read through the app database in a transaction scoped to it, and re-read
//   every `refresh`; a role without a row, or a database that cannot be read before the first
//   load, gets the built-in defaults (30 / 60 / 90).
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "common/cache/expiring_lru.hpp"
#include "common/db/pool.hpp"
#include "common/time/clock.hpp"
#include "copilot/execution/pg_executor.hpp"
#include "copilot/risk/risk_scoring.hpp"

namespace copilot::risk {

class PgExplainProbe final : public ExplainProbe {
 public:
  PgExplainProbe(execution::PgExecutor& database, const common::Clock& clock,
                 size_t cache_size = 1024, std::chrono::seconds ttl = std::chrono::seconds(300))
      : database_(database), clock_(clock), cache_(cache_size, ttl) {}
  PlanEstimate explain(const std::string& sql, const std::string& shape, Role role,
                       const std::vector<int>& store_ids) override;
  [[nodiscard]] long explained() const { return explained_.load(); }

 private:
  execution::PgExecutor& database_;
  const common::Clock& clock_;
  common::cache::ExpiringLru<PlanEstimate> cache_;
  std::atomic<long> explained_{0};
};

// EXPLAIN (FORMAT JSON)'s output → the estimate (throws std::runtime_error when malformed).
PlanEstimate parse_explain_json(const std::string& text);

class PgThresholdSource final : public ThresholdSource {
 public:
  PgThresholdSource(common::db::ConnectionPool& pool, std::string threshold_set,
                    const common::Clock& clock,
                    std::chrono::seconds refresh = std::chrono::seconds(30))
      : pool_(pool), set_(std::move(threshold_set)), clock_(clock), refresh_(refresh) {}
  Thresholds for_role(long long org_id, Role role) override;

 private:
  struct OrgThresholds {
    std::map<std::string, Thresholds> by_role;
    std::chrono::steady_clock::time_point loaded{};
    bool ever_loaded = false;
  };
  common::db::ConnectionPool& pool_;
  std::string set_;
  const common::Clock& clock_;
  std::chrono::seconds refresh_;
  std::mutex mutex_;
  std::map<long long, OrgThresholds> by_org_;
};

}  // namespace copilot::risk
