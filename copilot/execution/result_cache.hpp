// copilot/execution/result_cache.hpp — an LRU + TTL cache in front of another executor.
//
// Key: role + scope + guardrail fingerprint + SQL (the SQL too, so that two statements with one
// fingerprint but different constants never share rows). Entries expire after `ttl`.
#pragma once

#include <chrono>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

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
  struct Entry {
    std::string key;
    ResultSet result;
    std::chrono::steady_clock::time_point expires;
  };

  SqlExecutor& inner_;
  size_t capacity_;
  std::chrono::seconds ttl_;
  const common::Clock& clock_;
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // front = most recently used
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace copilot::execution
