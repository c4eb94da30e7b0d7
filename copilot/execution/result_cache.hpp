// copilot/execution/result_cache.hpp — an LRU + TTL cache in front of another executor.
//
// Key: role + scope + guardrail fingerprint + SQL (the SQL too, so that two statements with one
// fingerprint but different constants never share rows). Entries expire after `ttl`.
#pragma once

#include <chrono>
#include <string>

#include "common/cache/expiring_lru.hpp"
#include "common/time/clock.hpp"
#include "copilot/execution/executor.hpp"

namespace copilot::execution {

class CachingExecutor final : public SqlExecutor {
 public:
  CachingExecutor(SqlExecutor& inner, size_t capacity, std::chrono::seconds ttl,
                  const common::Clock& clock);
  ExecResult execute(const ExecRequest& request) override;

  [[nodiscard]] size_t size() const;
  static std::string key_of(const ExecRequest& request);

 private:
  SqlExecutor& inner_;
  const common::Clock& clock_;
  common::cache::ExpiringLru<ResultSet> cache_;
};

}  // namespace copilot::execution
