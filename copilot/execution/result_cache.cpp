#include "copilot/execution/result_cache.hpp"

namespace copilot::execution {

CachingExecutor::CachingExecutor(SqlExecutor& inner, size_t capacity, std::chrono::seconds ttl,
                                 const common::Clock& clock)
    : inner_(inner), capacity_(capacity), ttl_(ttl), clock_(clock) {}

std::string CachingExecutor::key_of(const ExecRequest& request) {
  std::string key(role_name(request.role));
  key += '|';
  key += scope_setting(request.store_ids);
  key += '|';
  key += request.fingerprint;
  key += '|';
  key += request.sql;
  return key;
}

size_t CachingExecutor::size() const {
  std::lock_guard lock(mutex_);
  return lru_.size();
}

ExecResult CachingExecutor::execute(const ExecRequest& request) {
  if (capacity_ == 0 || ttl_.count() == 0) return inner_.execute(request);
  const std::string key = key_of(request);
  {
    std::lock_guard lock(mutex_);
    if (const auto it = index_.find(key); it != index_.end()) {
      if (it->second->expires > clock_.steady_now()) {
        lru_.splice(lru_.begin(), lru_, it->second);
        return {it->second->result, true};
      }
      lru_.erase(it->second);
      index_.erase(it);
    }
  }
  // Run outside the lock: a slow query must not hold up cached answers.
  ExecResult fresh = inner_.execute(request);
  fresh.cache_hit = false;
  std::lock_guard lock(mutex_);
  if (const auto it = index_.find(key); it != index_.end()) {
    lru_.erase(it->second);
    index_.erase(it);
  }
  lru_.push_front({key, fresh.result, clock_.steady_now() + ttl_});
  index_[key] = lru_.begin();
  while (lru_.size() > capacity_) {
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
  return fresh;
}

}  // namespace copilot::execution
