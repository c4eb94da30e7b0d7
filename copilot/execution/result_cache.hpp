// copilot/execution/result_cache.hpp — an LRU + TTL cache in front of another executor.
//
// Key: role + scope + guardrail fingerprint + SQL (the SQL too, so that two statements with one
// fingerprint but different constants never share rows). Entries expire after `ttl`; together
// they weigh at most `max_bytes` (what their cells and column names take, roughly), so a few
// large results cannot hold the memory that `capacity` small ones would.
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
                  const common::Clock& clock, size_t max_bytes = kDefaultMaxBytes);
  static constexpr size_t kDefaultMaxBytes = size_t{32} * 1024 * 1024;  // RESULT_CACHE_MAX_BYTES
  ExecResult execute(const ExecRequest& request) override;

  [[nodiscard]] size_t size() const;
  [[nodiscard]] size_t bytes() const;
  // What a result set takes in the cache, roughly: each cell's own size and its JSON node.
  static size_t weigh(const ResultSet& result);
  static std::string key_of(const ExecRequest& request);

 private:
  SqlExecutor& inner_;
  const common::Clock& clock_;
  common::cache::ExpiringLru<ResultSet> cache_;
};

}  // namespace copilot::execution
